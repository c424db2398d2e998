#!/usr/bin/env python3
"""Gloss's front door: `python build.py --help` lists the commands."""

import os
import sys

from gloss.cli import main

if __name__ == "__main__":
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a file's name (PYTHONIOENCODING=ascii) gets \xe9
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = main()
    except KeyboardInterrupt:  # Ctrl-C: the staging folder is gone and the old site untouched (see gloss.write)
        print("\ninterrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # the reader left (`| head`): nothing more to say, to it or anyone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the final flush fails quietly too
        code = 141  # as a shell reports a process that SIGPIPE ended
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler, tracer or coverage writes its report as Python exits
    # Every file is written and closed, every child reaped: the process ends here rather than have
    # Python free its objects one by one (17 ms after the shipped article's build, 140 ms after
    # 5,000 sections'). Only the buffered output is owed; a stream that was closed from the start
    # (None) owes nothing, and a reader that left (`| head`) gets Python's own way out.
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)
