"""Benchmark: what a phone's first visit moves over the network, and a class joining.

A phone's first visit (Chromium at 390x844, nothing cached) to the class poll's page
(`/answer?poll=CODE`, what students' phones open), the Playground (`/`) and the
lesson (`/lesson`), through `deploy/serve-class` and through two more HAProxys in
front of the same replicas, taken in turn:

- **as served**: serve-class's own HAProxy (Streamlit's files compressed once by
  serve-class with zlib, the rest by HAProxy);
- **HAProxy gzip only**: its configuration without serve-class's StaticFiles
  (everything compressed by HAProxy, whose gzip in Debian's build is libslz);
- **uncompressed**: without the compression lines either (as before issue 22).

Bytes are Chromium's own count (harness/first_load.py): each HTTP
response's `encodedDataLength` (headers and body as received) plus the websocket's
messages. It prints the bytes, the HTTP requests and the connections of each visit.

With --phones N it then lets N simulated phones, all from 127.0.0.1 (one address, as a
class behind a school's router), open the poll's page at one moment: each asks for
the same files as Chromium did (up to six connections at once, as Chromium does over
HTTP/1.1), then opens the page's websocket and waits for its script run. It prints
how many got everything, the most connections open at once, and the time taken.
tests/e2e/test_serve_class_hardening.py runs the same phones (harness/phones.py) and
asserts them.

    python -m benchmarks.first_load [--replicas 1] [--rounds 3] [--phones 40]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness as h
from harness.phones import class_joins, open_poll, statuses_seen
from harness.processes import cpu_seconds
from harness.serve_class import serve_class_module
from harness.server import wait_listening


def without_compression(config: str) -> str:
    kept = [line for line in config.splitlines() if not line.strip().startswith("compression ")]
    return "\n".join(kept) + "\n"


@contextlib.contextmanager
def another_haproxy(config: str, folder: Path):
    """HAProxy with `config`, until the block ends."""
    path = folder / f"haproxy-{time.monotonic_ns()}.cfg"
    path.write_text(config)
    process = subprocess.Popen(
        [shutil.which("haproxy"), "-db", "-f", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


# ---------------------------------------------------------------- the benchmark


def first_visits(browser, fronts: dict[str, str], pages: dict[str, str], rounds: int):
    """{(page, front): [FirstLoad, one a round]}, the fronts taken in turn."""
    seen: dict[tuple[str, str], list[h.FirstLoad]] = {}
    for _ in range(rounds):
        for page, path in pages.items():
            for front, url in fronts.items():
                seen.setdefault((page, front), []).append(h.first_load(browser, url + path))
    return seen


def joins(served, fronts, haproxys, code: str, expected: dict[str, int], n: int, rounds: int):
    """For each front, in turn, `rounds` times: n phones join the poll's page at once.
    Yields (front, Join, failures, CPU seconds of the replicas, of that front's HAProxy
    and of serve-class, which serves Streamlit's files for "as served")."""
    for _ in range(rounds):
        for front, url in fronts.items():
            pids = [r.pid for r in served.replicas], haproxys[front], served.process.pid
            before = sum(map(cpu_seconds, pids[0])), cpu_seconds(pids[1]), cpu_seconds(pids[2])
            join = class_joins(url, "answer", f"poll={code}", list(expected), n)
            after = sum(map(cpu_seconds, pids[0])), cpu_seconds(pids[1]), cpu_seconds(pids[2])
            used = [b - a for a, b in zip(before, after, strict=True)]
            yield front, join, join.failures(expected), used
            time.sleep(3)  # the phones' sessions close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phones", type=int, default=0, help="then a class of N phones")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    serve_class = serve_class_module()
    logs = Path(tempfile.mkdtemp(prefix="nnadd-first-load-"))
    print(f"{args}; logs in {logs}", flush=True)
    with h.serving_class(args.replicas, logs / "serve-class") as served, h.chromium() as browser:
        ports = [r.port for r in served.replicas]
        slz_port, plain_port = h.free_port(), h.free_port()
        slz = serve_class.haproxy_config("127.0.0.1", slz_port, ports)
        plain = without_compression(serve_class.haproxy_config("127.0.0.1", plain_port, ports))
        code = open_poll()
        pages = {"poll": f"answer?poll={code}", "Playground": "", "lesson": "lesson"}
        with (
            another_haproxy(slz, logs) as slz_haproxy,
            another_haproxy(plain, logs) as plain_haproxy,
        ):
            wait_listening(slz_port)
            wait_listening(plain_port)
            fronts = {
                "as served": served.url,
                "HAProxy gzip only": f"http://127.0.0.1:{slz_port}/",
                "uncompressed": f"http://127.0.0.1:{plain_port}/",
            }
            haproxys = {
                "as served": served.haproxy_pid,
                "HAProxy gzip only": slz_haproxy.pid,
                "uncompressed": plain_haproxy.pid,
            }
            seen = first_visits(browser, fronts, pages, args.rounds)
            print(f"{'page':<11} {'through':<18} {'MB':>6} {'of which ws':>11} {'requests':>8} "
                  f"{'connections':>11}")  # fmt: skip
            for (page, front), loads in seen.items():
                mb = statistics.median(load.total for load in loads) / 1e6
                ws = statistics.median(load.websocket_bytes for load in loads) / 1e6
                requests = statistics.median(load.requests for load in loads)
                conns = statistics.median(load.connections for load in loads)
                print(f"{page:<11} {front:<18} {mb:>6.2f} {ws:>11.3f} {requests:>8.0f} "
                      f"{conns:>11.0f}")  # fmt: skip
            print(f"(median of {args.rounds} rounds, taken in turn; MB = 10^6 bytes)", flush=True)
            if args.phones:
                expected = statuses_seen(seen[("poll", "as served")][0])
                print(f"{args.phones} phones from one address join the poll's page at once:")
                for front, join, failed, used in joins(
                    served, fronts, haproxys, code, expected, args.phones, args.rounds
                ):
                    print(
                        f"  {front:<18} {args.phones - len(failed)} got every file and ran "
                        f"the page, in {join.seconds:.1f} s; at most {join.most_connections} "
                        f"connections at once; CPU s: replicas {used[0]:.2f}, HAProxy "
                        f"{used[1]:.2f}, serve-class {used[2]:.2f}",
                        flush=True,
                    )
                    for line in failed:
                        print(f"    {line}")


if __name__ == "__main__":
    main()
