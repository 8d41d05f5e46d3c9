"""Once per server process."""

from __future__ import annotations

import gc
import threading

_frozen = threading.Event()


def freeze_loaded_objects_once() -> None:
    """Once per server process, after its first script run: move every object alive
    now (the imported libraries, which live as long as the process) out of the cyclic
    garbage collector's sight.

    A full collection's cost grows with the objects tracked: streamlit, plotly,
    pandas and SQLAlchemy are hundreds of thousands. Streamlit ran one after every
    script run and fragment run (runner.postScriptGC, now off in
    .streamlit/config.toml), and Python still runs them as objects pile up: a class
    of 60 phones waiting for the reveal cost a whole core (96 ms a check); frozen,
    12 ms (`python -m benchmarks.poll_load --idle 30 --replicas 1`). Objects frozen
    are never collected as cycles: the price is that cyclic garbage of sessions alive
    at this moment is kept, once."""
    if not _frozen.is_set():
        _frozen.set()
        gc.freeze()
