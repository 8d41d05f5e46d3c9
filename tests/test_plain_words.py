"""Words a 14-year-old knows: where "bias", "seed", "MSE", "z", "sigmoid(z)", "delta",
"lr", σ or "|error|" first appears on a lesson step, the Playground, its sidebar or the
class poll, its plain words (nnadd/glossary.py) stand beside it.

Each screen is read through AppTest as a person reads it: every visible text in page
order (Markdown, captions, metrics, labels, messages, the typeset working, and the
words inside charts), less the help behind the "?" icons, the links' addresses and the
teacher's notes.
"Beside" is the same element; or, for an element in a column, anything in that row of
columns or in the element or row right under it (a key under a row of numbers); or
else the element right after it."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1.element_tree import Block

from nnadd import poll_rules as rules
from nnadd.glossary import PLAIN, TERMS
from nnadd.ui import poll_store as ps
from tests.helpers import open_app

LESSON, ANSWER = "app_pages/lesson.py", "app_pages/answer.py"

# how each term is found in a text (the typeset working writes σ as \sigma, and lr
# and delta as \text{lr} and \text{delta}, read as plain words here)
FOUND = {
    "mse": r"\bMSE\b",
    "seed": r"(?i)\bseed\b",
    "z": r"(?<![\w.])z(?![\w])",
    "sigmoid": r"\bsigmoid\(z\)",
    "sigma": r"σ",
    "bias": r"(?i)\bbias\b",
    "delta": r"\bdelta\b",  # lower case: Δ (\Delta), "the change in", is another symbol
    "lr": r"\blr\b",
    "abs_error": r"\|error\|",
}
GLOSSED = [name for name in TERMS if name in FOUND]  # linear(z) is shown only when chosen


# ---------------------------------------------------------------- reading a screen


def _figure_words(figure: dict) -> list[str]:
    """The words a chart shows: its annotations, axis titles, tick labels, legend
    entries and colour-bar titles."""
    layout, said = figure.get("layout", {}), []
    said += [a["text"] for a in layout.get("annotations") or [] if a.get("text")]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            title = axis.get("title")
            if isinstance(title, dict) and title.get("text"):
                said.append(title["text"])
            said += [str(t) for t in axis.get("ticktext") or []]
    for trace in figure.get("data", []):
        if trace.get("showlegend", True) and trace.get("name"):
            said.append(trace["name"])
        bar = trace.get("colorbar") or (trace.get("marker") or {}).get("colorbar") or {}
        if isinstance(bar.get("title"), dict) and bar["title"].get("text"):
            said.append(bar["title"]["text"])
    return said


def _words(node) -> str | None:
    """What one element shows, as text; None for what shows no words."""
    kind, proto = node.type, node.proto
    if kind == "plotly_chart":
        return " | ".join(_figure_words(json.loads(proto.spec)))
    if kind == "bidi_component":  # the live training chart: its whole figure, if sent
        message = json.loads(proto.json or "{}")
        if "figure" not in message:
            return None
        return " | ".join(_figure_words(json.loads(message["figure"])))
    if kind == "metric":
        return f"{proto.label}: {proto.body}"
    if kind == "progress":
        return proto.text
    if kind == "code":
        return None  # a link: an address, not words (its "seed=42" is the link's field)
    if kind == "arrow_data_frame":
        return " | ".join(map(str, node.value.columns))
    if kind in ("markdown", "caption", "latex", "title", "header", "subheader", "heading"):
        return node.value
    if kind in ("success", "info", "warning", "error"):
        return proto.body
    label = getattr(node, "label", None)
    if isinstance(label, str):
        return " ".join([label, getattr(proto, "placeholder", ""), *getattr(proto, "options", [])])
    return None


def _plain(words: str) -> str:
    """Markdown and LaTeX read as words: \\sigma is σ, \\text{lr} is lr."""
    words = words.replace("\\sigma", "σ").replace("<br>", " ").replace("\u2060", "")
    words = re.sub(r"\\text\{([^}]*)\}", r"\1", words)
    return re.sub(r"\\([^a-zA-Z])", r"\1", words)


class Shown:
    """One screen's texts in page order, each with its place in the tree, and the
    columns it sits in."""

    def __init__(self):
        self.texts: list[tuple[tuple, str]] = []
        self.columns: set[tuple] = set()


def screens(at) -> dict[str, Shown]:
    """The page's screens: its main area, its sidebar, and each popover (drawn over the
    page when opened). The teacher's notes are left out."""
    found: dict[str, Shown] = {}

    def walk(node, path: tuple, screen: str) -> None:
        if isinstance(node, Block):
            label = getattr(node, "label", "") or ""
            if label == "Teacher's notes":
                return
            if node.type == "popover":
                screen = f"{screen} > popover {node.proto.popover.label}"
            if node.type == "column":
                found.setdefault(screen, Shown()).columns.add(path)
            if label:
                found.setdefault(screen, Shown()).texts.append((path, label))
            for i, child in sorted(node.children.items()):
                walk(child, (*path, i), screen)
            return
        words = _words(node)
        if words:
            found.setdefault(screen, Shown()).texts.append((path, _plain(words)))

    for i, child in sorted(at._tree.children.items()):
        walk(child, (i,), {0: "main", 1: "sidebar"}.get(i, f"area {i}"))
    return found


