"""The pseudo-language: a test-only language that wraps every translated message in
⟦ ⟧, as large projects test their translation coverage. A page rendered in it shows
at once every word that never went through the translator: it is the text left
outside the markers. It is never offered to users: the tests add it to the page's
table of languages for themselves (`speak_pseudo`).

Allowed outside the markers: numbers, the article's title, names (nnadd, the languages'
own names in the picker), and the symbols of the maths (w1, x1, σ, ...), which stay
the same in every language."""

from __future__ import annotations

import gettext
import json
import re

from streamlit.testing.v1.element_tree import Block

from nnadd.i18n import Language, Numbers
from nnadd.ui import language as languages

OPEN, CLOSE = "⟦", "⟧"
CODE = "qps"  # a private-use language code (BCP 47 keeps qaa-qtz for such things)


class Wrapping(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"{OPEN}{singular if n == 1 else plural}{CLOSE}"


# German's numbers, so that a number written the English way by hand shows up too
PSEUDO = Language(CODE, "Pseudo", "qps", Wrapping(), Numbers(",", ".", "-"))


def speak_pseudo(monkeypatch) -> None:
    """Let `?lang=qps` choose the pseudo-language for this test only."""
    offered = languages.Offered(CODE, "Pseudo", "de", "", "qps")
    monkeypatch.setitem(languages.BY_CODE, CODE, offered)
    monkeypatch.setitem(languages._languages, CODE, PSEUDO)


ARTICLE_TITLE = "Building a Neural Network in Rust (From Scratch)"
NAMES = ["nnadd", "Streamlit", "Plotly", "GitHub", "Pseudo", *(o.name for o in languages.OFFERED)]
# The maths' symbols: the same in every language (the worked arithmetic writes them).
SYMBOLS = r"\b(?:w1|w2|x1|x2|b|z|y|t|lr|σ|sigmoid|ReLU|relu|linear|MSE|Δ|delta|e|dz)\b"
NUMBER = r"[-−+]?\d[\d.,\u202f\u00a0 ]*(?:[eE][-+]?\d+)?%?"


def unmarked(text: str) -> str:
    """What is left of `text` outside every ⟦ ⟧ (markers may nest: a translated
    message may hold another one in its placeholder)."""
    kept, depth = [], 0
    for ch in text:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)


def leftover_words(text: str) -> str:
    """The words of `text` that never went through the translator: outside the
    markers, less numbers, names, the article's title and the maths' symbols."""
    rest = unmarked(text)
    for name in [ARTICLE_TITLE, *NAMES]:
        rest = rest.replace(name, " ")
    rest = re.sub(r"\\(?:begin|end)\{\w+\}", " ", rest)  # LaTeX environments (aligned)
    rest = re.sub(r"\\[a-zA-Z]+", " ", rest)  # LaTeX commands (\sigma, \times)
    rest = re.sub(r"<[^<>]*>", " ", rest)  # a chart's HTML tags (<br>, <extra>)
    rest = re.sub(r"%\{[^}]*\}", " ", rest)  # Plotly's placeholders (%{y:.3f})
    rest = re.sub(r"[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", " ", rest)  # powers of ten (10⁻⁵)
    rest = re.sub(SYMBOLS, " ", rest)
    rest = re.sub(NUMBER, " ", rest)
    rest = re.sub(r"https?://\S+|\S+\.(?:json|csv|txt|png|md)\b", " ", rest)  # addresses, files
    # what is left must hold no letters (punctuation, arrows and maths are fine)
    letters = re.findall(r"[^\W\d_]{2,}", rest)
    return " ".join(letters)


# ---------------------------------------------------------------- reading a page


# a hover template's own syntax, not words: %{y}, %{customdata}, <extra></extra>
PLOTLY_TEMPLATE = re.compile(r"%\{[^}]*\}|<extra>.*?</extra>|</?extra>")


def figure_words(figure: dict) -> list[str]:
    """Every word a Plotly figure can show: its title, axis titles, tick labels,
    legend entries, hover templates, annotations and colour-bar titles."""
    layout, said = figure.get("layout", {}), []

    def title_of(thing) -> None:
        title = thing.get("title") if isinstance(thing, dict) else None
        if isinstance(title, dict) and title.get("text"):
            said.append(str(title["text"]))
        elif isinstance(title, str):
            said.append(title)

    title_of(layout)
    said += [str(a["text"]) for a in layout.get("annotations") or [] if a.get("text")]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            title_of(axis)
            said += [str(t) for t in axis.get("ticktext") or []]
    coloraxis = layout.get("coloraxis") or {}
    title_of(coloraxis.get("colorbar") or {})
    for trace in figure.get("data", []):
        if trace.get("name"):
            said.append(str(trace["name"]))
        for key in ("hovertemplate", "text", "customdata"):
            value = trace.get(key)
            if isinstance(value, str):
                said.append(PLOTLY_TEMPLATE.sub(" ", value))
            elif isinstance(value, list):
                said += [v for v in value if isinstance(v, str)]
        bar = trace.get("colorbar") or (trace.get("marker") or {}).get("colorbar") or {}
        title_of(bar)
    return said


def element_words(node) -> list[str]:
    """Everything one element shows or says to a screen reader: its text, label,
    help, placeholder and options; a chart's words and its text alternative."""
    kind, proto = node.type, node.proto
    said: list[str] = []
    if kind == "plotly_chart":
        said += figure_words(json.loads(proto.spec))
        said.append(getattr(proto, "alt", ""))  # its text alternative (streamlit_internals)
    elif kind == "image":
        said += [image.alt for image in proto.imgs]
    elif kind == "bidi_component":
        message = json.loads(getattr(proto, "json", "") or "{}")
        if "figure" in message:
            said += figure_words(json.loads(message["figure"]))
        said += [str(message[k]) for k in ("alt", "label", "title") if message.get(k)]
    elif kind == "metric":
        said += [proto.label, proto.body, getattr(proto, "help", "")]
    elif kind == "progress":
        said.append(proto.text)
    elif kind == "arrow_data_frame":
        frame = node.value
        said += [str(c) for c in frame.columns]
        said += [v for col in frame.columns for v in frame[col] if isinstance(v, str)]
    elif kind in ("markdown", "caption", "latex", "title", "header", "subheader", "heading"):
        said.append(node.value)
    elif kind in ("success", "info", "warning", "error", "exception", "toast"):
        said.append(getattr(proto, "body", "") or getattr(proto, "message", ""))
    elif kind == "code":
        pass  # a link or a file's text: addresses and numbers
    else:
        label = getattr(node, "label", None)
        if isinstance(label, str):
            said.append(label)
        said += [getattr(proto, f, "") for f in ("placeholder", "help")]
        said += [str(o) for o in getattr(proto, "options", [])]
        said += [str(c) for c in getattr(proto, "captions", [])]  # a radio's captions
    return [s for s in said if s]


def page_words(at) -> list[str]:
    """Every text of the page, the sidebar and every block (expander and popover
    labels, the teacher's notes included), in page order."""
    said: list[str] = []

    def walk(node) -> None:
        if isinstance(node, Block):
            label = getattr(node, "label", "") or ""
            if label:
                said.append(label)
            said.append(getattr(getattr(node, "proto", None), "help", "") or "")
            for _, child in sorted(node.children.items()):
                walk(child)
            return
        said.extend(element_words(node))

    walk(at._tree)
    return [s for s in said if s]


def untranslated(at) -> list[str]:
    """Each text of the page with words outside the markers, and those words."""
    found = []
    for text in page_words(at):
        left = leftover_words(text)
        if left:
            found.append(f"{left!r} in {text[:120]!r}")
    return found
