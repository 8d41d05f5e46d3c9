"""The catalogs: every message of the code is in the template and translated in every
language, each translation keeps its message's placeholders and its Markdown, and
re-extracting the code finds nothing the catalogs lack."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from nnadd.ui import language as languages

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = languages.LOCALE_DIR / "nnadd.pot"
TRANSLATED = [o for o in languages.OFFERED if o.folder]


def extracted() -> set[str | tuple[str, str]]:
    """Every message marked in the code, as pybabel extract finds it (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def read(path: Path):
    with path.open("rb") as po:
        return read_po(po)


def ids(catalog) -> set[str | tuple[str, str]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def fields(text: str) -> list[str]:
    """The placeholders of a message ({epoch}, {plain[bias]}), in sorted order."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def marks(text: str) -> tuple[int, int, int]:
    """What a translation must keep of its message's Markdown: bold, code and links."""
    return text.count("**"), text.count("`"), text.count("](")


def test_the_template_holds_every_message_of_the_code():
    in_code, in_template = extracted(), ids(read(TEMPLATE))
    assert len(in_code) > 300
    assert sorted(map(str, in_code - in_template)) == [], (
        "run pybabel extract (docs/translating.md)"
    )
    assert sorted(map(str, in_template - in_code)) == [], "messages no longer in the code"


@pytest.mark.parametrize("offered", TRANSLATED, ids=lambda o: o.code)
def test_every_message_is_translated_in_every_language(offered):
    catalog = read(languages.LOCALE_DIR / offered.folder / "LC_MESSAGES" / "nnadd.po")
    assert ids(catalog) == ids(read(TEMPLATE)), "run pybabel update (docs/translating.md)"
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not all(_forms(m)))]
    assert missing == []


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.mark.parametrize("offered", TRANSLATED, ids=lambda o: o.code)
def test_each_translation_keeps_its_placeholders_and_markdown(offered):
    catalog = read(languages.LOCALE_DIR / offered.folder / "LC_MESSAGES" / "nnadd.po")
    wrong = []
    for m in catalog:
        if not m.id:
            continue
        sources = [m.id] if isinstance(m.id, str) else list(m.id)
        for form in _forms(m):
            # a plural's forms each keep the plural's placeholders (Chinese has one form)
            source = sources[-1]
            if fields(form) != fields(source) or marks(form) != marks(source):
                wrong.append(f"{source!r} -> {form!r}")
    assert wrong == []


@pytest.mark.parametrize("offered", TRANSLATED, ids=lambda o: o.code)
def test_plurals_follow_the_language(offered):
    catalog = read(languages.LOCALE_DIR / offered.folder / "LC_MESSAGES" / "nnadd.po")
    assert catalog.num_plurals == (1 if offered.code == "zh" else 2)
    plurals = [m for m in catalog if m.pluralizable]
    assert plurals, "the catalog has no counted messages"
    assert all(len(m.string) == catalog.num_plurals for m in plurals)
