"""Benchmark: a class of N simulated students on Watch, without browsers.

Each student speaks Streamlit's own protocol, as the page's JavaScript does: a
websocket to `/_stcore/stream` with the subprotocol `streamlit`, one `BackMsg` asking
for a script run of the link `?speed=Watch&autostart=1&seed=<own seed>`, then the
`ForwardMsg` stream to the end of the run. The whole class is let go at one moment,
through `deploy/serve-class REPLICAS` (HAProxy in front of 1 or 2 replicas), and
for each N this prints:

- each student's run time: from sending the run request to the run's end marker
  (the `script_finished` message that says FINISHED_SUCCESSFULLY: the page's first
  run trains and ends with `st.rerun()`, reported as FINISHED_EARLY_FOR_RERUN, so the
  first successful finish is the rerun that draws the final table);
- each student's live-chart redraws a second during the training run: new
  `bidi_component` elements (nnadd/ui/live_chart.py; `plotly_chart` before it) whose
  delta path lies inside the container the page keys `live` (found by its
  `add_block` delta, whose block id ends in `-live`), counted as the browser tests
  count redraws (intervals between the first and the last);
- the server's CPU seconds (utime + stime of every replica, from /proc/<pid>/stat,
  before and after the class), and HAProxy's;
- the bytes sent: the sizes of every message the students received (no compression
  was negotiated, so this is what went over the loopback, less framing);
- the frames Streamlit dropped: the replicas run under `benchmarks.counting_streamlit`,
  which counts the deltas Streamlit's send queue replaced before they were sent.

Every student checks its page's final weights and epoch against
`python -m nnadd --json --seed S`, so a fast wrong run does not count.

Why a small asyncio client and not Locust: Locust measures request/response pairs
and has no websocket client of its own (plugins add one, over gevent); here what
matters is inside one long stream (which delta is a redraw, which message ends the
run), and a student is a dozen lines of `websockets` (already installed with
Streamlit, pinned in requirements-dev.txt) plus Streamlit's own protobuf classes.
One asyncio loop holds 40 students in one process with little CPU of its own, which
matters on a 2-core machine where the students share the cores with the server.

Each run's results go into docs/class-load.json (one entry per replica count, so the
two counts can be measured in two runs), and the plot docs/class-load.png is drawn
from all the entries there: a Plotly figure in headless Chromium, as the browser tests
find it (skipped, with a line, without one).

    python -m benchmarks.class_load [--students 1,5,10,25] [--replicas 1] [--port P]
                                    [--repeats 3] [--timeout 120] [--no-plot]
    python -m benchmarks.class_load --plot-only   # the table and plot of the saved results
    python -m benchmarks.class_load --cold --students 25 [--repeats 3]

With --cold (issue 22: a cold server's stampede), every round starts a fresh
serve-class, alternately cold (the class is its first visitors) and warm (one run on
each replica first, as without --cold), and it prints the slowest student's run time
of each round, their median for cold and for warm, and the ratio; not saved.

Traffic goes to 127.0.0.1 only. Every student stops at its timeout or after
WATCH_MAX_MESSAGES messages (harness/students.py), whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import harness as h
from harness.processes import cpu_seconds
from harness.students import Watcher, run_class, watcher

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "class-load.json"
PLOT = ROOT / "docs" / "class-load.png"
GOAL_SECONDS, GOAL_REDRAWS = 12.0, 4.0  # issue 12: every run within 12 s, 4 redraws/s


def dropped_counts(folder: Path) -> dict[str, int]:
    total: dict[str, int] = {}
    for path in folder.glob("*.json"):
        try:
            counts = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        for name, n in counts.items():
            total[name] = total.get(name, 0) + n
    return total


def dropped_frames(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after.get(k, 0) - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}


def check(students: list[Watcher], references: dict[int, dict]) -> None:
    """Mark each student whose last numbers are not the CLI's for its seed."""
    for s in students:
        if s.error:
            continue
        ref = references[s.seed]
        expected = dict(zip(("w1", "w2", "Bias"), h.rounded_weights(ref), strict=True))
        expected["Epoch"] = f"{ref['epochs']:,}"
        shown = {k: s.metrics.get(k) for k in expected}
        if shown != expected:
            s.error = f"the page ended at {shown}, the CLI at {expected}"


