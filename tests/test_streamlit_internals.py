"""The canary: everything nnadd relies on that Streamlit, Plotly and SQLAlchemy do not
promise, checked against the installed versions in a few seconds, without a browser.

nnadd/ui/streamlit_internals.py is the one door to those internals. After an upgrade,
each check here fails with one sentence that says what changed and which part of the
page depends on it, where otherwise only a 15-minute browser run (or a class) would
notice. Each check is a function of what it inspects, so that the tests at the end of
this file can show it fail, on a stand-in, with its sentence.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import ipaddress
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest
import sqlalchemy as sa
from streamlit.delta_generator import DeltaGenerator
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.BidiComponent_pb2 import BidiComponent
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.testing.v1 import AppTest

from nnadd.ui import live_chart, poll_engine
from nnadd.ui import streamlit_internals as door

ROOT = Path(__file__).resolve().parent.parent
STATIC = door.STATIC_JS.parent.parent  # Streamlit's static folder: index.html, static/js/


@functools.cache
def bundle(folder: Path = door.STATIC_JS) -> str:
    """Streamlit's frontend: every script in its static folder, as one text."""
    scripts = sorted(folder.glob("*.js"))
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in scripts)


def in_bundle(name: str, text: str) -> bool:
    """Whether the minified scripts hold `name` as a whole string literal."""
    return any(f"{q}{name}{q}" in text for q in "`\"'")


def need(condition: object, sentence: str) -> None:
    """Fail with `sentence` alone (a bare assert would add the whole bundle to it)."""
    if not condition:
        raise AssertionError(sentence)


def who_selects(name: str, folder: Path = door.UI) -> str:
    """ "nnadd/ui/a.css selects", "nnadd/ui/a.css and nnadd/ui/b.css select": the files
    of the page that select `name`, for the sentence."""
    files = [*door.style_sheets(folder), *sorted(folder.glob("*.js"))]
    found = [f"nnadd/ui/{p.name}" for p in files if name in p.read_text(encoding="utf-8")]
    return f"{' and '.join(found) or 'the page'} select{'s' if len(found) < 2 else ''}"


# ---------------------------------------------------------------- the checks


def check_private_imports(table) -> None:
    for module, name, why in table:
        try:
            found = hasattr(__import__(module, fromlist=[name]), name)
        except ImportError:
            found = False
        need(found, f"Streamlit no longer has {module}.{name}; {why}.")


def check_enqueue(cls) -> None:
    method = getattr(cls, "_enqueue", None)
    params = list(inspect.signature(method).parameters) if method else []
    need(
        params[1:3] == ["delta_type", "element_proto"] and "layout_config" in params,
        "Streamlit no longer has DeltaGenerator._enqueue(delta_type, element_proto, "
        f"layout_config=...) (it has {params or 'none'}); nnadd/ui/live_chart.py sends "
        "its chart through it (streamlit_internals.draw_component).",
    )


def check_messages(element=Element, component=BidiComponent) -> None:
    field = element.DESCRIPTOR.fields_by_name.get("bidi_component")
    need(
        field is not None and field.message_type.name == "BidiComponent",
        "Streamlit's Element message no longer has a bidi_component; nnadd/ui/live_chart.py "
        "sends its chart as one (streamlit_internals.draw_component).",
    )
    used = ("id", "component_name", "isolate_styles", "js_content", "json")
    gone = [f for f in used if f not in component.DESCRIPTOR.fields_by_name]
    need(
        not gone,
        f"Streamlit's BidiComponent message no longer has {', '.join(gone)}; "
        "streamlit_internals.draw_component fills them for the live chart.",
    )


def check_element_id(ours: str, theirs: str, key: str, key_of) -> None:
    shape = re.compile(r"^(\$\$[A-Z]+)-([0-9a-f]+)-(.*)$", re.S)
    a, b = shape.match(ours), shape.match(theirs)
    same = (
        a is not None and b is not None and a[1] == b[1] and len(a[2]) == len(b[2])
        and key_of(ours) == key_of(theirs) == key
    )  # fmt: skip
    need(
        same,
        f"Streamlit writes a keyed element's id as {theirs!r} now, and nnadd/ui/live_chart.py "
        f"writes {ours!r} by hand (streamlit_internals.element_id): the browser may no "
        "longer keep one live chart for the session.",
    )


