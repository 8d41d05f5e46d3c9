"""The one door to what Streamlit and Plotly do not promise.

The page needs a few things that neither library offers in its public API. Each of
them passes through a small function here, whose docstring says which public call it
stands in for and why that call will not do. A new Streamlit or Plotly may change any
of them without a word; tests/test_streamlit_internals.py (the quick tier, no browser)
checks each against the installed versions and says in one sentence what changed.

What passes through here:

- the live chart's element (nnadd/ui/live_chart.py): `DeltaGenerator._enqueue`,
  `LayoutConfig` and the BidiComponent message, under an element id written by hand;
- Streamlit's own copy of Plotly, a chunk of its static files, which sets
  `window.Plotly` (nnadd/ui/live_chart.js draws with it, and loads it from beside
  Streamlit's entry script in ./static/js/);
- the script run's context, for the session's id (nnadd/ui/reconnect.py);
- the server's upload manager, to bound a session's uploads (nnadd/ui/process.py);
- this machine's network address, as Streamlit's "Network URL" (the phones' links);
- Plotly's figure built without validation (nnadd/ui/figures.py, poll_parts.py);
- the parts of Streamlit's page that the style sheets (nnadd/ui/*.css) and the live
  chart's script select by `data-testid` or by an `st...` class, where no key gives a
  documented `.st-key-<key>` class: TEST_IDS and CLASSES, each with its reason, checked
  against what the files select (selected_in_files).

The class poll's store (nnadd/ui/poll_store.py and its parts) needs no door: it uses
SQLAlchemy's public events only (nnadd/ui/poll_engine.py); the canary still checks the
ones it relies on. The tools outside the page import what they need themselves:
Streamlit's websocket messages (`streamlit.proto`'s BackMsg and ForwardMsg:
deploy/serve-class --warm, the browser tests' harness, the benchmarks) and its static
folder (deploy/serve-class serves it); the canary checks the fields and the folder they
rely on too.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
import threading
import weakref
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.layout_utils import LayoutConfig
from streamlit.proto.BidiComponent_pb2 import BidiComponent
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

UI = Path(__file__).parent
# Streamlit's own scripts, as its server serves them under ./static/js/
STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"

# Every private name imported above: (module, name, what nnadd does with it). The
# canary imports each and says which one is gone.
PRIVATE_IMPORTS = (
    ("streamlit.elements.lib.layout_utils", "LayoutConfig",
     "nnadd/ui/live_chart.py gives its chart the column's width with it"),
    ("streamlit.proto.BidiComponent_pb2", "BidiComponent",
     "nnadd/ui/live_chart.py sends its chart as this message"),
    ("streamlit.runtime", "Runtime",
     "nnadd/ui/process.py reaches the server's upload manager through it"),
    ("streamlit.runtime.scriptrunner", "get_script_run_ctx",
     "nnadd/ui/reconnect.py reads the session's id with it"),
)  # fmt: skip


# ---------------------------------------------------------------- the live chart's element


def element_id(name: str, key: str) -> str:
    """The id Streamlit would give a keyed element: "$$ID-", 32 hex digits, "-", the
    key. The browser reads the key back from the id (after the second "-") and keeps
    one element per id, so the same id in every message is the same chart, never
    remounted.

    Public way: none; a keyed element gets this id only through its own `st.` call,
    which the live chart cannot use (see draw_component). The 32 digits here are a hash
    of the component's name; Streamlit's own hash its arguments, which only needs to be
    the same for the same element."""
    return f"$$ID-{hashlib.sha256(name.encode()).hexdigest()[:32]}-{key}"


_STRETCH = LayoutConfig(width="stretch", height="content")


def draw_component(slot: DeltaGenerator, *, name: str, key: str, js: str, data: str) -> None:
    """Put a components-v2 element in `slot` (an `st.empty()`): the component `name`
    with its script `js`, handed the JSON text `data`, as wide as its column and as
    tall as its content, under the id element_id(name, key).

    Stands in for `st.components.v2.component(name, js=js)(data=..., key=key,
    width="stretch")`. That call registers its id as a widget, once per script run;
    the live chart redraws many times in one script run, into the same slot under the
    same id, and sends nothing back, so it needs no widget state. This sends the
    element that call would send, without the registration."""
    proto = BidiComponent()
    proto.id = element_id(name, key)
    proto.component_name = name
    proto.isolate_styles = False
    proto.js_content = js
    proto.json = data
    slot._enqueue("bidi_component", proto, layout_config=_STRETCH)


def plotly_chunk(folder: Path = STATIC_JS) -> str | None:
    """The file name of Streamlit's own Plotly chunk (its `PlotlyChart.<hash>.js`, which
    sets `window.Plotly` when loaded), relative to Streamlit's other scripts; None if
    this Streamlit has none.

    Public way: none. Streamlit loads it for `st.plotly_chart` only; the live chart's
    script loads the same file, which the browser has then cached, instead of a second
    copy of Plotly in the page (and no network at run time: no CDN)."""
    found = sorted(folder.glob("PlotlyChart.*.js"))
    return f"./{found[0].name}" if found else None


# ---------------------------------------------------------------- the session


def session_id() -> str | None:
    """This browser session's id, None outside a script run (a bare script, a thread).

    Public way: none; `st.context` has the browser's headers, cookies and address but
    not the session. The reconnect watcher needs the id: a page whose scripts saw
    another id before was moved to a new server."""
    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.session_id


def out_of_flow() -> DeltaGenerator:
    """A place for an element that shows nothing and must take no room, even for the
    moment before its script has loaded (the reconnect watcher): Streamlit's event
    container, where its toasts go, outside the page's flow.

    Public way: none. An element in the page's flow, hidden by CSS, is drawn as a
    placeholder bar until both its own script and the style sheet have loaded, which
    moved everything below it on a first visit."""
    return st._event


# ---------------------------------------------------------------- the network


def network_address(proxied: bool) -> str | None:
    """This machine's address on the local network, as Streamlit's "Network URL" names
    it; None without one, or when Streamlit listens on one address (`server.address`,
    then it prints no Network URL either) and the page came through no proxy
    (`proxied`: deploy/serve-class's HAProxy listens on the room for 127.0.0.1).

    Public way: none. `streamlit.net_util.get_internal_ip` (not public) keeps its first
    answer, 127.0.0.1 included, for the process's life: a laptop that joins the Wi-Fi
    after starting would name none all lesson. This asks as it does, afresh; the
    canary checks that both name the same address."""
    if not proxied and (st.get_option("server.address") or "") not in ("0.0.0.0", "::", ""):
        return None
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("8.8.8.8", 1))  # as net_util's: UDP, so nothing is sent
            found = ipaddress.ip_address(probe.getsockname()[0])
    except (OSError, ValueError):
        return None
    return None if found.is_loopback or found.is_unspecified else str(found)


# ---------------------------------------------------------------- uploads

_bounded: weakref.WeakSet = weakref.WeakSet()  # the upload managers already bounded
_bounding = threading.Lock()


def keep_newest_uploads(manager, most: int) -> bool:
    """Make Streamlit's upload manager keep at most `most` files per session, the
    newest: an older one is forgotten as a newer one arrives. Once per manager; returns
    whether it is bounded now (False: a manager that keeps files some other way).

    Public way: none. `st.file_uploader(max_upload_size=...)` limits the browser only,
    and `server.maxUploadSize` the size of one file, not how many a session keeps: the
    server keeps every upload, under any file id the browser names, until the session
    ends."""
    with _bounding:
        if manager in _bounded:
            return True
        if not hasattr(manager, "file_storage"):
            return False
        add_file = manager.add_file

        def add_newest(session_id, file) -> None:
            add_file(session_id, file)
            kept = list(manager.file_storage.get(session_id, {}))
            for file_id in kept[:-most]:
                manager.remove_file(session_id, file_id)

        manager.add_file = add_newest
        _bounded.add(manager)
        return True


def bound_uploads(most: int) -> None:
    """keep_newest_uploads on this server's upload manager; nothing without a server
    (AppTest and bare script runs have no upload server)."""
    if Runtime.exists():
        keep_newest_uploads(Runtime.instance().uploaded_file_mgr, most)


# ---------------------------------------------------------------- Plotly


def unchecked_figure(data: list[dict], layout: dict) -> go.Figure:
    """A Figure from plain dicts, without Plotly's validation of every property, which
    would slow every live redraw. The tests validate every builder's output instead
    (tests/test_figures.py).

    Public way: none; `go.Figure(...)` always validates (`skip_invalid` still checks
    every property, and drops what is wrong). `_validate=False` is the constructor's own
    switch, which Plotly itself uses to load its templates."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


# ---------------------------------------------------------------- the page's style

# Every data-testid the style sheets and the live chart's script select, and why no
# key does: Streamlit's own frame (no st. call makes it, so nothing takes a key), the
# inner parts of an element (a key names the element's box, not its label or value),
# and rules meant for every widget of a kind (a key would leave out the next one).
TEST_IDS = {
    "stApp": "the whole page: live_chart.js reads its background for the chart's hover",
    "stMain": "Streamlit's main area, which scrolls: its focus ring and its blocks' gaps",
    "stMainBlockContainer": "the main area's padding on phones, tablets and the lesson",
    "stHeader": "Streamlit's header: its buttons made finger-sized",
    "stSidebarCollapseButton": "the sidebar's close button, finger-sized",
    "stSidebarNav": "the pages' links in the sidebar, finger-sized",
    "stTopNavLink": "the pages' links at the top, finger-sized",
    "stHeaderActionElements": "the headings' link icons, hidden on touch screens",
    "stElementToolbar": "a table's or chart's tools, finger-sized",
    "stTooltipHoverTarget": "the help icon beside a label, finger-sized",
    "stNumberInputContainer": "every number box: its focus ring and finger-sized buttons",
    "stTextInputRootElement": "every text box: its focus ring, finger-sized",
    "stSelectbox": "every select box: its focus ring and finger-sized box",
    "stRadioOption": "each option of every radio (its label), finger-sized",
    "stCheckbox": "every checkbox's label, finger-sized",
    "stFileUploaderDropzone": "the upload's Browse button, finger-sized",
    "data-grid-canvas": "a table's grid, which takes the keyboard: its focus ring",
    "stLayoutWrapper": "the wrapper Streamlit puts around a keyed container: the lesson's "
    "screen-reader-only announcement takes its wrapper out of the page's flow",
    "stVerticalBlock": "the gaps between parts, inside keyed containers and the main area",
    "stHorizontalBlock": "the row of columns inside a keyed container (columns take no key)",
    "stColumn": "one column of such a row (columns take no key)",
    "stMetricValue": "a metric's number (metrics take no key)",
    "stMetricLabel": "a metric's label (metrics take no key)",
    "stProgress": "the progress bar, out of sight on a phone held sideways (it takes no key)",
    "stCaptionContainer": "a caption's text, 20 px in the lesson (captions take no key)",
    "stMarkdownContainer": "the words of the lesson's progress bar, for screen readers only "
    "(they are inside the bar's element, which its key would name whole)",
    "stStatusWidget": "Streamlit's running indicator and Stop, hidden on the lesson's steps",
    "stSkeleton": "the bar Streamlit draws for an element whose script has not loaded yet: "
    "step 2's guess box keeps its own height meanwhile, so nothing below it moves",
}
# Streamlit's class names the style sheets select: every button of a kind, finger-sized
# (keys name single buttons; these rules are for all of them).
CLASSES = {
    "stButton": "every button",
    "stDownloadButton": "every download button",
    "stFormSubmitButton": "every form's submit button",
    "stPopover": "every popover's button",
    "modebar-container": "Plotly's mode bar (in Plotly's chunk), hidden on touch screens",
}

_TEST_ID = re.compile(r"""data-testid=["']([^"']+)["']""")
_BASEWEB = re.compile(r"""data-baseweb=["']([^"']+)["']""")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CLASS = re.compile(r"(?<![\w-])\.([A-Za-z_][\w-]*)")
OWN_CLASSES = re.compile(r"st-key-|nnadd-")  # documented key classes, and the page's own


def style_sheets(folder: Path = UI) -> list[Path]:
    """The page's style sheets: every .css file beside the modules that inject them."""
    return sorted(folder.glob("*.css"))


def selected_in_files(folder: Path = UI) -> dict[str, set[str]]:
    """What the style sheets and the page's scripts in `folder` select of Streamlit's
    and Plotly's page: {"data-testid": ..., "data-baseweb": ..., "class": ...}; the
    documented `.st-key-*` classes and nnadd's own are left out."""
    found: dict[str, set[str]] = {"data-testid": set(), "data-baseweb": set(), "class": set()}
    for path in [*style_sheets(folder), *sorted(folder.glob("*.js"))]:
        text = path.read_text(encoding="utf-8")
        found["data-testid"].update(_TEST_ID.findall(text))
        found["data-baseweb"].update(_BASEWEB.findall(text))
        if path.suffix == ".css":
            classes = _CLASS.findall(_COMMENT.sub("", text))
            found["class"].update(c for c in classes if not OWN_CLASSES.match(c))
    return found


def style_tag(path: Path) -> str:
    """A style sheet as the HTML that `st.html` injects (style only: it takes no room)."""
    return f"<style>{path.read_text(encoding='utf-8')}</style>"