def beside(shown: Shown, at: int) -> str:
    """The texts beside the `at`th one: see the module's docstring."""
    path = shown.texts[at][0]
    inside = [c for c in shown.columns if path[: len(c)] == c]
    if not inside:
        return " ".join(t for _, t in shown.texts[at : at + 2])
    row = max(inside, key=len)[:-1]  # the row of the innermost column
    near = [t for p, t in shown.texts if p[: len(row)] == row]
    later = [p for p, _ in shown.texts if p[: len(row)] != row and p > row]
    under = later[0][: len(row)] if later else None  # the element or row right under
    return " ".join(near + [t for p, t in shown.texts if p[: len(row)] == under])


def unexplained(at) -> list[str]:
    """Each term whose first appearance on a screen has no plain words beside it."""
    missing = []
    for screen, shown in screens(at).items():
        for name in GLOSSED:
            first = next(
                (i for i, (_, t) in enumerate(shown.texts) if re.search(FOUND[name], t)), None
            )
            if first is not None and PLAIN[name] not in beside(shown, first):
                missing.append(f"{screen}: {TERMS[name].symbol!r} in {shown.texts[first][1]!r}")
    return missing


# ---------------------------------------------------------------- the screens


@pytest.mark.parametrize("step", range(1, 8))
def test_each_lesson_step_explains_its_terms_where_they_first_appear(step):
    at = open_app({"step": str(step)}, LESSON)
    assert unexplained(at) == []


def test_step_2s_working_keeps_its_symbols_with_a_key_under_it():
    at = open_app({"step": "2"}, LESSON)
    at.number_input(key="lesson_guess").set_value(0.7).run()
    at.button(key="lesson_reveal").click().run()
    at.button(key="lesson_all_lines").click().run()
    assert not at.exception
    working = " ".join(m.value for m in at.markdown if m.value.startswith("$"))
    for symbol in (r"\sigma", r"\text{lr}", r"\text{delta}", "z = "):
        assert symbol in working  # the symbols stay in the arithmetic
    assert unexplained(at) == []
    key = [c.value for c in at.caption if c.value.startswith("z: ")]
    assert key == [
        "z: the sum before the squash · σ: the sigmoid, the squashing curve · delta: how "
        "steep the curve is here · lr: learning rate, the step size"
    ]


def test_step_3_after_its_epoch_and_the_linear_lesson():
    at = open_app({"step": "3"}, LESSON)
    at.button(key="lesson_run_epoch").click().run()
    assert unexplained(at) == []
    linear = open_app({"step": "2", "activation": "linear"}, LESSON)
    linear.number_input(key="lesson_guess").set_value(0.7).run()
    linear.button(key="lesson_reveal").click().run()
    assert unexplained(linear) == []
    assert "σ" not in " ".join(c.value for c in linear.caption)  # no sigmoid in it


def test_the_playground_and_its_sidebar_explain_their_terms():
    at = open_app()
    assert set(screens(at)) == {"main", "sidebar"}
    assert unexplained(at) == []
    at.button(key="step_pair").click().run()  # the worked update, with its symbols
    assert at.latex and unexplained(at) == []
    typed = open_app({"start": "weights", "w1": "0.5", "w2": "0.5", "b": "0"})
    assert any(n.label == "Starting bias" for n in typed.number_input)
    assert unexplained(typed) == []


@pytest.fixture
def store():
    made = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))
    yield made
    made.engine.dispose()


def test_the_class_poll_and_a_phone_explain_their_terms(store):
    teacher = open_app({"step": "2"}, LESSON)
    teacher.button(key="lesson_ask_class").click().run()
    code = teacher.session_state["lesson"]["polls"]["tickets"]["predict"].code
    phone = open_app({"poll": code}, ANSWER)
    for guess in (0.7, 1.2):
        store.answer(code, rules.new_student(), guess)
    assert unexplained(teacher) == [] and unexplained(phone) == []
    teacher.button(key="poll_reveal").click().run()
    phone.run()
    assert unexplained(teacher) == [] and unexplained(phone) == []


# ---------------------------------------------------------------- the reading itself


def test_the_reading_finds_a_term_without_its_words():
    """On a made-up screen: a bare "bias" and a bare \\sigma are found; the plain words
    in the same element, in its column, or under its row of columns count as beside."""
    shown = Shown()
    shown.columns = {(0, 1, 0), (0, 1, 1)}
    shown.texts = [
        ((0, 0), "Two weights and a bias"),
        ((0, 1, 0, 0), r"\sigma(z) = 0.6"),
        ((0, 1, 1, 0), "Bias: 0.27"),
        ((0, 2), f"σ: {PLAIN['sigma']}"),
    ]
    first = next(i for i, (_, t) in enumerate(shown.texts) if re.search(FOUND["bias"], t))
    assert first == 0 and PLAIN["bias"] not in beside(shown, first)
    assert PLAIN["sigma"] in beside(shown, 1)  # the element under the row of columns
    assert re.search(FOUND["sigma"], _plain(shown.texts[1][1]))
    assert not re.search(FOUND["z"], "0.5 + 0.5 = 1, size, e.g. z1")
    assert re.search(FOUND["z"], "z = 0.477") and re.search(FOUND["z"], "e^{-z}")
    assert not re.search(FOUND["delta"], r"\Delta w_1")
