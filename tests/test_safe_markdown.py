"""Text from a user, a link or a file is shown as text, never as Markdown.

An independent renderer (markdown-it-py with GFM's tables, strikethrough and bare-URL
links, the way Streamlit's own renderer reads Markdown) turns the escaped text into
HTML, and the HTML must hold no link, no image and no tag that the text did not
already show as characters."""

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from nnadd.safe_markdown import WORD_JOINER, as_text

RENDERER = MarkdownIt("gfm-like", {"linkify": True, "html": True})
# GFM's literal autolinks as Streamlit's renderer finds them: in the text after the
# escapes are read (mdast-util-gfm-autolink-literal's patterns, rewritten here)
BARE_URL = re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE)
BARE_EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
PROTOCOL = re.compile(r"(mailto|xmpp):[-.\w+]+@", re.IGNORECASE)


def text_nodes(markdown: str) -> str:
    """The text a Markdown renderer sees once the backslash escapes are read."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def rendered(markdown: str) -> str:
    return RENDERER.render(markdown)


def test_the_renderer_would_make_links_of_raw_text():
    """So the checks below can fail: without escaping, these become links and images."""
    assert "<a href" in rendered("[Log in](https://e.vil)")
    assert "<a href" in rendered("see https://e.vil now")
    assert "<a href" in rendered("www.evil.com")
    assert "<img" in rendered("![x](https://e.vil/a.png)")
    assert "<a href" in rendered("<https://e.vil>")


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
@example("[Log in](https://e.vil)")
@example("![x](https://e.vil/a.png)")
@example("www.evil.com and https://e.vil and mail@evil.com")
@example("<a href='https://e.vil'>x</a><img src=x>")
@example("# heading\n\n- item\n1. one\n> quote\n| a | b |\n|---|---|\n| 1 | 2 |")
@example("**bold** _em_ `code` ~~gone~~ $x^2$ :red[red] :material/home: :smile:")
@example("\\[escaped\\](https://e.vil) \\\\")
@example("[a]: https://e.vil\n\n[a]")
def test_escaped_text_renders_as_exactly_its_characters(text):
    out = rendered(as_text(text))
    # only the paragraph the renderer wraps around any text: no other element
    assert {m.group(2) for m in TAG.finditer(out)} <= {"p"}
    assert "<a" not in out and "<img" not in out
    seen = text_nodes(as_text(text))
    assert not BARE_URL.search(seen) and not BARE_EMAIL.search(seen)
    assert not PROTOCOL.search(seen)
    shown = html.unescape(re.sub(r"</?p>", "", out)).replace(WORD_JOINER, "").strip()
    expected = text.replace("\r", " ").replace("\n", " ").replace("\x00", "\ufffd")
    # the renderer folds runs of spaces and trims; compare word by word
    assert shown.split() == expected.split()


def test_the_link_from_the_review_is_shown_as_its_characters():
    words = f"The link's activation={as_text('[Log in](https://e.vil)')} is not sigmoid."
    out = rendered(words)
    assert "href" not in out
    assert "[Log in](https://e.vil)" in html.unescape(out).replace(WORD_JOINER, "")


def test_bare_addresses_would_be_found_without_the_joiner():
    """So the pattern checks can fail: escapes alone leave the address in the text."""
    escaped_only = as_text("see https://e.vil and www.e.vil and a@e.vil").replace(WORD_JOINER, "")
    seen = text_nodes(escaped_only)
    assert BARE_URL.search(seen) and BARE_EMAIL.search(seen)
