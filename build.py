#!/usr/bin/env python3
"""Gloss's front door: `python build.py --help` lists the commands."""

import sys

from gloss.cli import main

if __name__ == "__main__":
    sys.exit(main())
