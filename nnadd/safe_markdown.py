"""Showing what a person typed, or a link or a file carried, inside Markdown as exactly
its characters: a security function, kept apart so that it is read and tested alone.

Streamlit renders st.warning, st.error, st.caption and the rest as Markdown (GitHub's
flavour). A seed typed into a link, a model file's name or a training cell could
otherwise open a link, an image, a heading or raw HTML on a student's screen.
"""

from __future__ import annotations

# Every ASCII punctuation character may be escaped with a backslash in Markdown, and
# then stands for itself: no link, image, emphasis, heading, list, table, HTML tag,
# maths ($), emoji or colour directive (:red[...]) can start from an escaped one.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&=\"'/^%@;,?")


WORD_JOINER = "\u2060"  # invisible, and no line break either side


def as_text(words: object) -> str:
    """Text a user typed, or a link or a file carried, made safe to show inside Markdown
    (st.warning, st.error, st.caption...): it renders as these characters.

    Each special character gets a backslash, and line breaks become spaces, so a
    value cannot start a new block. Bare addresses need more: Streamlit's renderer
    (GFM) turns "https://e.vil", "www.e.vil" and "a@e.vil" into links after the
    escapes are read. An invisible word joiner breaks each of those three starts:
    between ":" and "//", between "www" and ".", and either side of "@". Numbers,
    file names and sentences are left as they are.
    """
    # line breaks and tabs become spaces, and leading spaces go, so that nothing can
    # start a new block or an indented code block
    text = " ".join(str(words).replace("\t", " ").splitlines()).strip()
    out = []
    for i, c in enumerate(text):
        if c == "@" or (c == "/" and text[i - 1 : i] == ":"):
            out.append(WORD_JOINER)
        if c == "." and text[max(0, i - 3) : i].lower() == "www":
            out.append(WORD_JOINER)
        out.append("\\" + c if c in _MARKDOWN_SPECIAL else c)
        if c == "@":
            out.append(WORD_JOINER)
    return "".join(out)