def warm_up(served: h.ServeClass, timeout: float) -> None:
    """One Fast run on each replica, straight to its port: the first run of a fresh
    process imports the page's modules and computes its cached reference run."""
    for replica in served.replicas:
        url = f"ws://127.0.0.1:{replica.port}/_stcore/stream"

        async def one(url: str = url) -> Watcher:
            go = asyncio.Event()
            go.set()
            return await watcher(url, 1, go, lambda: None, timeout)

        result = asyncio.run(one())
        if result.error:
            raise RuntimeError(f"warm-up on replica {replica.number} failed: {result.error}")


@dataclass
class Round:
    replicas: int
    students: int
    run_seconds: list[float]
    redraws_per_second: list[float]
    redraws: list[int]
    bytes: list[int]
    server_cpu: float
    haproxy_cpu: float
    client_cpu: float  # this benchmark's own CPU: the students share the cores too
    dropped: dict[str, int]
    failed: list[str]


def one_round(
    served: h.ServeClass, n: int, timeout: float, dropped_dir: Path, long_runs: int = 0
) -> Round:
    seeds = list(range(1, n + 1))
    references = h.cli_references(seeds)
    pids = [r.pid for r in served.replicas]
    ws_url = served.url.replace("http://", "ws://") + "_stcore/stream"
    cpu_before = [cpu_seconds(p) for p in pids]
    lb_before = cpu_seconds(served.haproxy_pid)
    drops_before = dropped_counts(dropped_dir)
    client_before = time.process_time()
    students, _ = asyncio.run(run_class(ws_url, seeds, timeout, long_runs))
    client_cpu = time.process_time() - client_before
    cpu_after = [cpu_seconds(p) for p in pids]
    lb_after = cpu_seconds(served.haproxy_pid)
    time.sleep(0.6)  # the counting wrapper writes its file four times a second
    drops = dropped_frames(drops_before, dropped_counts(dropped_dir))
    check(students, references)
    good = [s for s in students if not s.error]
    return Round(
        replicas=len(pids),
        students=n,
        run_seconds=[s.run_seconds for s in good],
        redraws_per_second=[s.redraws_per_second for s in good],
        redraws=[len(s.redraw_times) for s in good],
        bytes=[s.bytes for s in good],
        server_cpu=sum(cpu_after) - sum(cpu_before),
        haproxy_cpu=lb_after - lb_before,
        client_cpu=client_cpu,
        dropped=drops,
        failed=[f"seed {s.seed}: {s.error}" for s in students if s.error],
    )


# ---------------------------------------------------------------- summary, table, plot


def live_chart_drops(dropped: dict[str, int]) -> int:
    """The live chart's replaced frames: its keys are `chart-page` (the page's own draw)
    and `chart-<n>` (a draw of the training loop), counted as `chart`."""
    return sum(n for name, n in dropped.items() if name.split(":")[-1] in ("chart", "chart-page"))


