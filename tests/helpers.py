"""Helpers shared by the tests: one copy of each."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from typing import NamedTuple

from nnadd.cli import main


class Ran(NamedTuple):
    """What a command-line run printed and returned, as subprocess.run reports it."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Ran:
    """`python -m nnadd ARGS`, run in this process: main() with its output captured and
    argparse's exit turned into a return code, as the shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


def run_cli_process(*args: str) -> subprocess.CompletedProcess:
    """`python -m nnadd ARGS` as its own process: for the few tests of the real command."""
    return subprocess.run(
        [sys.executable, "-m", "nnadd", *args], capture_output=True, text=True, timeout=120
    )
