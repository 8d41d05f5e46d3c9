"""The language picker, on every page (at the top of the sidebar), and the page's
`<html lang>`, which screen readers read the words by.

Picking a language writes it into the link (`?lang=`), so a reload, a shared link and
the page's own links keep it; the session, and with it the network, the run and the
lesson step, stays as it was.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnadd.i18n import Language, _, current
from nnadd.safe_markdown import as_text
from nnadd.ui.language import BY_CODE, OFFERED
from nnadd.ui.streamlit_internals import out_of_flow

# Sets the document's language (Streamlit's page says "en" whatever it shows).
_JS = """export default function ({ data }) {
  if (data && data.lang) document.documentElement.lang = data.lang;
}"""

_HTML_LANG = st.components.v2.component("nnadd_html_lang", js=_JS)


def in_link() -> dict[str, str]:
    """The language's part of the page's own address: kept when the link named one (a
    page that rewrites its address with its settings adds this), left out when the
    language came from the browser."""
    if "lang" not in st.query_params:
        return {}
    return {"lang": current().code}


def label(speaking: Language) -> str:
    """ "Language" in the page's language, and in English beside it on a page in
    another one, so a visitor who reads neither finds the way back."""
    if speaking.code == "en":
        return _("Language")
    # Translators: the picker's label: "Language" in your language, then "· Language"
    # in English, as in "Sprache · Language"
    return _("Language · Language")


def show(speaking: Language, warning: str | None, where: DeltaGenerator) -> None:
    """The picker in `where` (the sidebar; on a student's phone, under the poll), each
    language in its own name; the link's unknown ?lang=, as text."""
    codes = [o.code for o in OFFERED]
    if speaking.code not in codes:  # a test-only language: offered to the tests alone
        codes.append(speaking.code)
    with where:
        picked = st.selectbox(
            label(speaking),
            codes,
            index=codes.index(speaking.code),
            format_func=lambda code: BY_CODE[code].name,
            key="language",
            help=_("The page's words and numbers in this language. The link keeps it."),
        )
    if warning:  # it quotes the link's value: shown as text, never as Markdown
        st.warning(as_text(warning))
    with out_of_flow():
        _HTML_LANG(data={"lang": speaking.html_lang}, key="html_lang")
    if picked != speaking.code:
        st.query_params["lang"] = picked
        st.rerun()
