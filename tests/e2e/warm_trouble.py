"""`python -m tests.e2e.warm_trouble run app.py ...`: `streamlit`, with a lesson that
goes wrong, for serve-class's warming test only (`--launcher tests.e2e.warm_trouble`).

- Step 5 raises an error while the page is drawn (its score, `nnadd.lesson_plan.trained_score`),
  so the page shows an exception element, as a bug would.
- Step 6 takes a minute to compute its runs (`nnadd.lesson_plan.compared`), longer than
  the test lets a replica warm.

Everything else is the page as it is.
"""

from __future__ import annotations

import sys
import time

from nnadd import lesson_plan

SLOW_SECONDS = 60.0


def broken_score(settings):
    raise RuntimeError("a bug in step 5, made by tests/e2e/warm_trouble.py")


def slow_runs(settings, _compared=lesson_plan.compared):
    time.sleep(SLOW_SECONDS)
    return _compared(settings)


def main() -> None:
    lesson_plan.trained_score = broken_score
    lesson_plan.compared = slow_runs

    from streamlit.web.cli import main as streamlit_main

    sys.argv[0] = "streamlit"
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