def check_plotly_chunk(folder: Path) -> None:
    chunk = door.plotly_chunk(folder)
    need(
        chunk is not None,
        f"Streamlit's static folder ({folder}) has no PlotlyChart.*.js any more; "
        "nnadd/ui/live_chart.js loads Streamlit's own Plotly from it.",
    )
    text = (folder / chunk).read_text(encoding="utf-8", errors="replace")
    need(
        "window.Plotly=" in text,
        f"Streamlit's Plotly chunk ({chunk}) no longer sets window.Plotly; "
        "nnadd/ui/live_chart.js draws the live chart with window.Plotly.",
    )
    for function in ("react", "extendTraces", "relayout"):
        need(
            function in text,
            f"Streamlit's Plotly chunk ({chunk}) has no Plotly.{function} any more; "
            "nnadd/ui/live_chart.js draws and extends the live chart with it.",
        )


def check_entry_script(static: Path) -> None:
    page = (static / "index.html").read_text(encoding="utf-8")
    found = re.search(r"<script\b[^>]*type=\"module\"[^>]*src=\"\./static/js/", page)
    need(
        found,
        "Streamlit's page no longer loads its script as a module from ./static/js/; "
        "nnadd/ui/live_chart.js finds Streamlit's Plotly chunk beside that script, and "
        "deploy/serve-class serves Streamlit's static folder under /static/.",
    )


def check_selectors(
    selected: dict[str, set[str]], text: str, plotly_text: str, folder: Path = door.UI
) -> None:
    for test_id in sorted(selected["data-testid"]):
        need(
            in_bundle(test_id, text),
            f'Streamlit\'s page has no data-testid "{test_id}" any more; '
            f"{who_selects(test_id, folder)} it ({door.TEST_IDS.get(test_id, 'unlisted')}).",
        )
    for value in sorted(selected["data-baseweb"]):
        need(
            "data-baseweb" in text and in_bundle(value, text),
            f'Streamlit\'s page has no data-baseweb="{value}" any more; '
            f"{who_selects(value, folder)} it: that rule does nothing now.",
        )
    for name in sorted(selected["class"]):
        where = plotly_text if not name.startswith("st") else text
        need(
            in_bundle(name, where) or in_bundle(f".{name}", where),
            f"{'Plotly' if where is plotly_text else 'Streamlit'}'s page has no class "
            f'"{name}" any more; {who_selects(name, folder)} it ({door.CLASSES.get(name)}).',
        )
    need(
        "st-key-" in text,
        "Streamlit no longer gives a keyed element the class st-key-<key>; every .st-key- "
        "rule of nnadd/ui/*.css does nothing now.",
    )


def check_listed(
    selected: dict[str, set[str]], test_ids: dict, classes: dict, folder: Path = door.UI
) -> None:
    for kind, listed, name in (("data-testid", test_ids, "TEST_IDS"),
                               ("class", classes, "CLASSES")):  # fmt: skip
        for unlisted in sorted(selected[kind] - set(listed)):
            need(
                False,
                f"{who_selects(unlisted, folder)} the {kind} {unlisted!r}, which "
                f"nnadd/ui/streamlit_internals.py's {name} does not list with its reason.",
            )
        for stale in sorted(set(listed) - selected[kind]):
            need(
                False,
                f"nnadd/ui/streamlit_internals.py's {name} lists the {kind} {stale!r}, which "
                "no style sheet or script of the page selects any more.",
            )


def check_unchecked_figure(make) -> None:
    odd = [{"type": "scatter", "line": {"color": "not a colour"}}]
    with pytest.raises(ValueError):
        go.Figure({"data": odd, "layout": {}})  # validated: refused
    try:
        make(odd, {})
    except (TypeError, ValueError) as error:
        raise AssertionError(
            "Plotly no longer builds a figure unchecked with go.Figure(..., _validate=False) "
            f"({type(error).__name__}); nnadd/ui/figures.py builds every live redraw's "
            "figure so, which costs 10 to 30 ms more otherwise (streamlit_internals."
            "unchecked_figure)."
        ) from None


