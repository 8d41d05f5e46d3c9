"""Once per server process."""

from __future__ import annotations

import gc
import threading

from nnadd.ui.streamlit_internals import bound_uploads

_frozen = threading.Event()


def freeze_loaded_objects_once() -> None:
    """Once per server process, after its first script run: move every object alive
    now (the imported libraries, which live as long as the process) out of the cyclic
    garbage collector's sight.

    A full collection's cost grows with the objects tracked: streamlit, plotly,
    pandas and SQLAlchemy are hundreds of thousands. Streamlit ran one after every
    script run and fragment run (runner.postScriptGC, now off in
    .streamlit/config.toml), and Python still runs them as objects pile up: with the
    libraries tracked, a class of phones waiting for the reveal kept a whole core busy
    collecting them again and again. Objects frozen are never collected as cycles: the
    price is that cyclic garbage of sessions alive at this moment is kept, once."""
    if not _frozen.is_set():
        _frozen.set()
        gc.freeze()


# The page has one upload, a model file of at most 64 KiB, and a person picks one file
# at a time. Streamlit keeps every upload in the server's memory until the session
# ends, under a file id the browser chooses: without a bound, one session could park a
# megabyte (server.maxUploadSize) under each of a thousand new ids.
MOST_UPLOADS_KEPT = 2  # a session's newest uploads kept; the chosen file is the newest


def bound_uploads_once(most: int = MOST_UPLOADS_KEPT) -> None:
    """Once per server process: the server keeps at most `most` uploaded files per
    session, the newest; an older one is forgotten as a newer one arrives (through
    Streamlit's upload manager: nnadd/ui/streamlit_internals.py)."""
    bound_uploads(most)
