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


# ---------------------------------------------------------------- a page's state, read
# An AppTest's session state, read the way the pages keep it (nnadd/ui/session.py):
# the Playground's run in its own mapping, the lesson's in its own.


def playground_run(at) -> dict:
    """The Playground's run (nnadd.ui.run.KEYS), as an AppTest's session holds it."""
    return at.session_state["playground"]["run"]


def trainer_of(at):
    """The Playground's network on screen: its Trainer."""
    return playground_run(at)["trainer"]


def running_of(at) -> bool:
    """Whether the Playground's Train loop is to go on."""
    return bool(playground_run(at).get("running", False))


def playground_started(at) -> bool:
    """Whether the session has built the Playground's network yet."""
    return "playground" in at.session_state and "trainer" in playground_run(at)


def lesson_run(at) -> dict:
    """The lesson's watched run (nnadd.ui.run.KEYS)."""
    return at.session_state["lesson"]["run"]


def poll_tickets(at) -> dict:
    """The class polls the lesson's page opened, by step id."""
    return at.session_state["lesson"]["polls"].get("tickets", {})
