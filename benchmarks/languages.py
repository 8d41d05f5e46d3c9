"""Benchmark: what a language costs the server. The same page runs in English and in
German, alternating, timed in this process (Streamlit's AppTest runs the page's script
as the server does, without a browser), and the median of each.

    python -m benchmarks.languages [--rounds 30]

Each round runs, in each language, the Playground after a short run (its tables,
charts and worked update drawn) and lesson steps 2 (revealed) and 5. The two
languages alternate within every round, so a noisy neighbour on the machine slows
both alike; the figure to quote is the ratio of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
LESSON = "app_pages/lesson.py"


def _opened(query: dict[str, str], page: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    if at.exception:
        raise SystemExit(f"the page failed in {query}: {at.exception}")
    return at


def pages(lang: str) -> list[AppTest]:
    """The three pages in one language, each opened and brought to what it shows."""
    playground = _opened({"lang": lang, "speed": "Fast", "epochs": "300"})
    playground.button(key="train").click().run()
    playground.button(key="step_pair").click().run()  # the worked update shows
    step_2 = _opened({"lang": lang, "step": "2"}, LESSON)
    step_2.number_input(key="lesson_guess").set_value(0.7).run()
    step_2.button(key="lesson_reveal").click().run()
    step_5 = _opened({"lang": lang, "step": "5"}, LESSON)
    return [playground, step_2, step_5]


def timed_rerun(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def measure(rounds: int) -> dict[str, float]:
    by_lang = {"en": pages("en"), "de": pages("de")}
    times: dict[str, list[float]] = {"en": [], "de": []}
    for i in range(rounds):
        order = ("en", "de") if i % 2 == 0 else ("de", "en")
        for lang in order:
            times[lang].append(sum(timed_rerun(at) for at in by_lang[lang]))
    return {lang: statistics.median(t) for lang, t in times.items()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="alternating rounds (30)")
    rounds = parser.parse_args(argv).rounds
    medians = measure(rounds)
    ratio = medians["de"] / medians["en"]
    print(f"{rounds} alternating rounds of 3 page runs (Playground after a run, steps 2, 5)")
    print(f"median server time, English: {medians['en'] * 1000:.1f} ms")
    print(f"median server time, German:  {medians['de'] * 1000:.1f} ms")
    print(f"German / English: {ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
