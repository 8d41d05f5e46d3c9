"""What a process is doing, read from Linux's /proc: alive or not, its CPU time, its
memory, its children. For the tests that check that work stops, and the benchmarks
that count what work costs."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after "pid (comm)": fields[0] is field 3 (the state)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def alive(pid: int) -> bool:
    """Whether pid runs (a zombie, dead but not yet reaped, counts as gone: it trains
    nothing)."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except FileNotFoundError:
        return False


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads). OSError if it is gone."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """The process's resident memory (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"process {pid} has no resident memory: a zombie?")


def children(pid: int) -> list[int]:
    """The process's child processes (a server's pool workers, for example)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def command_line(pid: int) -> str:
    """The process's command line, its arguments joined by spaces ("" if it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def children_cpu(pid: int) -> dict[int, float]:
    """cpu_seconds of each child process still there."""
    out = {}
    for child in children(pid):
        try:
            out[child] = cpu_seconds(child)
        except OSError:
            continue
    return out


def idle_rate(pid: int, seconds: float) -> float:
    """The process's CPU seconds a second over `seconds` with nobody asking it for
    anything (the caller makes sure of that)."""
    before = cpu_seconds(pid)
    time.sleep(seconds)  # a stretch of time is what is measured
    return (cpu_seconds(pid) - before) / seconds


def assert_cpu_settles(
    pids: Iterable[int], window: float = 0.5, most: float = 0.02, within: float = 5.0
) -> None:
    """Within `within` seconds, a window of `window` seconds passes in which no process
    of `pids` gains more than `most` seconds of CPU (one gone gains nothing):
    whatever they were working on has stopped. AssertionError, with the gains, if not.

    The window is a sleep on purpose: "no CPU used for this long" is the claim, and
    no event marks work that is not done."""
    pids = list(pids)
    deadline = time.monotonic() + within

    def now() -> dict[int, float]:
        out = {}
        for pid in pids:
            try:
                out[pid] = cpu_seconds(pid)
            except OSError:
                out[pid] = None  # gone
        return out

    while True:
        before = now()
        time.sleep(window)
        after = now()
        grew = {
            pid: round(after[pid] - before[pid], 3)
            for pid in pids
            if before[pid] is not None and after[pid] is not None
        }
        if all(gain <= most for gain in grew.values()):
            return
        assert time.monotonic() < deadline, f"CPU seconds still growing: {grew}"