def check_uploads(manager, most: int = 2) -> None:
    bounded = door.keep_newest_uploads(manager, most)
    storage = getattr(manager, "file_storage", None)
    need(
        bounded and storage is not None,
        "Streamlit's upload manager no longer keeps a session's files in file_storage; "
        "nnadd/ui/process.py bounds a session's uploads through it "
        "(streamlit_internals.keep_newest_uploads).",
    )
    for n in range(most + 2):
        upload = UploadedFileRec(f"f{n}", f"m{n}.json", "application/json", b"{}")
        manager.add_file("session", upload)
    kept = sorted(storage.get("session", {}))
    need(
        kept == [f"f{n}" for n in range(2, most + 2)],
        f"Streamlit's upload manager kept {kept} of four uploads where nnadd keeps the "
        f"newest {most}: add_file, remove_file or file_storage changed, and "
        "nnadd/ui/process.py's bound on a session's uploads no longer holds.",
    )


def check_sqlite_prepared(engine) -> None:
    poll_engine.prepare(poll_engine.prepare(engine))  # the page may prepare an engine twice
    need(
        sa.event.contains(engine, "begin", poll_engine._on_begin),
        "SQLAlchemy's event.contains no longer tells that the poll store's listener is "
        "on the engine (nnadd/ui/poll_engine.py prepare).",
    )
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS canary (n INTEGER)")
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    except (sa.exc.SQLAlchemyError, sqlite3.Error) as error:
        raise AssertionError(
            "A SQLite engine prepared twice for the class poll can no longer write "
            f"({str(error).splitlines()[0]}): SQLAlchemy's 'connect' or 'begin' event, or "
            "event.contains, changed (nnadd/ui/poll_engine.py prepare)."
        ) from None
    need(
        mode == "wal",
        f"The class poll's SQLite file is in {mode} mode, not WAL: SQLAlchemy's "
        "'connect' event no longer reaches nnadd/ui/poll_engine.py's _on_connect.",
    )


def check_session_context(context_class) -> None:
    fields = {f.name for f in dataclasses.fields(context_class)}
    need(
        "session_id" in fields,
        "Streamlit's script run context no longer has a session_id; nnadd/ui/reconnect.py "
        "tells a page moved to another server by it (streamlit_internals.session_id).",
    )


def check_wire(back=BackMsg, forward=ForwardMsg) -> None:
    rerun = back.DESCRIPTOR.fields_by_name.get("rerun_script")
    needs = {"page_name", "query_string"}
    need(
        rerun is not None and needs <= set(rerun.message_type.fields_by_name),
        "Streamlit's BackMsg no longer has rerun_script.page_name and .query_string; "
        "deploy/serve-class --warm, the browser tests' harness and the benchmarks start "
        "a page's run with them.",
    )
    ends = ("FINISHED_SUCCESSFULLY", "FINISHED_WITH_COMPILE_ERROR")
    need(
        "script_finished" in forward.DESCRIPTOR.fields_by_name
        and all(hasattr(forward, e) for e in ends),
        "Streamlit's ForwardMsg no longer reports script_finished with FINISHED_SUCCESSFULLY "
        "or FINISHED_WITH_COMPILE_ERROR; deploy/serve-class --warm waits for them.",
    )


def check_benchmark_hook(module) -> None:
    need(
        callable(getattr(module, "_maybe_compose_delta_msgs", None)),
        "Streamlit's forward_msg_queue no longer has _maybe_compose_delta_msgs; "
        "benchmarks/counting_streamlit.py counts the deltas a slow browser never got by "
        "wrapping it.",
    )


def check_network_address(ours: str | None, net_util) -> None:
    """The door finds the address Streamlit prints as its "Network URL"."""
    find = getattr(net_util, "get_internal_ip", None)
    need(
        callable(find),
        "Streamlit's net_util no longer has get_internal_ip; streamlit_internals."
        "network_address finds the phones' address the way it did, and may now name another "
        'one than Streamlit\'s "Network URL".',
    )
    theirs = find()
    theirs = None if theirs is None or ipaddress.ip_address(theirs).is_loopback else theirs
    need(
        ours == theirs,
        f'Streamlit\'s "Network URL" names {theirs!r}, and streamlit_internals.network_address '
        f"finds {ours!r}: a lesson opened at localhost would give phones another address "
        "than the one Streamlit prints (nnadd/public_address.py).",
    )


