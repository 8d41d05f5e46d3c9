"""A 1,000,000-epoch run on Fast in a real browser: does the page stay responsive,
does Pause stop it quickly, and does the server's memory stay flat?

    python -m benchmarks.long_run [--epochs 1000000]

Starts `streamlit run app.py` on a free port and drives Debian's chromium (or the
one named by NNADD_CHROMIUM). Prints the server's resident memory over the run, the
chart's redraws per second, the time from clicking Pause to the epoch counter
standing still, and the run's total time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
# counts the live chart's redraws: Streamlit builds a new chart element for each one
COUNT_REDRAWS = """() => {
  window.__redraws = 0;
  let last = null;
  const look = () => {
    const chart = document.querySelector('.st-key-live .js-plotly-plot');
    if (chart && chart !== last) { window.__redraws++; last = chart; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}"""
EPOCH = "() => document.querySelector('.st-key-live [data-testid=stMetricValue]')?.textContent"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                if r.read() == b"ok":
                    return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1_000_000)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("NNADD_CHROMIUM", "/usr/bin/chromium"),
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/?speed=Fast&epochs={args.epochs}")
            page.wait_for_selector(READY, timeout=60_000)
            time.sleep(1)
            page.evaluate(COUNT_REDRAWS)
            memory = [rss_mib(server.pid)]
            page.get_by_role("button", name="Train", exact=True).click()
            start = time.perf_counter()
            time.sleep(3)
            memory.append(rss_mib(server.pid))
            redraws_3s = page.evaluate("window.__redraws") - 1  # not the one already there
            # Pause: how long until the epoch counter stands still?
            page.get_by_role("button", name="Pause", exact=True).click()
            clicked = time.perf_counter()
            last, still_since = page.evaluate(EPOCH), time.perf_counter()
            while time.perf_counter() - still_since < 1.0:
                now = page.evaluate(EPOCH)
                if now != last:
                    last, still_since = now, time.perf_counter()
                time.sleep(0.02)
            pause_latency = still_since - clicked
            paused_at = last
            page.wait_for_selector(READY)
            page.get_by_role("button", name="Train", exact=True).click()
            resumed = time.perf_counter()
            while True:
                memory.append(rss_mib(server.pid))
                if page.evaluate(EPOCH) == f"{args.epochs:,}":
                    break
                time.sleep(1.0)
            total = time.perf_counter() - start - (resumed - clicked)
            memory.append(rss_mib(server.pid))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print(f"epochs: {args.epochs:,} on Fast")
    print(f"redraws per second, first 3 s: {redraws_3s / 3:.1f}")
    print(f"Pause: counter still {pause_latency:.2f} s after the click (at epoch {paused_at})")
    print(f"training time, without the pause: {total:.1f} s")
    print(
        f"server memory (MiB): before {memory[0]:.0f}, median {statistics.median(memory):.0f}, "
        f"max {max(memory):.0f}, end {memory[-1]:.0f} ({len(memory)} samples)"
    )


if __name__ == "__main__":
    main()
