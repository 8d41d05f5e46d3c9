"""A 1,000,000-epoch run on Fast in a real browser: does the page stay responsive,
does Pause stop it quickly, and does the server's memory stay flat?

    python -m benchmarks.long_run [--epochs 1000000]

Starts the page and a Chromium as the e2e tests do (harness/). Prints the
server's resident memory over the run, the chart's redraws a second, the time from
clicking Pause to the epoch counter standing still, and the training time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import harness as h
from harness.processes import rss_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1_000_000)
    args = parser.parse_args()
    log = Path(tempfile.mkdtemp()) / "server.log"
    with h.running_server(log) as server, h.chromium() as browser:
        visit = h.open_visit(browser, server.url)
        page = visit.page
        h.load(page, f"{server.url}?speed=Fast&epochs={args.epochs}")
        pid = server.process.pid
        memory = [rss_mib(pid)]
        h.button(page, "Train").click()
        start = time.perf_counter()
        time.sleep(4)
        times = [t for t, _ in h.redraws(page) if t >= 0]
        memory.append(rss_mib(pid))
        # Pause: how long until the epoch counter stands still for a whole second?
        h.button(page, "Pause").click()
        clicked = time.perf_counter()
        last, still_since = h.epoch(page), time.perf_counter()
        while time.perf_counter() - still_since < 1.0:
            now = h.epoch(page)
            if now != last:
                last, still_since = now, time.perf_counter()
            time.sleep(0.02)
        pause_latency, paused_at = still_since - clicked, last
        h.wait_idle(page)
        h.button(page, "Train").click()
        resumed = time.perf_counter()
        while h.epoch(page) != args.epochs:
            memory.append(rss_mib(pid))
            time.sleep(1.0)
        training = time.perf_counter() - start - (resumed - clicked)
        memory.append(rss_mib(pid))
        errors = h.exceptions(page)
        visit.close()
    print(f"epochs: {args.epochs:,} on Fast")
    print(f"chart redraws a second while training: {h.redraws_per_second(times):.1f}")
    print(f"Pause: counter still {pause_latency:.2f} s after the click (epoch {paused_at:,})")
    print(f"training time, without the pause: {training:.1f} s")
    print(
        f"server memory (MiB): before {memory[0]:.0f}, median {statistics.median(memory):.0f}, "
        f"max {max(memory):.0f}, end {memory[-1]:.0f} ({len(memory)} samples)"
    )
    print(f"errors on the page: {len(errors)}")


if __name__ == "__main__":
    main()
