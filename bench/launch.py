"""Runs the benchmark's commands one at a time, from a process that stays small.

Linux counts a process's peak memory from the memory of the process that spawned it (the
count survives exec), and the benchmark grows as it times rebuilds in its own memory: spawned
from it, a small build would report the benchmark's size. Each line in is a JSON request,
{"arguments": [...], "env": {...}}; each line out is the JSON reply, {"seconds", "cpu",
"peak_mb", "code", "errors"}: the end of what the process wrote to stderr.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

for line in sys.stdin:
    request = json.loads(line)
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: nothing waits on a full pipe
        started = time.perf_counter()
        process = subprocess.Popen(request["arguments"], stdout=subprocess.DEVNULL, stderr=errors, env=request["env"])
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(-min(3000, errors.tell()), os.SEEK_END)
        tail = errors.read().decode(errors="replace")
    reply = {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # Linux reports kilobytes
        "code": os.waitstatus_to_exitcode(status),
        "errors": tail,
    }
    print(json.dumps(reply), flush=True)
