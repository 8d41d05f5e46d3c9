"""`python -m benchmarks.counting_streamlit run app.py ...`: `streamlit`, counting the
frames it drops. For the class load benchmark only; the page itself is unchanged.

Each session's outgoing messages wait in a ForwardMsgQueue until the server's event
loop flushes them to the websocket. A new delta for an element whose previous delta
is still waiting replaces it there, so that element's older frame is never sent: the
CPU that built it is spent for nothing. That happens when the server is too busy to
flush between two redraws. This wrapper wraps the one function that decides such a
replacement, counts each replaced delta by its element's type and key (the live
chart's keys are `chart-<n>`, the diagram's `diagram-<n>`: counted as `chart` and
`diagram`), and writes the counts as JSON to `$NNADD_DROPPED_DIR/<pid>.json` about
four times a second while they change.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections import Counter
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import forward_msg_queue

WRITE_EVERY = 0.25  # seconds
_KEY = re.compile(r"^\$\$ID-[0-9a-f]+-(.*?)(-?\d+)?$")  # user key, without a trailing number

dropped: Counter[str] = Counter()
_lock = threading.Lock()
_original = forward_msg_queue._maybe_compose_delta_msgs


def element_name(msg: ForwardMsg) -> str:
    """`plotly_chart:chart`, `metric`, `ref`: what a replaced delta would have drawn."""
    if msg.HasField("ref_hash"):
        return "ref"
    if msg.delta.WhichOneof("type") != "new_element":
        return str(msg.delta.WhichOneof("type"))
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    found = _KEY.match(getattr(getattr(element, kind), "id", "") or "")
    return f"{kind}:{found.group(1)}" if found and found.group(1) else kind


def _counting(old_msg: ForwardMsg, new_msg: ForwardMsg) -> ForwardMsg | None:
    composed = _original(old_msg, new_msg)
    if composed is not None:
        name = element_name(old_msg)
        with _lock:
            dropped[name] += 1
    return composed


def _writer(path: Path) -> None:
    written = None
    while True:
        with _lock:
            now = dict(dropped)
        if now != written:
            path.with_suffix(".tmp").write_text(json.dumps(now))
            path.with_suffix(".tmp").replace(path)
            written = now
        threading.Event().wait(WRITE_EVERY)


def main() -> None:
    forward_msg_queue._maybe_compose_delta_msgs = _counting
    folder = os.environ.get("NNADD_DROPPED_DIR")
    if folder:
        path = Path(folder) / f"{os.getpid()}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
        threading.Thread(target=_writer, args=(path,), daemon=True, name="dropped").start()

    from streamlit.web.cli import main as streamlit_main

    sys.argv[0] = "streamlit"
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