def summary(rounds: list[Round]) -> dict:
    """One N's rounds pooled: every student of every repeat; server figures per round."""
    runs = [x for r in rounds for x in r.run_seconds]
    rates = [x for r in rounds for x in r.redraws_per_second]
    sent = [x for r in rounds for x in r.bytes]
    chart_drops = [live_chart_drops(r.dropped) for r in rounds]

    def med(xs):
        return statistics.median(xs) if xs else None

    return {
        "replicas": rounds[0].replicas,
        "students": rounds[0].students,
        "rounds": len(rounds),
        "run_s_median": med(runs),
        "run_s_min": min(runs, default=None),
        "run_s_max": max(runs, default=None),
        "redraws_s_median": med(rates),
        "redraws_s_min": min(rates, default=None),
        "redraws_s_max": max(rates, default=None),
        "server_cpu_s_median": med([r.server_cpu for r in rounds]),
        # everything the server did (first draw, training, final table) over the redraws
        "cpu_ms_per_redraw_median": med(
            [1000 * r.server_cpu / sum(r.redraws) for r in rounds if sum(r.redraws)]
        ),
        "haproxy_cpu_s_median": med([r.haproxy_cpu for r in rounds]),
        "client_cpu_s_median": med([r.client_cpu for r in rounds]),
        "mb_per_student_median": med(sent) / 1e6 if sent else None,
        "mb_total_median": med([sum(r.bytes) for r in rounds]) / 1e6,
        "live_chart_frames_dropped_median": med(chart_drops),
        "all_deltas_dropped_median": med([sum(r.dropped.values()) for r in rounds]),
        "dropped_per_round": [r.dropped for r in rounds],
        "failed": [f for r in rounds for f in r.failed],
        "rounds_raw": [asdict(r) for r in rounds],
    }


HEADER = (
    f"{'replicas':>8} {'students':>8}  {'run s: median (max)':>19}  "
    f"{'redraws/s: median (min)':>23}  {'server CPU s':>12}  {'ms/redraw':>9}  "
    f"{'MB sent':>7}  {'chart frames dropped':>20}  {'failed':>6}"
)


def table_row(s: dict) -> str:
    def num(x, fmt):
        return "-" if x is None else format(x, fmt)

    run = f"{num(s['run_s_median'], '.1f')} ({num(s['run_s_max'], '.1f')})"
    rate = f"{num(s['redraws_s_median'], '.1f')} ({num(s['redraws_s_min'], '.1f')})"
    return (
        f"{s['replicas']:>8} {s['students']:>8}  {run:>19}  {rate:>23}  "
        f"{num(s['server_cpu_s_median'], '.1f'):>12}  "
        f"{num(s['cpu_ms_per_redraw_median'], '.0f'):>9}  {num(s['mb_total_median'], '.0f'):>7}  "
        f"{num(s['live_chart_frames_dropped_median'], '.0f'):>20}  {len(s['failed']):>6}"
    )


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpu = model or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip()
    except OSError:
        return ""


def save(replicas: int, summaries: list[dict]) -> dict:
    """Put this run's summaries into docs/class-load.json, under its replica count and
    class size (a class size measured again replaces the old figures)."""
    try:
        saved = json.loads(RESULTS.read_text())
    except (OSError, json.JSONDecodeError):
        saved = {}
    entry = saved.setdefault(str(replicas), {"summaries": []})
    stamp = {
        "machine": machine(),
        "commit": commit(),
        "date": time.strftime("%Y-%m-%d"),
        "command": "python -m benchmarks.class_load " + " ".join(sys.argv[1:]),
        "load_average_after": round(os.getloadavg()[0], 1),
    }
    entry["machine"] = stamp["machine"]
    new = {s["students"]: {**stamp, **s} for s in summaries}
    kept = [s for s in entry["summaries"] if s["students"] not in new]
    entry["summaries"] = sorted(
        kept + [{k: v for k, v in s.items() if k != "rounds_raw"} for s in new.values()],
        key=lambda s: s["students"],
    )
    RESULTS.write_text(json.dumps(saved, indent=1) + "\n")
    return saved


