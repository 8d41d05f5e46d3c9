"""Screenshots of every lesson step as the back row sees it, for docs/screens/.

    python -m harness.lesson_screens [FOLDER] [LANG]

starts `streamlit run app.py`, opens each step at a projector's 1280x720 in the light
and the dark theme, does the step's action (the reveals, the epoch, the watched run)
and saves lesson-step-N-light.png and lesson-step-N-dark.png; then Step 2 revealed on
a phone (390x844), whole, as lesson-step-2-phone.png. FOLDER is docs/screens by default.
With LANG (de, fr, es, pt-BR, zh), the lesson speaks that language and each file's name
ends in it (lesson-step-2-zh-light.png).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

import harness as h
from nnadd import i18n
from nnadd.ui import language as languages
from nnadd.ui.lesson_registry import REGISTRY

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


LANG = "en"  # the language the screenshots are taken in (main's second argument)


def said(message: str) -> str:
    """A button's or heading's words in LANG, from its catalog."""
    with i18n.using(languages.language(LANG)):
        return i18n._(message)


def heading_start(number: int) -> str:
    """The start of step `number`'s heading in LANG, "Step 2 of 7 · " in English."""
    with i18n.using(languages.language(LANG)):
        return i18n._("Step {number} of {total} · {title}").format(
            number=i18n.number(number), total=i18n.number(len(REGISTRY)), title=""
        )


def wait_step(page: Page, number: int) -> None:
    start = re.escape(heading_start(number).strip())
    page.get_by_role("heading", name=re.compile(rf"^{start}")).wait_for()
    h.wait_idle(page)
    h.wait_laid_out(page)


def press_all(*names: str) -> Callable[[Page], None]:
    """Press each button that is there, in order, each as often as it stays enabled (a
    line-by-line reveal is pressed until its last line)."""

    def act(page: Page) -> None:
        for name in names:
            for _ in range(30):
                found = h.button(page, said(name))
                if found.count() == 0 or found.first.is_disabled():
                    break
                h.click_and_settle(page, said(name))

    return act


def watch_run(page: Page) -> None:
    h.click_and_settle(page, said("Train"))
    h.wait_idle(page, timeout=120_000)


ACTIONS: dict[str, Callable[[Page], None]] = {
    "untrained": press_all("Reveal"),
    "predict": press_all("Reveal", "All lines"),
    "one-epoch": press_all("Run one epoch"),
    "watch": watch_run,
}


def shoot(page: Page, url: str, number: int, path: Path, whole: bool = False) -> None:
    page.goto(f"{url}lesson?step={number}" + ("" if LANG == "en" else f"&lang={LANG}"))
    wait_step(page, number)
    ACTIONS.get(REGISTRY[number - 1].id, lambda _page: None)(page)
    h.wait_laid_out(page)
    tall = PROJECTOR["height"]
    if whole:
        tall = page.evaluate(
            "() => document.querySelector(\"[data-testid='stMain']\").scrollHeight"
        )
        page.set_viewport_size({"width": page.viewport_size["width"], "height": tall})
        h.wait_laid_out(page)
    page.screenshot(path=str(path))


def main(folder: Path, lang: str = "en") -> None:
    global LANG
    LANG = lang
    named = "" if lang == "en" else f"-{lang}"
    folder.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp())
    with h.running_server(logs / "s.log") as server, h.chromium() as browser:
        for theme in ("light", "dark"):
            visit = h.open_visit(browser, server.url, PROJECTOR)
            page = visit.page
            page.emulate_media(color_scheme=theme)
            for number in range(1, len(REGISTRY) + 1):
                shoot(page, server.url, number, folder / f"lesson-step-{number}{named}-{theme}.png")
                print(f"step {number}, {theme}", flush=True)
            visit.close()
        phone = h.open_visit(browser, server.url, PHONE)
        shoot(phone.page, server.url, 2, folder / f"lesson-step-2{named}-phone.png", whole=True)
        phone.close()
    print(f"saved in {folder}")


if __name__ == "__main__":
    main(
        Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screens"),
        sys.argv[2] if len(sys.argv) > 2 else "en",
    )