# The patterns of internals that only the door may hold, in the page's Python files.
OUTSIDE_THE_DOOR = re.compile(
    r"_enqueue\(|streamlit\.(elements|runtime|proto)\b|get_script_run_ctx|_validate=|"
    r"data-testid|data-baseweb|setattr\(|\._nnadd_"
)


def check_one_door(root: Path, files: list[Path], door_file: Path) -> None:
    for path in files:
        if path == door_file:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for found in OUTSIDE_THE_DOOR.finditer(line):
                need(
                    False,
                    f"{path.relative_to(root)}:{number} touches {found[0]!r} itself: "
                    "Streamlit's and Plotly's internals go through "
                    "nnadd/ui/streamlit_internals.py, and the page's CSS lives in .css files.",
                )


def page_files() -> list[Path]:
    return [
        *sorted((ROOT / "nnadd").rglob("*.py")),
        ROOT / "app.py",
        *sorted((ROOT / "app_pages").glob("*.py")),
    ]


# ---------------------------------------------------------------- against this install


def test_every_private_import_of_the_door_is_still_there():
    check_private_imports(door.PRIVATE_IMPORTS)


def test_the_door_imports_no_private_name_its_table_leaves_out():
    listed = {(module, name) for module, name, _ in door.PRIVATE_IMPORTS}
    public = {"streamlit", "streamlit.delta_generator"}  # the type of st.empty() and kin
    for node in ast.walk(ast.parse(Path(door.__file__).read_text())):
        if isinstance(node, ast.ImportFrom) and node.module.startswith("streamlit"):
            for alias in node.names:
                assert node.module in public or (node.module, alias.name) in listed, (
                    f"nnadd/ui/streamlit_internals.py imports {node.module}.{alias.name}, "
                    "which PRIVATE_IMPORTS does not list (so the canary does not check it)."
                )


def test_only_the_door_touches_the_internals():
    check_one_door(ROOT, page_files(), Path(door.__file__))


def test_enqueue_takes_what_the_live_chart_sends():
    check_enqueue(DeltaGenerator)
    check_messages()


def test_the_live_chart_is_sent_as_streamlit_would_send_it():
    """The door's element, drawn twice in one script run (as a run redraws), arrives
    whole, under its id, with no duplicate-id error; and the session has an id."""

    def page():
        import streamlit as st

        from nnadd.ui import streamlit_internals as door

        slot = st.empty()
        for n in (1, 2):
            door.draw_component(slot, name="nnadd_canary", key="chart-k", js="//", data=f"[{n}]")
        st.text(door.session_id())

    at = AppTest.from_function(page).run()
    assert not at.exception, (
        "Drawing the live chart twice in one script run failed "
        f"({at.exception[0].message}): Streamlit's _enqueue changed."
    )
    element = at.main[0]
    assert element.type == "bidi_component" and element.proto.json == "[2]", (
        "The live chart's element did not arrive as a bidi_component holding its data: "
        "Streamlit's _enqueue changed (streamlit_internals.draw_component)."
    )
    assert element.proto.id == door.element_id("nnadd_canary", "chart-k")
    assert at.text[0].value, "streamlit_internals.session_id() found no session in a script run"


def test_the_hand_written_element_id_has_streamlits_shape():
    from streamlit.elements.lib.utils import _compute_element_id, user_key_from_element_id

    key = "chart-lesson"  # as the lesson's live chart is keyed
    ours = door.element_id(live_chart.NAME, key)
    theirs = _compute_element_id("bidi_component", key)
    check_element_id(ours, theirs, key, user_key_from_element_id)
    assert in_bundle("$$ID", bundle()), (
        "Streamlit's page no longer recognises element ids by their $$ID prefix; the live "
        "chart's id (streamlit_internals.element_id) is written with it."
    )