def figure(saved: dict):
    """Run time and redraws a second against N, one line per replica count, with each
    N's range (min to max over every student) as error bars and the goals dashed."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.12,
        subplot_titles=("Run time of a Watch run (s)", "Live-chart redraws a second"),
    )
    colours = {"1": "#c2410c", "2": "#1d4ed8"}
    for replicas, entry in sorted(saved.items()):
        rows = [s for s in entry["summaries"] if s["run_s_median"] is not None]
        n = [s["students"] for s in rows]
        name = f"{replicas} replica" + ("s" if replicas != "1" else "")
        for col, (key, low, high) in enumerate(
            (("run_s_median", "run_s_min", "run_s_max"),
             ("redraws_s_median", "redraws_s_min", "redraws_s_max")),
            start=1,
        ):  # fmt: skip
            mid = [s[key] for s in rows]
            fig.add_trace(
                go.Scatter(
                    x=n,
                    y=mid,
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=col == 1,
                    line={"color": colours.get(replicas, "#111827"), "width": 3},
                    marker={"size": 9},
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": [s[high] - m for s, m in zip(rows, mid, strict=True)],
                        "arrayminus": [m - s[low] for s, m in zip(rows, mid, strict=True)],
                        "thickness": 1.5,
                    },
                ),
                row=1,
                col=col,
            )
    for col, goal, words, where in (
        (1, GOAL_SECONDS, "goal: within 12 s", "top left"),
        (2, GOAL_REDRAWS, "goal: at least 4 a second", "bottom right"),
    ):
        fig.add_hline(
            y=goal, line_dash="dash", line_color="#6b7280", row=1, col=col,
            annotation_text=words, annotation_position=where,
        )  # fmt: skip
    fig.update_xaxes(title_text="students at once (N)", rangemode="tozero")
    fig.update_yaxes(rangemode="tozero")
    entry = next(iter(saved.values()))
    fig.update_layout(
        template="plotly_white",
        width=1100,
        height=460,
        margin={"l": 60, "r": 30, "t": 70, "b": 60},
        font={"size": 15, "family": "DejaVu Sans, Arial, sans-serif"},
        title={"text": f"A class on Watch, simulated students: {entry['machine']}", "x": 0.5},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.2},
    )
    return fig


def plot(saved: dict, path: Path = PLOT) -> str:
    """Render the figure in headless Chromium and screenshot it to `path`."""
    from playwright.sync_api import sync_playwright

    html = figure(saved).to_html(include_plotlyjs=True, full_html=True)  # no CDN
    with tempfile.TemporaryDirectory(prefix="nnadd-plot-") as tmp:
        page_file = Path(tmp) / "class-load.html"
        page_file.write_text(html)
        with sync_playwright() as playwright:
            try:
                chromium = h.find_browser(playwright)
            except (h.BrowserNotFound, h.BrowserMisnamed) as missing:
                return f"no plot: {missing}"
            browser = h.launch_browser(playwright, chromium)
            try:
                page = browser.new_page(viewport={"width": 1140, "height": 500})
                page.goto(page_file.as_uri())
                page.wait_for_selector(".js-plotly-plot .main-svg")
                page.locator(".js-plotly-plot").first.screenshot(path=path)
            finally:
                browser.close()
    return f"plot: {path.relative_to(ROOT)}"


def cold_and_warm(args: argparse.Namespace, sizes: list[int], logs: Path) -> None:
    """Each class size on fresh servers, cold and warm in turn, `args.repeats` times."""
    env = {"NNADD_DROPPED_DIR": str(logs / "dropped"), "NNADD_POOL": "0" if args.no_pool else "1"}
    for n in sizes:
        slowest: dict[str, list[float]] = {"cold": [], "warm": []}
        for r in range(args.repeats):
            for how in ("cold", "warm") if r % 2 == 0 else ("warm", "cold"):
                with h.serving_class(
                    args.replicas, logs / f"{n}-{r}-{how}", port=args.port,
                    launcher="benchmarks.counting_streamlit", env=env,
                ) as served:  # fmt: skip
                    if how == "warm":
                        warm_up(served, args.timeout)
                    done = one_round(served, n, args.timeout, logs / "dropped")
                for failure in done.failed:
                    print(f"  failed: {failure}", flush=True)
                runs = done.run_seconds
                slowest[how].append(max(runs) if len(runs) == n else float("inf"))
                print(
                    f"{n} students, round {r + 1}, {how}: slowest {slowest[how][-1]:.1f} s, "
                    f"median {statistics.median(runs) if runs else float('nan'):.1f} s, "
                    f"server CPU {done.server_cpu:.1f} s",
                    flush=True,
                )
        cold, warm = (statistics.median(slowest[k]) for k in ("cold", "warm"))
        print(
            f"{n} students on {args.replicas} replica(s), the slowest run: cold {cold:.1f} s, "
            f"warm {warm:.1f} s (medians of {args.repeats} rounds); cold / warm = "
            f"{cold / warm:.2f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", default="1,5,10,25", help="class sizes, comma-separated")
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1)
    parser.add_argument("--port", type=int, help="the balancer's port (replicas take the next)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds per class size")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per student")
    parser.add_argument("--no-plot", action="store_true", help="do not draw the PNG")
    parser.add_argument(
        "--plot-only", action="store_true", help="measure nothing: print and draw the saved results"
    )
    parser.add_argument(
        "--long-runs", type=int, default=0,
        help="students beside the class who each start 10,000,000 epochs on Fast "
        "(issue 14's fair share; results are printed, not saved)",
    )  # fmt: skip
    parser.add_argument(
        "--no-pool", action="store_true",
        help="train everything in the web process (NNADD_POOL=0), to compare",
    )  # fmt: skip
    parser.add_argument(
        "--cold", action="store_true",
        help="a fresh server every round, cold and warm in turn (results printed, not saved)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.plot_only:
        saved = json.loads(RESULTS.read_text())
        print(HEADER)
        for _, entry in sorted(saved.items()):
            for s in entry["summaries"]:
                print(table_row(s))
        print(plot(saved))
        return
    # SIGTERM ends the run like Ctrl+C, so that serve-class is stopped on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [int(x) for x in args.students.split(",") if x.strip()]
    if not sizes or min(sizes) < 1 or max(sizes) > 200 or args.repeats < 1:
        parser.error("--students takes class sizes from 1 to 200; --repeats at least 1")

    logs = Path(tempfile.mkdtemp(prefix="nnadd-class-load-"))
    dropped_dir = logs / "dropped"
    print(f"{machine()}; commit {commit()}; {args}; logs in {logs}", flush=True)
    print(f"load average before: {os.getloadavg()[0]:.1f} (other work on the machine)")
    if args.cold:
        cold_and_warm(args, sizes, logs)
        return
    summaries = []
    with h.serving_class(
        args.replicas,
        logs,
        port=args.port,
        launcher="benchmarks.counting_streamlit",
        env={"NNADD_DROPPED_DIR": str(dropped_dir), "NNADD_POOL": "0" if args.no_pool else "1"},
    ) as served:
        warm_up(served, args.timeout)
        print(HEADER, flush=True)
        for n in sizes:
            rounds = []
            for _ in range(args.repeats):
                rounds.append(one_round(served, n, args.timeout, dropped_dir, args.long_runs))
                for failure in rounds[-1].failed:
                    print(f"  failed: {failure}", flush=True)
                time.sleep(2)  # let the server finish closing the sessions
            summaries.append(summary(rounds))
            print(table_row(summaries[-1]), flush=True)
            if served.status() != "running":
                raise RuntimeError(f"serve-class {served.status()}:\n{served.output()}")
    print(
        f"(run s and redraws/s over every student of {args.repeats} rounds; server CPU s, "
        f"ms/redraw (server CPU over every live-chart redraw sent) and MB sent: median "
        f"per round, all students together; chart frames dropped: live-chart deltas "
        f"Streamlit replaced before sending, median per round)"
    )
    if args.long_runs or args.no_pool:
        pool = "without the pool" if args.no_pool else "with the pool"
        print(f"(beside {args.long_runs} students running 10,000,000 epochs on Fast, {pool}:")
        print(" not saved: docs/class-load.json holds the class alone)")
        return
    saved = save(args.replicas, summaries)
    print(f"results: {RESULTS.relative_to(ROOT)}")
    if not args.no_plot:
        print(plot(saved))


if __name__ == "__main__":
    main()
