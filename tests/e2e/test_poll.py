"""The class poll in a real Chromium: the projected lesson (1280x720) asks the class,
five phones (390x844) open the link shown beside the QR code and send guesses, the
count reaches 5, Reveal shows the histogram, and every phone shows the true value.
axe-core finds nothing on the student's page, light or dark.

Screenshots: tests/artifacts/poll-asking.png, poll-reveal.png (light) and
poll-reveal-dark.png, poll-phone-*.png; README's docs/poll-reveal.png is one of them.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

import harness as h
from nnadd import lesson_plan
from nnadd import poll_rules as rules
from nnadd.settings import Settings
from nnadd.ui import poll_store as ps
from tests.helpers import LESSON, PROJECTOR, fits, key_numbers, violations, wait_step

pytestmark = pytest.mark.e2e

PANEL = ".st-key-class-poll"
TRUTH = lesson_plan.poll_truth("w1", lesson_plan.lesson_settings(Settings()))  # step 2: w1
GUESSES = ["0.6500", "0.6400", "0.7000", "0.9000", "0.6000"]
LONG = 60_000


def check_clean(visit: h.Visit, who: str) -> None:
    errors = h.exceptions(visit.page)
    assert not errors, f"{who} showed {len(errors)} error(s):\n" + "\n---\n".join(errors)
    h.assert_only_local_requests(visit)


def answers_in(store: ps.PollStore, code: str) -> int:
    """The poll's answers, read straight from the database (the token is the page's)."""
    with store.engine.connect() as conn:
        found = sa.select(sa.func.count()).select_from(ps.answers)
        return conn.execute(found.where(ps.answers.c.code == code)).scalar()


def answers_count(page) -> str:
    return page.locator(f"{PANEL} h3").filter(has_text=re.compile(r"answered$")).inner_text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_class_answers_from_five_phones_and_sees_the_truth(browser, server, theme, measured):
    teacher = h.open_visit(browser, server.url, viewport=PROJECTOR)
    phones: list[h.Visit] = []
    try:
        page = teacher.page
        page.emulate_media(color_scheme=theme)
        page.goto(server.url + "lesson?step=2")
        wait_step(page, 2)
        fits(page, "step 2 with its Ask the class button")
        h.click_and_settle(page, "Ask the class")
        code_box = page.locator(f"{PANEL} [data-testid='stCode']")
        link = code_box.inner_text().strip()
        assert re.fullmatch(rf"{re.escape(server.url)}answer\?poll=[A-Z2-9]{{5}}", link), link
        page.get_by_role("img", name=f"QR code: it opens {link}").wait_for()
        # the server is at 127.0.0.1: the projector says that phones can't open it
        (local,) = page.locator(f"{PANEL} [data-testid='stAlert']").all_inner_texts()
        assert (
            local == "Phones can't open a localhost link: open the lesson at the class's address."
        )
        page.locator(f"{PANEL} h3", has_text="0 joined · 0 answered").wait_for(timeout=LONG)
        fits(page, "the open poll")
        h.screenshot(page, f"poll-asking-{theme}", whole_page=False)

        for guess in GUESSES:
            phone = h.open_visit(browser, link, viewport=h.PHONE)
            phone.page.emulate_media(color_scheme=theme)
            phones.append(phone)
            phone.page.goto(link)
            h.wait_idle(phone.page, LONG)
            assert phone.page.locator("[data-testid='stSidebar']").count() == 0
            h.set_number(phone.page, "Your guess", guess)
            h.click_and_settle(phone.page, "Send")
            phone.page.get_by_text(f"Sent: {guess}.").wait_for(timeout=LONG)
        h.screenshot(phones[0].page, f"poll-phone-sent-{theme}", whole_page=False)

        page.locator(f"{PANEL} h3", has_text="5 answered").wait_for(timeout=LONG)
        assert answers_count(page) == "5 joined · 5 answered"
        h.click_and_settle(page, "Reveal")
        chart = page.locator(f"{LESSON} [data-testid='stPlotlyChart'] .js-plotly-plot")
        chart.wait_for(timeout=LONG)
        h.wait_laid_out(page, LONG)
        bars = chart.evaluate("gd => gd.data[0].y")
        line = chart.evaluate("gd => gd.data[1].x")
        assert sum(bars) == 5 and line == [pytest.approx(TRUTH)] * 2
        within = sum(abs(float(g) - TRUTH) <= 0.1 for g in GUESSES)
        facts = h.metrics(page, LESSON)
        assert facts["The true value"] == f"{TRUTH:.4f}"
        size, weight = key_numbers(page)["The true value"]  # for the back row
        assert size >= 40 and weight >= 700, (size, weight)
        assert facts["Within 0.1"] == f"{within} of 5 answers"
        fits(page, "the reveal")
        h.screenshot(page, f"poll-reveal-{theme}", whole_page=False)

        for phone, guess in zip(phones, GUESSES, strict=True):
            true_value = phone.page.locator("[data-testid='stMetricValue']")
            true_value.wait_for(timeout=LONG)  # each phone sees the reveal by itself
            assert true_value.inner_text().strip() == f"{TRUTH:.4f}"
            size, weight = key_numbers(phone.page, ".st-key-answer")["The true value"]
            assert size >= 40 and weight >= 700, (size, weight)
            miss = float(guess) - TRUTH
            side = "too high" if miss > 0 else "too low"
            phone.page.get_by_text(f"was {abs(miss):.4f} {side}").wait_for(timeout=LONG)
        h.screenshot(phones[0].page, f"poll-phone-truth-{theme}", whole_page=False)
        measured(f"class poll, {theme}", "5 phones answered, the reveal reached all of them")
        for i, phone in enumerate(phones):
            check_clean(phone, f"phone {i + 1}")
        check_clean(teacher, "the teacher's page")
    finally:
        for phone in phones:
            phone.close()
        teacher.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_on_the_students_page(browser, server, theme, measured):
    teacher = h.open_visit(browser, server.url, viewport=PROJECTOR)
    phone = h.open_visit(browser, server.url, viewport=h.PHONE)
    try:
        teacher.page.goto(server.url + "lesson?step=4")
        wait_step(teacher.page, 4)
        h.click_and_settle(teacher.page, "Ask the class")
        link = teacher.page.locator(f"{PANEL} [data-testid='stCode']").inner_text().strip()
        phone.page.emulate_media(color_scheme=theme)
        phone.page.goto(link)
        h.wait_idle(phone.page, LONG)
        found = violations(phone.page)
        h.set_number(phone.page, "Your guess", "21")
        h.click_and_settle(phone.page, "Send")
        phone.page.get_by_text("Sent: 21.").wait_for(timeout=LONG)
        found += violations(phone.page)
        h.click_and_settle(teacher.page, "Reveal")
        phone.page.locator("[data-testid='stMetricValue']").wait_for(timeout=LONG)
        found += violations(phone.page)
        measured(f"axe-core, the student's poll page, {theme}", f"{len(found)} violations")
        assert found == []
        check_clean(phone, "the phone")
    finally:
        phone.close()
        teacher.close()


def test_the_teacher_is_warned_clears_the_vote_and_the_phones_send_again(browser, server, measured):
    """Two phones answer; 60 more pages join (as a script's would, each from its own
    address): the projector warns, still at 1280x720. Clear answers asks first; after
    Yes, each phone shows its guess box again by itself and can send again."""
    teacher = h.open_visit(browser, server.url, viewport=PROJECTOR)
    phones: list[h.Visit] = []
    store = ps.store_for_url(ps.sqlite_url(ps.sqlite_path()))  # the server's own file
    try:
        page = teacher.page
        page.goto(server.url + "lesson?step=2")
        wait_step(page, 2)
        h.click_and_settle(page, "Ask the class")
        link = page.locator(f"{PANEL} [data-testid='stCode']").inner_text().strip()
        code = link.rsplit("=", 1)[-1]
        for guess in ("0.6500", "0.7000"):
            phone = h.open_visit(browser, link, viewport=h.PHONE)
            phones.append(phone)
            phone.page.goto(link)
            h.wait_idle(phone.page, LONG)
            h.set_number(phone.page, "Your guess", guess)
            h.click_and_settle(phone.page, "Send")
            phone.page.get_by_text(f"Sent: {guess}.").wait_for(timeout=LONG)
        page.locator(f"{PANEL} h3", has_text="2 joined · 2 answered").wait_for(timeout=LONG)
        for i in range(rules.CLASS_MOST - 1):
            store.join(code, rules.new_student(), f"198.51.100.{i + 1}")
        warning = page.locator(f"{PANEL} [data-testid='stAlert']").filter(
            has_text="someone may be sending extra answers"
        )
        warning.wait_for(timeout=LONG)
        assert answers_count(page) == "61 joined · 2 answered"
        h.wait_laid_out(page, LONG)
        fits(page, "the open poll with its warning")
        h.screenshot(page, "poll-warning", whole_page=False)
        found = violations(page)

        h.click_and_settle(page, "Clear answers")
        page.get_by_role("button", name="Yes, delete the answers").wait_for(timeout=LONG)
        assert answers_in(store, code) == 2  # one press deletes nothing
        fits(page, "the open poll asking whether to delete its answers")
        found += violations(page)
        h.screenshot(page, "poll-clear-asks", whole_page=False)
        h.click_and_settle(page, "Yes, delete the answers")
        page.locator(f"{PANEL} h3", has_text="61 joined · 0 answered").wait_for(timeout=LONG)
        assert answers_in(store, code) == 0
        for phone in phones:  # each sees it by itself, within its 3 s check
            phone.page.get_by_text(ps.CLEARED).wait_for(timeout=LONG)
            assert phone.page.get_by_text("You have not sent a guess yet").is_visible()
        h.click_and_settle(phones[0].page, "Send")  # the box still holds 0.6500
        phones[0].page.get_by_text("Sent: 0.6500.").wait_for(timeout=LONG)
        page.locator(f"{PANEL} h3", has_text="61 joined · 1 answered").wait_for(timeout=LONG)
        measured("axe-core, the teacher's poll panel, warned and asking to clear", f"{len(found)}")
        assert found == []
        for i, phone in enumerate(phones):
            check_clean(phone, f"phone {i + 1}")
        check_clean(teacher, "the teacher's page")
    finally:
        for phone in phones:
            phone.close()
        teacher.close()
        store.engine.dispose()
