#!/usr/bin/env python3
"""Gloss's front door: `python build.py --help` lists the commands."""

import os
import sys

from gloss.cli import main

if __name__ == "__main__":
    code = main()
    # Every file is written and closed, every child reaped: the process ends here rather than have
    # Python free its objects one by one (17 ms after the shipped article's build, 140 ms after
    # 5,000 sections'). Only the buffered output is owed, and a reader that left (`| head`) gets
    # Python's own way out.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        sys.exit(code)
    os._exit(code)