def test_streamlits_plotly_chunk_is_there_and_sets_window_plotly():
    check_plotly_chunk(door.STATIC_JS)
    check_entry_script(STATIC)
    assert door.plotly_chunk() == live_chart.CHUNK


def test_every_selector_of_the_page_is_in_streamlits_frontend():
    plotly_text = (door.STATIC_JS / door.plotly_chunk()).read_text(encoding="utf-8")
    check_selectors(door.selected_in_files(), bundle(), plotly_text)


def test_every_selector_is_listed_once_with_its_reason():
    check_listed(door.selected_in_files(), door.TEST_IDS, door.CLASSES)


def test_every_key_the_style_sheets_select_is_a_key_the_page_gives():
    keys = set()
    for path in door.style_sheets():
        keys.update(re.findall(r"\.st-key-([\w-]+)", path.read_text(encoding="utf-8")))
    code = "\n".join(p.read_text(encoding="utf-8") for p in page_files())
    for key in sorted(keys):
        assert re.search(rf"""key=["']{re.escape(key)}["']""", code), (
            f"The style sheets select .st-key-{key}, but no element of the page has the "
            f'key "{key}" any more: that rule does nothing now.'
        )


def test_plotly_still_builds_a_figure_unchecked():
    check_unchecked_figure(door.unchecked_figure)


def test_streamlits_upload_manager_can_be_bounded():
    check_uploads(MemoryUploadedFileManager("/_stcore/upload_file"))


def test_the_poll_stores_sqlalchemy_events_hold(tmp_path):
    check_sqlite_prepared(sa.create_engine(f"sqlite:///{tmp_path / 'polls.sqlite3'}"))


def test_the_script_run_context_has_a_session_id():
    from streamlit.runtime.scriptrunner import ScriptRunContext

    check_session_context(ScriptRunContext)


def test_the_messages_the_tools_speak_are_there():
    from streamlit.runtime import forward_msg_queue

    check_wire()
    check_benchmark_hook(forward_msg_queue)


def test_the_network_address_is_the_one_streamlit_prints(monkeypatch):
    from streamlit import net_util

    monkeypatch.setattr(net_util, "_internal_ip", None, raising=False)  # asked afresh
    check_network_address(door.network_address(proxied=False), net_util)


def test_a_server_on_one_address_names_no_network_address_unless_proxied(monkeypatch):
    """As Streamlit prints no Network URL for `--server.address 127.0.0.1`; behind
    deploy/serve-class's HAProxy (replicas on 127.0.0.1) the room reaches the proxy."""
    found = door.network_address(proxied=False)
    for wildcard in ("", "0.0.0.0", "::", None):
        monkeypatch.setattr(door.st, "get_option", lambda name, a=wildcard: a)
        assert door.network_address(proxied=False) == found
    monkeypatch.setattr(door.st, "get_option", lambda name: "127.0.0.1")
    assert door.network_address(proxied=False) is None
    assert door.network_address(proxied=True) == found


# ---------------------------------------------------------------- each check can fail


def test_a_private_import_that_is_gone_is_named():
    table = [("streamlit.elements.lib.layout_utils", "LayoutKonfig", "it lays the chart out")]
    with pytest.raises(AssertionError, match=r"no longer has .*layout_utils\.LayoutKonfig"):
        check_private_imports(table)
    with pytest.raises(AssertionError, match=r"no longer has streamlit\.nowhere\.X"):
        check_private_imports([("streamlit.nowhere", "X", "it lays the chart out")])


def test_a_changed_enqueue_is_named():
    class Renamed:
        def _enqueue(self, delta_type, element, layout=None): ...

    with pytest.raises(AssertionError, match=r"no longer has DeltaGenerator\._enqueue"):
        check_enqueue(Renamed)
    with pytest.raises(AssertionError, match=r"\(it has none\)"):
        check_enqueue(object)


def test_changed_messages_are_named():
    def fake(fields: dict):
        return SimpleNamespace(DESCRIPTOR=SimpleNamespace(fields_by_name=fields))

    with pytest.raises(AssertionError, match="no longer has a bidi_component"):
        check_messages(element=fake({}))
    with pytest.raises(AssertionError, match="no longer has js_content"):
        fields = dict(BidiComponent.DESCRIPTOR.fields_by_name)
        del fields["js_content"]
        check_messages(component=fake(fields))


