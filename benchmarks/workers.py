"""Benchmark: long Fast runs through the training pool (nnadd/workers.py) against training
in place, in the web process, as the page does today.

    python -m benchmarks.workers [--repeats 3] [--epochs 2000000 | --long] [--chunk 0.25]

(a) One run of E epochs: in place, then through a pool in chunks of `--chunk` seconds,
    each merged back as the page will do; alternating, so drift hits all alike. The
    pool should cost no more than its round trips (pickling, pipes, adopt). Its workers
    run at nice 10 and yield to anything else busy on the machine, so the same pool at
    nice 0 is timed too.
(b) Four runs of E/4 epochs: one after another in place, on one core, against all four
    at once through a pool of one worker per core, each run in its own thread as four
    sessions would be.
(c) Does the workers' lower priority (os.nice) matter? While two long runs train
    through a pool of two workers, the web process times a fixed piece of pure-Python
    work, about what a redraw costs it (a figure's worth of JSON) done many times over,
    against the same work with the workers idle.

Prints medians and ratios; the timings are of this machine, busy or not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time

from nnadd.data import article_data
from nnadd.training import MAX_RUN_EPOCHS, Trainer
from nnadd.workers import TrainingPool, adopt


def in_place(epochs: int, seed: int) -> tuple[float, Trainer]:
    trainer = Trainer.from_seed(seed)
    start = time.perf_counter()
    trainer.train(epochs)
    return time.perf_counter() - start, trainer


def pooled(
    pool: TrainingPool, epochs: int, seed: int, chunk: float, owner: str = "bench"
) -> tuple[float, Trainer, int, float]:
    """The page's loop without the drawing: submit a chunk, wait, merge, again.
    Returns the wall time, the trainer, the number of chunks and the workers' time."""
    trainer = Trainer.from_seed(seed)
    chunks, busy = 0, 0.0
    start = time.perf_counter()
    while trainer.epoch < epochs:
        receipt = pool.submit(owner, trainer, epochs - trainer.epoch, chunk)
        done = pool.result(receipt)
        adopt(trainer, done)
        chunks, busy = chunks + 1, busy + done.seconds
    return time.perf_counter() - start, trainer, chunks, busy


def warm(pool: TrainingPool) -> None:
    """Start every worker, so that no timing includes a worker's start."""
    receipts = [pool.submit("warm", Trainer.from_seed(1), MAX_RUN_EPOCHS, 0.05) for _ in range(9)]
    for receipt in receipts:
        pool.result(receipt)


def one_run(args: argparse.Namespace, pairs: int) -> None:
    print(f"(a) one run of {args.epochs:,} epochs ({args.epochs * pairs / 1e6:,.0f}M updates)")
    times: dict[str, list[float]] = {"in place": [], "nice 10": [], "nice 0": []}
    overheads, chunk_counts = [], []
    with TrainingPool(nice=10) as low, TrainingPool(nice=0) as even:
        warm(low)
        warm(even)
        for r in range(args.repeats):
            t_here, a = in_place(args.epochs, seed=r)
            times["in place"].append(t_here)
            for name, pool in (("nice 10", low), ("nice 0", even)):
                t_there, b, chunks, busy = pooled(pool, args.epochs, r, args.chunk)
                n, m = a.network, b.network
                assert (n.w1, n.w2, n.b) == (m.w1, m.w2, m.b), "the pool changed the weights"
                assert a.history.points() == b.history.points(), "the pool changed the history"
                times[name].append(t_there)
                overheads.append((t_there - busy) / chunks)
                chunk_counts.append(chunks)
    here = statistics.median(times["in place"])
    for name, runs in times.items():
        t = statistics.median(runs)
        label = name if name == "in place" else f"pool, workers at {name}"
        rate = args.epochs * pairs / t
        print(f"    {label:24} {t:7.2f} s  {rate:>12,.0f} upd/s  {t / here:.2f}x")
    print(
        f"    {statistics.median(chunk_counts):.0f} chunks of {args.chunk:g} s; outside the "
        f"workers' training, each cost {statistics.median(overheads) * 1000:.2f} ms"
    )
    print("    weights and history identical to training in place: yes")


def four_runs(args: argparse.Namespace, pairs: int) -> None:
    each = args.epochs // 4
    cores = os.cpu_count() or 1
    print(f"(b) four runs of {each:,} epochs each")
    after, together = [], []
    with TrainingPool() as pool:
        warm(pool)
        for r in range(args.repeats):
            start = time.perf_counter()
            for i in range(4):
                in_place(each, seed=10 * r + i)
            after.append(time.perf_counter() - start)
            threads = [
                threading.Thread(target=pooled, args=(pool, each, 10 * r + i, args.chunk, str(i)))
                for i in range(4)
            ]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            together.append(time.perf_counter() - start)
    t_after, t_together = statistics.median(after), statistics.median(together)
    print(f"    one after another, in place   {t_after:7.2f} s")
    print(
        f"    all at once, pool of {cores}       {t_together:7.2f} s  "
        f"{t_after / t_together:.2f}x as fast"
    )


def redraw_work(points: list) -> None:
    """About what one redraw costs the web process in pure Python: a figure's JSON."""
    json.dumps({"x": [p[0] for p in points], "y": [list(p[1:]) for p in points]})


def priority(args: argparse.Namespace) -> None:
    trainer = Trainer.from_seed(1)
    trainer.train(2000)
    points = [tuple(p) for p in trainer.history.points()]
    start = time.perf_counter()
    redraw_work(points)
    reps = max(20, int(2.0 / max(time.perf_counter() - start, 1e-4)))

    def time_work() -> float:  # the whole batch: a short task often fits in one time slice
        start = time.perf_counter()
        for _ in range(reps):
            redraw_work(points)
        return (time.perf_counter() - start) / reps

    print(f"(c) the web process's own work while two long runs train (mean of {reps})")
    results: dict[str, list[float]] = {"workers idle": [], "nice 0": [], "nice 10": []}
    for _ in range(args.repeats):
        results["workers idle"].append(time_work())
        for nice in (0, 10):
            with TrainingPool(workers=2, nice=nice) as pool:
                warm(pool)
                stop = threading.Event()

                def long_run(owner: str, pool: TrainingPool = pool, stop: threading.Event = stop):
                    trainer = Trainer.from_seed(1)
                    while not stop.is_set():
                        receipt = pool.submit(owner, trainer, MAX_RUN_EPOCHS - trainer.epoch, 0.25)
                        adopt(trainer, pool.result(receipt))

                runs = [threading.Thread(target=long_run, args=(str(i),)) for i in range(2)]
                for run in runs:
                    run.start()
                time.sleep(0.3)
                results[f"nice {nice}"].append(time_work())
                stop.set()
                for run in runs:
                    run.join()
    idle = statistics.median(results["workers idle"])
    for name, times in results.items():
        t = statistics.median(times)
        label = name if name == "workers idle" else f"2 workers busy, {name}"
        print(f"    {label:26} {t * 1000:7.2f} ms  {t / idle:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2_000_000)
    parser.add_argument("--long", action="store_true", help="10,000,000 epochs, as on the page")
    parser.add_argument("--chunk", type=float, default=0.25, help="seconds per chunk")
    args = parser.parse_args()
    if args.long:
        args.epochs = 10_000_000
    pairs = len(article_data().training)
    # other work on the machine skews every figure: say how busy it was
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; median of {args.repeats} runs")
    one_run(args, pairs)
    four_runs(args, pairs)
    priority(args)
    print(f"load {os.getloadavg()[0]:.2f} at the end (1-minute average)")


if __name__ == "__main__":
    main()
