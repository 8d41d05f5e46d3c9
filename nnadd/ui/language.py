"""The languages the page speaks, built with Babel: each one's catalog (read from its
.po file under nnadd/locale) and its numbers' marks (from Babel's locale data).

Which language a visit speaks: `?lang=` in its link, else the browser's language
(st.context.locale), else English. The core's nnadd/i18n.py holds the chosen one for
the script run; nothing here is process-wide but the catalogs, read once.
"""

from __future__ import annotations

import gettext
import io
import threading
from pathlib import Path
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

from nnadd.i18n import ENGLISH, Language, Numbers, _, using

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "nnadd"


class Offered(NamedTuple):
    """A language the picker offers: its code in links, its own name, Babel's locale,
    the catalog's folder under nnadd/locale, and `<html lang>`."""

    code: str
    name: str
    locale: str
    folder: str
    html_lang: str


# In the picker's order. Each language is named in its own words.
OFFERED = (
    Offered("en", "English", "en", "", "en"),
    Offered("de", "Deutsch", "de", "de", "de"),
    Offered("fr", "Français", "fr", "fr", "fr"),
    Offered("es", "Español", "es", "es", "es"),
    Offered("pt-BR", "Português (Brasil)", "pt_BR", "pt_BR", "pt-BR"),
    Offered("zh", "中文", "zh_Hans_CN", "zh_Hans", "zh-Hans"),
)
BY_CODE = {o.code: o for o in OFFERED}
# Other spellings of the same languages that links and browsers use.
ALIASES = {
    "pt": "pt-BR", "pt-br": "pt-BR", "pt_br": "pt-BR",
    "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "zh_hans": "zh", "zh-sg": "zh",
    "zh-hans-cn": "zh",
}  # fmt: skip


def canonical(code: str) -> str | None:
    """The offered language a link's or a browser's code names, or None."""
    text = code.strip()
    if text in BY_CODE:
        return text
    lowered = text.lower()
    for offered in BY_CODE:
        if offered.lower() == lowered:
            return offered
    return ALIASES.get(lowered)


def from_browser(locale: str | None) -> str | None:
    """The offered language closest to the browser's ("de-AT" -> "de"), or None."""
    if not locale:
        return None
    exact = canonical(locale)
    if exact:
        return exact
    return canonical(locale.replace("_", "-").split("-")[0])


_catalogs: dict[str, gettext.NullTranslations] = {}
_catalogs_lock = threading.Lock()


def catalog(folder: str) -> gettext.NullTranslations:
    """The translations in nnadd/locale/<folder>/LC_MESSAGES/nnadd.po, read once per
    process. Babel writes the .po as a compiled catalog in memory, so the .po in the
    repository is the only copy: there is no .mo to fall out of step with it."""
    with _catalogs_lock:
        if folder not in _catalogs:
            path = LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"
            if not folder or not path.exists():
                _catalogs[folder] = gettext.NullTranslations()
            else:
                with path.open("rb") as po:
                    messages = read_po(po, locale=folder)
                compiled = io.BytesIO()
                write_mo(compiled, messages)  # fuzzy (unchecked) translations are left out
                compiled.seek(0)
                _catalogs[folder] = gettext.GNUTranslations(compiled)
        return _catalogs[folder]


def numbers(locale: str) -> Numbers:
    """A locale's decimal mark, thousands mark, minus sign and percent sign, as Babel's
    data has them (German "," and "." and "5,9 %" with a no-break space; French ","
    and a narrow no-break space)."""
    # the percent pattern's end, after its last digit: "%" or " %" (no-break space)
    percent = Locale.parse(locale).percent_formats[None].pattern.rsplit("0", 1)[-1]
    return Numbers(
        get_decimal_symbol(locale),
        get_group_symbol(locale),
        get_minus_sign_symbol(locale),
        percent,
    )


_languages: dict[str, Language] = {"en": ENGLISH}


def language(code: str) -> Language:
    """The offered language of this code, with its catalog and numbers."""
    if code not in _languages:
        offered = BY_CODE[code]
        _languages[code] = Language(
            offered.code, offered.name, offered.html_lang, catalog(offered.folder),
            numbers(offered.locale),
        )  # fmt: skip
    return _languages[code]


def plotly_separators(lang: Language) -> str:
    """Plotly's `layout.separators`: the decimal mark, then the thousands mark."""
    return lang.numbers.decimal + lang.numbers.group


class Choice(NamedTuple):
    language: Language
    warning: str | None  # a link's unknown ?lang=, said once, as text


def choose(link_lang: str | None, browser_locale: str | None) -> Choice:
    """The link's language, else the browser's, else English."""
    if link_lang is not None and canonical(link_lang):
        return Choice(language(canonical(link_lang)), None)
    chosen = language(from_browser(browser_locale) or "en")
    if link_lang is None:
        return Choice(chosen, None)
    shown = link_lang if len(link_lang) <= 24 else link_lang[:21] + "..."
    names = ", ".join(o.code for o in OFFERED)
    with using(chosen):  # the warning in the language the page falls back to
        warning = _("The link's lang={shown} is not a language nnadd speaks ({names}).")
    return Choice(chosen, warning.format(shown=repr(shown), names=names))


def babel_locale(lang: Language) -> Locale:
    """Babel's locale for a language (for the tests and the catalog tools)."""
    try:
        return Locale.parse(BY_CODE[lang.code].locale)
    except (KeyError, UnknownLocaleError):
        return Locale.parse("en")