def test_a_changed_element_id_format_is_named():
    from streamlit.elements.lib.utils import user_key_from_element_id

    ours = door.element_id("n", "chart-k")
    for theirs in ("$$EL-0123456789abcdef0123456789abcdef-chart-k", "$$ID-0123-chart-k"):
        with pytest.raises(AssertionError, match="writes a keyed element's id as"):
            check_element_id(ours, theirs, "chart-k", user_key_from_element_id)
    with pytest.raises(AssertionError, match="writes a keyed element's id as"):
        check_element_id(ours, ours, "chart-k", lambda element_id: element_id.split("-")[-1])


def test_a_missing_plotly_chunk_is_named(tmp_path):
    with pytest.raises(AssertionError, match=r"has no PlotlyChart\.\*\.js any more"):
        check_plotly_chunk(tmp_path)
    (tmp_path / "PlotlyChart.abc.js").write_text("export default {react,extendTraces,relayout}")
    with pytest.raises(AssertionError, match=r"no longer sets window\.Plotly"):
        check_plotly_chunk(tmp_path)
    (tmp_path / "PlotlyChart.abc.js").write_text("window.Plotly=e;react;relayout")
    with pytest.raises(AssertionError, match=r"has no Plotly\.extendTraces any more"):
        check_plotly_chunk(tmp_path)


def test_a_moved_entry_script_is_named(tmp_path):
    (tmp_path / "index.html").write_text('<script type="module" src="./assets/index.js">')
    with pytest.raises(AssertionError, match=r"no longer loads its script .* from \./static/js/"):
        check_entry_script(tmp_path)


def test_a_renamed_test_id_is_named():
    real = bundle()
    renamed = real.replace("`stMetricValue`", "`stMetricNumber`").replace(
        '"stMetricValue"', '"stMetricNumber"'
    )
    plotly_text = (door.STATIC_JS / door.plotly_chunk()).read_text(encoding="utf-8")
    with pytest.raises(
        AssertionError,
        match=r'no data-testid "stMetricValue" any more; nnadd/ui/lesson_frame\.css and '
        r"nnadd/ui/poll_parts\.css and nnadd/ui/screens\.css select it \(a metric's number",
    ):
        check_selectors(door.selected_in_files(), renamed, plotly_text)


def test_a_baseweb_attribute_streamlit_dropped_is_named(tmp_path):
    # Streamlit 1.67's frontend has no data-baseweb attribute at all: this is the rule
    # the page's style had until the canary found it dead.
    (tmp_path / "old.css").write_text('[data-baseweb="select"] > div { min-height: 44px; }')
    with pytest.raises(AssertionError, match=r'no data-baseweb="select" any more'):
        check_selectors(door.selected_in_files(tmp_path), bundle(), "")


def test_a_dropped_class_is_named(tmp_path):
    (tmp_path / "old.css").write_text(".stButton button, .modebar-container { color: red }")
    with pytest.raises(AssertionError, match=r'Plotly\'s page has no class "modebar-container"'):
        check_selectors(door.selected_in_files(tmp_path), bundle(), "no mode bar here")
    without = bundle().replace("`stButton`", "`stBtn`").replace('"stButton"', '"stBtn"')
    with pytest.raises(AssertionError, match=r'Streamlit\'s page has no class "stButton"'):
        check_selectors(door.selected_in_files(tmp_path), without, "`.modebar-container`")


def test_key_classes_that_streamlit_dropped_are_named():
    selected = {"data-testid": set(), "data-baseweb": set(), "class": set()}
    with pytest.raises(AssertionError, match="no longer gives a keyed element the class"):
        check_selectors(selected, bundle().replace("st-key-", "st-k-"), "")


def test_an_unlisted_or_stale_selector_is_named(tmp_path):
    (tmp_path / "new.css").write_text('[data-testid="stNewThing"] { color: red }')
    with pytest.raises(
        AssertionError, match=r"new\.css selects the data-testid 'stNewThing', which"
    ):
        check_listed(door.selected_in_files(tmp_path), {}, {}, tmp_path)
    with pytest.raises(AssertionError, match=r"lists the data-testid 'stGone', which no style"):
        check_listed(door.selected_in_files(tmp_path), {"stNewThing": "", "stGone": ""}, {})


