"""The lesson's frame around each step: its look on a projector, the link's warnings,
the step bar with Previous and Next, the teacher's notes, and the QR code of a link and
the address it names.

Each part draws what it is given and returns what was pressed or shown; the page
(app_pages/lesson.py) keeps the state. The steps' own bodies are in
nnadd/ui/lesson_steps.py; the words and numbers come from nnadd.lesson_plan.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import segno
import streamlit as st

from nnadd import i18n
from nnadd import lesson_plan as words
from nnadd.i18n import _, ngettext, number
from nnadd.perceptron import activation_word
from nnadd.public_address import ENV, PublicAddress, public_address
from nnadd.safe_markdown import as_text
from nnadd.settings import Settings
from nnadd.ui.streamlit_internals import network_address, style_tag

# the lesson's look on a projector: nnadd/ui/lesson_frame.css, read once
STYLE = style_tag(Path(__file__).with_name("lesson_frame.css"))


def style() -> None:
    st.html(STYLE)


def warnings(said: Sequence[str]) -> None:
    """The link's warnings, once, in one message; they quote the link, so as text."""
    if said:
        st.warning("\n\n".join(as_text(w) for w in said))


def bar(
    number: int,
    total: int,
    title: str,
    lead: str | None,
    go: Callable[[int], None],
    next_key: bool = True,
) -> None:
    """The step bar: "Step N of M" and the title, Previous and Next (PageUp and
    PageDown, what a presentation clicker sends), and the step's lead sentence under
    them (step 4 has its lead beside its buttons, to leave its chart room).
    `next_key` False: PageDown is the step's Reveal's, while it has more to show."""
    heading, previous, following = st.columns([5, 1.45, 1.45], vertical_alignment="bottom")
    # Translators: the step bar's heading: {number} of {total} steps, then the step's title.
    said = _("Step {number} of {total} · {title}")
    heading.header(
        said.format(number=i18n.number(number), total=i18n.number(total), title=title), anchor=False
    )
    previous.button(
        _("Previous"), key="lesson_previous", shortcut="PageUp", width="stretch",
        on_click=go, args=(number - 1,), disabled=number == 1,
    )  # fmt: skip
    following.button(
        _("Next"), key="lesson_next", shortcut="PageDown" if next_key else None, width="stretch",
        on_click=go, args=(number + 1,), disabled=number == total,
    )  # fmt: skip
    if lead:
        st.markdown(lead)


def notes(
    step: words.Step,
    settings: Settings,
    links: tuple[str, str],
    worksheet: Callable[[], str],
    notes_page: Callable[[], str],
) -> None:
    """The teacher's notes, collapsed: what to say and ask, the keys, this lesson's
    settings, its link and the projector's (`links`: the notes shown, left out), the
    worksheet and every step's notes on one page to print."""
    lesson_link, projector_link = links
    # Streamlit makes a download's file when it is clicked, on a thread of its own that
    # knows no language: the files are made in this script run's
    worksheet, notes_page = in_this_language(worksheet), in_this_language(notes_page)
    with st.expander(_("Teacher's notes")):
        st.markdown(words.notes(step))
        st.markdown(words.keys_note())
        # Translators: {activation} is the activation's name ("sigmoid", "linear").
        this_lesson = ngettext(
            "**This lesson:** seed {seed}, learning rate {learning_rate}, {epochs} epoch, "
            "{activation}. Its link, at this step:",
            "**This lesson:** seed {seed}, learning rate {learning_rate}, {epochs} epochs, "
            "{activation}. Its link, at this step:",
            settings.epochs,
        )
        st.markdown(
            this_lesson.format(
                seed=number(settings.seed), learning_rate=number(settings.learning_rate, "g"),
                epochs=number(settings.epochs, ","),
                activation=activation_word(settings.activation),
            )
        )  # fmt: skip
        st.code(lesson_link, language=None, wrap_lines=True)
        st.markdown(_(words.PROJECTOR_LINK))
        st.code(projector_link, language=None, wrap_lines=True)
        worksheet_col, notes_col = st.columns(2)
        worksheet_col.download_button(
            _("Download the worksheet"), data=worksheet, key="lesson_worksheet",
            file_name="nnadd-worksheet.html", mime="text/html",
            # no rerun: it would stop step 4's run, and could drop the file being fetched
            on_click="ignore",
            help=_(
                "A page to print on one or two sheets: each step's question with room to "
                "answer, the settings, the link and its QR code."
            ),
        )  # fmt: skip
        notes_col.download_button(
            _("Download all the notes"), data=notes_page, key="lesson_notes_page",
            file_name="nnadd-teachers-notes.html", mime="text/html", on_click="ignore",
            help=_(
                "Every step's notes on one page to print before the lesson, with the "
                "projector's link, which leaves these notes off the projected page."
            ),
        )  # fmt: skip


def in_this_language(make: Callable[[], str]) -> Callable[[], str]:
    """`make`, to be called later (on any thread), in this script run's language."""
    language = i18n.current()

    def made() -> str:
        with i18n.using(language):
            return make()

    return made


def qr_svg(link: str) -> str:
    """The link as a QR code, in SVG, made here (segno), black on white in any theme."""
    out = io.BytesIO()
    segno.make(link, error="m").save(
        out, kind="svg", border=4, dark="#000000", light="#ffffff", xmldecl=False,
        omitsize=True,
    )  # fmt: skip
    return out.getvalue().decode()


def phones_address() -> PublicAddress:
    """The address the phones' links and QR codes name (nnadd/public_address.py), from
    this page's address, this machine's on the local network and NNADD_PUBLIC_URL."""
    proxied = bool(st.context.headers.get_all("X-Forwarded-For"))
    return public_address(st.context.url, network_address(proxied), os.environ.get(ENV))
