"""Fixtures for the real-browser tests: one Chromium and one `streamlit run app.py`
per session, a fresh browser context (a fresh Streamlit session) per test.

Without a browser the tests skip locally, with one line saying how to get one; in CI
(env CI set) they fail instead, so a missing browser never passes as green.
After every test the page must never have shown an error element and must never
have asked for anything off this machine.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from playwright.sync_api import sync_playwright

import harness
from tests.helpers import PROJECTOR

MEASURED = pytest.StashKey[list]()
NO_BROWSER = pytest.StashKey[str]()


@pytest.fixture
def measured(request):
    """note(what, value): print a measurement now and again in the run's summary, so
    figures show without -s. Measurements are printed, never asserted tightly."""

    def note(what: str, value: str) -> None:
        line = f"{request.node.name}: {what}: {value}"
        print(line)
        request.config.stash.setdefault(MEASURED, []).append(line)

    return note


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(MEASURED, [])
    if lines:
        terminalreporter.section("nnadd in the browser: measured")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test (for the failure screenshot), and show the
    server's last lines under any failing browser test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    missing = item.config.stash.get(NO_BROWSER, None)
    if report.skipped and missing and isinstance(report.longrepr, tuple):
        # One place for every test's skip, so that -ra folds them into one line.
        report.longrepr = (__file__, None, report.longrepr[2])
    server = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(server, harness.Server):
        report.sections.append(
            (f"streamlit server ({server.status()}), last lines", server.log_tail())
        )
    return report


@pytest.fixture(scope="session")
def playwright_session():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium_path(request, playwright_session) -> str:
    try:
        return harness.find_browser(playwright_session)
    except harness.BrowserMisnamed as wrong:
        pytest.fail(str(wrong), pytrace=False)
    except harness.BrowserNotFound as missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a browser for the e2e tests: {missing}", pytrace=False)
        request.config.stash[NO_BROWSER] = str(missing)
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def browser(playwright_session, chromium_path):
    browser = harness.launch_browser(playwright_session, chromium_path)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def start_server(chromium_path):
    """Starts `streamlit run app.py` servers on demand, and stops them all at the end.
    Asks for the browser first, so that without one nothing is started."""
    started = []

    def start(log_name: str) -> harness.Server:
        server = harness.Server(harness.ARTIFACTS / log_name)
        try:
            server.start()
        except harness.ServerDidNotStart as failed:
            pytest.fail(str(failed), pytrace=False)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def server(start_server):
    return start_server("streamlit-server.log")


@contextlib.contextmanager
def checked_visit(request, browser, server, viewport: dict | None = None):
    """A student's fresh visit, not yet navigated; after the test, a screenshot if it
    failed, and the page must have shown no error and asked for nothing elsewhere."""
    if server.status() != "running":
        pytest.fail(f"`streamlit run app.py` {server.status()}:\n{server.log_tail()}")
    visit = harness.open_visit(browser, server.url, viewport=viewport)
    try:
        yield visit
        call = getattr(request.node, "report_call", None)
        if call is not None and call.failed:
            harness.screenshot(visit.page, f"failed-{request.node.name}", whole_page=False)
        errors = harness.exceptions(visit.page)
        assert not errors, f"the page showed {len(errors)} error(s):\n" + "\n---\n".join(errors)
        harness.assert_only_local_requests(visit)
    finally:
        visit.close()


@pytest.fixture
def visit(request, browser, server):
    """A student's fresh visit to the page, loaded and idle."""
    with checked_visit(request, browser, server) as visit:
        harness.load(visit.page, server.url)
        yield visit


@pytest.fixture
def projector(request, browser, server):
    """A fresh visit at a projector's 1280x720, not yet navigated."""
    with checked_visit(request, browser, server, PROJECTOR) as visit:
        yield visit


@pytest.fixture
def page(visit):
    return visit.page
