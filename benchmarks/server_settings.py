"""Benchmark: what one Streamlit setting costs a class, measured on the server itself.

Starts `streamlit run app.py` (as `.streamlit/config.toml` sets it up) once per
setting given, in turn, round after round, and sends it the simulated students of
`benchmarks.class_load` straight to its port, without HAProxy. Every run is a Watch
run of 10,000 epochs. For each setting it prints:

- the server's CPU seconds for one class (utime + stime of its process), and the
  same less what the server spends with nobody on it over as many seconds: Streamlit
  polls its config files five times a second whatever the page does, so the class's
  own cost is the difference (the idle rate is measured on each fresh server, over
  IDLE_SECONDS, before its first class);
- the students' run seconds (request to the final table), median and max;
- the slowest student's live-chart redraws a second.

    python -m benchmarks.server_settings --setting server.fileWatcherType=auto \\
        --setting server.fileWatcherType=none [--students 1] [--classes 5] [--rounds 2]

A setting is Streamlit's own option name and a value, passed as `--name value` on
the command line; an empty --setting "" is the config file alone. Nothing is saved:
the README quotes what this prints.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import harness as h
from harness.processes import cpu_seconds, idle_rate
from harness.students import run_class

SEEDS = 100  # the students' seeds start here
IDLE_SECONDS = 10.0  # as long as one watched run


class Measured(NamedTuple):
    cpu: float  # the server's CPU seconds during the class
    idle: float  # what it spends idle in as many seconds
    runs: list[float]  # every student's run seconds
    slowest_redraws: float  # the slowest student's redraws a second


class SetServer(h.Server):
    """The page's server with one more setting on its command line (the harness's
    own server turns file watching off: here the config file decides it)."""

    def __init__(self, log_path: Path, setting: str) -> None:
        super().__init__(log_path)
        self.setting = setting

    def command(self) -> list[str]:
        command = super().command()
        at = command.index("--server.fileWatcherType")
        del command[at : at + 2]
        if self.setting:
            name, value = self.setting.split("=", 1)
            command += [f"--{name}", value]
        return command


def one_round(setting: str, students: int, classes: int, logs: Path) -> list[Measured]:
    """`classes` classes of `students` on a fresh server with `setting`."""
    server = SetServer(logs / f"server-{setting or 'config'}.log", setting)
    server.start()
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    try:
        asyncio.run(run_class(url, [1], 120))  # the first run imports and caches
        idle = idle_rate(server.process.pid, IDLE_SECONDS)  # the server's CPU a second, idle
        results = []
        for c in range(classes):
            before, began = cpu_seconds(server.process.pid), time.perf_counter()
            done, _ = asyncio.run(
                run_class(url, [SEEDS + c * students + i for i in range(students)], 120)
            )
            cpu = cpu_seconds(server.process.pid) - before
            seconds = time.perf_counter() - began
            failed = [s.error for s in done if s.error or s.run_seconds is None]
            if failed:
                raise RuntimeError(f"{setting}: {failed[:3]}")
            results.append(
                Measured(
                    cpu, idle * seconds, [s.run_seconds for s in done],
                    min(s.redraws_per_second for s in done),
                )
            )  # fmt: skip
        return results
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setting", action="append", required=True,
                        help='NAME=VALUE, e.g. runner.postScriptGC=false; "" for none')  # fmt: skip
    parser.add_argument("--students", type=int, default=1, help="students in each class")
    parser.add_argument("--classes", type=int, default=5, help="classes per round and setting")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, settings alternating")
    args = parser.parse_args()
    if any(s and "=" not in s for s in args.setting):
        parser.error("--setting takes NAME=VALUE")
    if args.students < 1 or args.classes < 1 or args.rounds < 1:
        parser.error("--students, --classes and --rounds take 1 or more")
    logs = Path(tempfile.mkdtemp(prefix="nnadd-settings-"))
    measured: dict[str, list[Measured]] = {s: [] for s in args.setting}
    for r in range(args.rounds):
        for setting in args.setting:
            results = one_round(setting, args.students, args.classes, logs)
            measured[setting] += results
            cpus = ", ".join(f"{m.cpu:.2f}" for m in results)
            print(f"round {r + 1}, {setting or 'config file'}: server CPU s {cpus}", flush=True)
    print(f"{args.students} student(s) a class, Watch, 10,000 epochs; logs in {logs}")
    for setting, results in measured.items():
        runs = [t for m in results for t in m.runs]
        print(
            f"{setting or 'config file':<32} server CPU s a class: median "
            f"{statistics.median(m.cpu for m in results):.2f}, less idle "
            f"{statistics.median(m.cpu - m.idle for m in results):.2f} (idle "
            f"{statistics.median(m.idle for m in results):.3f}); run s: median "
            f"{statistics.median(runs):.2f}, max {max(runs):.2f}; slowest redraws/s "
            f"{min(m.slowest_redraws for m in results):.1f}"
        )


if __name__ == "__main__":
    main()
