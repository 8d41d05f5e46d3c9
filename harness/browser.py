"""The Chromium to drive: found (NNADD_CHROMIUM, Debian's, or Playwright's own) and
launched headless, with nothing that reaches for the network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEBIAN_CHROMIUM = "/usr/bin/chromium"
HOW_TO_GET_A_BROWSER = (
    "no Chromium for the browser tests: `apt-get install chromium` (Debian), "
    "or set NNADD_CHROMIUM=/path/to/chromium"
)


class BrowserNotFound(RuntimeError):
    """No Chromium to drive; the message says how to get one."""


class BrowserMisnamed(RuntimeError):
    """NNADD_CHROMIUM names no file: a mistake to fix, never a reason to skip."""


def find_browser(playwright: Playwright) -> str:
    """The Chromium to drive: NNADD_CHROMIUM, else Debian's, else Playwright's own
    download if a developer has one. Raises BrowserNotFound, or BrowserMisnamed."""
    named = os.environ.get("NNADD_CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise BrowserMisnamed(f"NNADD_CHROMIUM={named} is not a file")
        return named
    if Path(DEBIAN_CHROMIUM).is_file():
        return DEBIAN_CHROMIUM
    bundled = playwright.chromium.executable_path
    if bundled and Path(bundled).is_file():
        return bundled
    raise BrowserNotFound(HOW_TO_GET_A_BROWSER)


def launch_browser(playwright: Playwright, executable: str) -> Browser:
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Playwright and the Chromium to drive (find_browser), launched headless; both
    closed when the block ends. For the benchmarks: the tests have their fixtures."""
    with sync_playwright() as playwright:
        browser = launch_browser(playwright, find_browser(playwright))
        try:
            yield browser
        finally:
            browser.close()