def test_a_validating_figure_is_named():
    with pytest.raises(AssertionError, match=r"no longer builds a figure unchecked"):
        check_unchecked_figure(lambda data, layout: go.Figure({"data": data, "layout": layout}))


def test_a_changed_upload_manager_is_named():
    class Elsewhere:  # keeps its files some other way
        def add_file(self, session_id, file): ...

    with pytest.raises(AssertionError, match=r"no longer keeps a session's files in file_storage"):
        check_uploads(Elsewhere())

    class Forgetful(MemoryUploadedFileManager):  # remove_file no longer removes
        def remove_file(self, session_id, file_id): ...

    with pytest.raises(AssertionError, match=r"kept \['f0', 'f1', 'f2', 'f3'\] of four"):
        check_uploads(Forgetful("/_stcore/upload_file"))


def test_changed_sqlalchemy_events_are_named(tmp_path, monkeypatch):
    def engine(name: str):
        return sa.create_engine(f"sqlite:///{tmp_path / name}")

    with monkeypatch.context() as m:
        m.setattr(sa.event, "contains", lambda *args: False)  # as if it forgot
        with pytest.raises(AssertionError, match=r"event\.contains no longer tells"):
            check_sqlite_prepared(engine("a.sqlite3"))
    with monkeypatch.context() as m:
        m.setattr(poll_engine, "_on_connect", lambda *args: None)  # as if never called
        with pytest.raises(AssertionError, match="is in delete mode, not WAL"):
            check_sqlite_prepared(engine("b.sqlite3"))
    twice = engine("c.sqlite3")  # a second BEGIN, as a listener made per call once did
    sa.event.listen(twice, "begin", lambda conn: poll_engine._on_begin(conn))
    with pytest.raises(AssertionError, match="prepared twice for the class poll can no longer"):
        check_sqlite_prepared(twice)


def test_a_session_context_without_an_id_is_named():
    @dataclasses.dataclass
    class Context:
        session: str

    with pytest.raises(AssertionError, match="no longer has a session_id"):
        check_session_context(Context)


def test_changed_wire_messages_are_named():
    def fake(fields: dict):
        return SimpleNamespace(DESCRIPTOR=SimpleNamespace(fields_by_name=fields))

    with pytest.raises(AssertionError, match=r"no longer has rerun_script\.page_name"):
        check_wire(back=fake({}))
    with pytest.raises(AssertionError, match="no longer reports script_finished"):
        check_wire(forward=fake({"script_finished": None}))
    with pytest.raises(AssertionError, match="no longer has _maybe_compose_delta_msgs"):
        check_benchmark_hook(SimpleNamespace())


def test_another_network_address_is_named():
    with pytest.raises(AssertionError, match="no longer has get_internal_ip"):
        check_network_address(None, SimpleNamespace())
    streamlit_says = SimpleNamespace(get_internal_ip=lambda: "192.168.1.23")
    with pytest.raises(
        AssertionError, match=r"names '192\.168\.1\.23', and .* finds '10\.0\.0\.2'"
    ):
        check_network_address("10.0.0.2", streamlit_says)
    check_network_address(None, SimpleNamespace(get_internal_ip=lambda: "127.0.0.1"))


def test_an_internal_outside_the_door_is_named(tmp_path):
    (tmp_path / "nnadd").mkdir()
    stray = tmp_path / "nnadd" / "stray.py"
    stray.write_text("x = 1\nslot._enqueue('x', proto)\n")
    with pytest.raises(AssertionError, match=r"nnadd/stray\.py:2 touches '_enqueue\('"):
        check_one_door(tmp_path, [stray], Path(door.__file__))
    stray.write_text("CSS = '[data-testid=\"stMain\"] { gap: 0 }'\n")
    with pytest.raises(AssertionError, match=r"stray\.py:1 touches 'data-testid'"):
        check_one_door(tmp_path, [stray], Path(door.__file__))
