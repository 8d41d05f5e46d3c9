"""The lesson in a real Chromium at 1280x720, a projector's size: walked with PageDown
only, as a presentation clicker does, each step fitting the screen before and after its
action, with body text of 20 px or more, and every number equal to the trainer's.

Screenshots of each step go to tests/artifacts/lesson-step-N.png (light) and
lesson-dark-step-N.png (dark), for a person to look at; README's come from them.
"""

import re
import time

import pytest

import harness as h
from harness.plain import ArticleNetwork
from nnadd import explain, lesson_plan
from nnadd.data import article_data
from nnadd.perceptron import Perceptron
from nnadd.settings import Settings
from nnadd.training import Trainer
from nnadd.ui.lesson_registry import REGISTRY
from tests.helpers import LESSON, fits, plain_trained, wait_step

pytestmark = pytest.mark.e2e

DATA = article_data()
WORKING = f"{LESSON} .st-key-lesson_working"


def press(page, key: str) -> None:
    """A key pressed with the focus on the page itself, as a clicker sends it."""
    before = h.runs_finished(page)
    page.keyboard.press(key)
    h.wait_runs_finished(page, before)


def metric(page, label: str) -> str:
    return h.metric(page, label, LESSON)


def test_the_lesson_walks_with_pagedown_and_fits_a_projector(projector, server):
    page = projector.page
    page.goto(server.url + "lesson")
    wait_step(page, 1)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or sidebar.get_attribute("data-collapsed") == "true"

    # 1: the untrained neuron; its answer and score "?" until PageDown reveals them
    fits(page, "step 1")
    start = Perceptron.from_seed(42)
    assert metric(page, "Its answer for 0.3 + 0.4") == "?"
    assert metric(page, "Right on the 25 test pairs") == "?"
    press(page, "PageDown")
    assert "step=1" in page.url
    assert metric(page, "Its answer for 0.3 + 0.4") == f"{start.predict(0.3, 0.4):.4f}"
    assert metric(page, "Right on the 25 test pairs") == "5/25"
    fits(page, "step 1 after Reveal")
    h.screenshot(page, "lesson-step-1", whole_page=False)

    # 2: predict, then reveal line by line with PageDown, with the trainer's own numbers
    press(page, "PageDown")
    wait_step(page, 2)
    assert "step=2" in page.url
    fits(page, "step 2 before Reveal")
    h.set_number(page, "Your guess for the new w1", "0.7")
    h.click_and_settle(page, "Reveal")
    trainer = Trainer.from_seed(42)
    update = trainer.step_pair()
    results = (update.z, update.output, update.error, update.delta, update.step,
               update.dw1, update.dw2, update.db, update.new_w1, update.new_w2,
               update.new_b)  # fmt: skip
    for n in range(1, len(results) + 1):
        lines = page.locator(f"{WORKING} .katex-mathml annotation").all_text_contents()
        assert len(lines) == n and lines[-1].endswith(f"{{{explain.num(results[n - 1])}}}")
        if n < len(results):
            press(page, "PageDown")
    shown = page.locator(f"{LESSON} [data-testid='stAlert']").inner_text()
    assert shown.strip() == lesson_plan.guess_verdict(0.7, update)
    answer = page.locator(f"{LESSON} .st-key-lesson_answer")
    assert (
        answer.locator(".katex-mathml annotation")
        .text_content()
        .endswith(rf"\boxed{{{explain.num(update.new_w1)}}}")
    )
    assert lesson_plan.ANSWER_LABEL in answer.inner_text()
    assert (update.new_w1, update.new_b) == (trainer.network.w1, trainer.network.b)
    fits(page, "step 2 after every line")
    h.screenshot(page, "lesson-step-2", whole_page=False)

    # 3: one epoch, its error before and after
    press(page, "PageDown")
    wait_step(page, 3)
    fits(page, "step 3 before its epoch")
    h.click_and_settle(page, "Run one epoch")
    net = ArticleNetwork(42)
    pairs = [(a, b) for a, b, _ in DATA.training]
    targets = [t for *_, t in DATA.training]
    errors = []
    for _ in range(2):
        squares = [(t - net.predict(x)) ** 2 for x, t in zip(pairs, targets, strict=True)]
        errors.append(sum(squares) / len(squares))
        net.train(pairs, targets, 1)
    # three figures, as every error on the page: 0.0580 and 0.0545
    assert metric(page, "Before: error (MSE)") == f"{errors[0]:.3g}".ljust(6, "0")
    assert metric(page, "After one epoch: error (MSE)") == f"{errors[1]:.3g}".ljust(6, "0")
    fits(page, "step 3 after its epoch")
    h.screenshot(page, "lesson-step-3", whole_page=False)

    # 4: watch it learn; T is Train
    press(page, "PageDown")
    wait_step(page, 4)
    fits(page, "step 4 before training")
    assert metric(page, "Epoch") == "1"
    page.keyboard.press("t")
    h.wait_epoch_beyond(page, 1000)
    fits(page, "step 4 while training")
    reference = h.cli_reference(42)
    h.wait_metric(page, "Epoch", "10,000", h.LIVE, timeout=60_000)
    h.wait_idle(page)
    assert h.shown_weights(page) == h.rounded_weights(reference)
    assert h.metric(page, "Test pairs") == "21/25 correct"
    fits(page, "step 4 after training")
    h.screenshot(page, "lesson-step-4", whole_page=False)

    # 5: why 21/25, trained at once when the step opens
    press(page, "PageDown")
    wait_step(page, 5)
    fits(page, "step 5")
    assert metric(page, "Right on the 25 test pairs") == "21/25"
    trained = plain_trained()
    table = page.locator(f"{LESSON} table").inner_text()
    for a, b, times in ((0.9, 0.1, " ×2"), (0.5, 0.5, ""), (0.6, 0.4, "")):  # 0.9 + 0.1 twice
        assert f"{a:g} + {b:g}{times}\t1.0\t{trained.predict((a, b)):.3f}\t0.9" in table
    h.screenshot(page, "lesson-step-5", whole_page=False)

    # 6: linear fixes it
    press(page, "PageDown")
    wait_step(page, 6)
    fits(page, "step 6")
    assert (metric(page, "Sigmoid"), metric(page, "Linear")) == ("21/25 correct", "25/25 correct")
    h.screenshot(page, "lesson-step-6", whole_page=False)

    # 7: your turn, with the code and the link to the Playground
    press(page, "PageDown")
    wait_step(page, 7)
    fits(page, "step 7")
    assert metric(page, "The network's sum") == f"{trained.predict((0.3, 0.4)):.4f}"
    link = page.locator(f"{LESSON} [data-testid='stCode']").first.inner_text().replace("\n", "")
    assert link == lesson_plan.playground_link(server.url + "lesson", Settings())
    code = page.get_by_role("img", name=re.compile("^QR code"))
    assert code.evaluate("img => img.naturalWidth > 0 && img.getBoundingClientRect().width >= 200")
    h.screenshot(page, "lesson-step-7", whole_page=False)

    # PageUp goes back, and step 4 is as it was when it opened
    press(page, "PageUp")
    wait_step(page, 6)
    press(page, "PageUp")
    press(page, "PageUp")
    wait_step(page, 4)
    assert metric(page, "Epoch") == "1"
    fits(page, "step 4 reopened")

    # the Playground is a click away, with its sidebar open again
    page.get_by_role("link", name="Playground").click()
    h.wait_loaded(page)
    assert page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "false"
    assert h.metric(page, "Epoch") == "0"  # the lesson's training is not the Playground's


def test_keys_typed_into_a_number_box_type_there(projector, server):
    page = projector.page
    page.goto(server.url + "lesson?step=2")
    wait_step(page, 2)
    guess = page.get_by_role("spinbutton", name="Your guess for the new w1")
    guess.click()
    before, sent = h.runs_finished(page), h.messages_sent(page)
    page.keyboard.type("0.5")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageUp")
    # the keys asked the server for nothing: a shortcut's rerun is sent as its key is
    # handled (the same check sees the PageDown below, out of the box)
    assert h.messages_sent_once_handled(page) == sent
    assert h.runs_finished(page) == before and guess.input_value() == "0.5"
    assert "step=2" in page.url
    page.get_by_role("heading", name=re.compile("^Step 2")).click()  # the box commits
    h.wait_runs_finished(page, before)
    sent = h.messages_sent(page)
    before = h.runs_finished(page)
    page.keyboard.press("PageDown")  # out of the box: Reveal, the first line of working
    assert h.messages_sent_once_handled(page) > sent
    h.wait_runs_finished(page, before)
    wait_step(page, 2)
    assert page.locator(f"{WORKING} .katex").count() == 1

    page.goto(server.url)
    h.wait_loaded(page)
    first = page.get_by_role("spinbutton", name="First number")
    first.click()
    before, sent = h.runs_finished(page), h.messages_sent(page)
    page.keyboard.press("t")
    page.keyboard.press("p")
    assert h.messages_sent_once_handled(page) == sent  # as above: nothing asked
    assert h.runs_finished(page) == before and h.epoch(page) == 0
    assert first.input_value() == "0.300"
    page.get_by_role("heading", name="A neuron learns to add").click()
    sent = h.messages_sent(page)
    page.keyboard.press("t")  # out of the box, T is Train (Watch: 1,000 epochs a second)
    assert h.messages_sent_once_handled(page) > sent
    h.wait_epoch_beyond(page, 500)
    page.keyboard.press("p")
    h.wait_idle(page)
    paused = h.epoch(page)
    # "Paused, the counter stands still" is the claim: half a second of nothing
    time.sleep(0.5)
    assert h.epoch(page) == paused < 10_000


def pages_printed(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def downloaded_from_the_notes(page, name: str, path):
    """Open the teacher's notes, press the download button `name` and save its file."""
    page.get_by_text("Teacher's notes").click()
    button = page.get_by_role("button", name=name)
    button.wait_for()
    # a click while the notes are still opening was lost now and then: wait for the end
    page.wait_for_function("() => document.getAnimations().length === 0")
    with page.expect_download() as download:
        button.click()
    download.value.save_as(path)
    return path


def test_the_worksheet_prints_on_two_sheets_at_most(projector, server, browser, tmp_path):
    page = projector.page
    page.goto(server.url + "lesson?step=7&seed=7")
    wait_step(page, 7)
    path = downloaded_from_the_notes(page, "Download the worksheet", tmp_path / "worksheet.html")
    sheet = path.read_text()
    assert "<svg" in sheet and "seed=7" in sheet

    reader = browser.new_page()
    asked = []
    reader.on("request", lambda r: asked.append(r.url))
    try:
        reader.goto(path.as_uri())
        assert asked == [path.as_uri()], f"the worksheet fetched {asked[1:]}"
        for n, (title, question) in enumerate(
            (lesson_plan.neutral_title(s), s.question) for s in (step.words for step in REGISTRY)
        ):
            assert reader.get_by_text(f"{n + 1}. {title}").is_visible()
            assert reader.get_by_text(question).is_visible()
        code = reader.locator(".qr svg").bounding_box()
        assert code["width"] > 100 and code["height"] > 100
        for paper in ("A4", "Letter"):
            assert 1 <= pages_printed(reader.pdf(format=paper)) <= 2, paper
    finally:
        reader.close()


def test_all_the_notes_print_and_notes_0_leaves_them_off_the_page(
    projector, server, browser, tmp_path
):
    page = projector.page
    page.goto(server.url + "lesson?step=5&seed=7")
    wait_step(page, 5, 60_000)
    path = downloaded_from_the_notes(page, "Download all the notes", tmp_path / "notes.html")
    reader = browser.new_page()
    asked = []
    reader.on("request", lambda r: asked.append(r.url))
    try:
        reader.goto(path.as_uri())
        assert asked == [path.as_uri()], f"the notes fetched {asked[1:]}"
        shown = reader.locator("body").inner_text()
        for n, step in enumerate((step.words for step in REGISTRY), start=1):
            assert f"{n}. {lesson_plan.title(step, Settings(seed=7))}" in shown
        query = "step=1&epochs=10000&learning_rate=0.1&seed=7&activation=sigmoid"
        first = f"{server.url}lesson?{query}"
        links = reader.locator(".link").all_inner_texts()
        assert links == [first, first + "&notes=0"]
        for paper in ("A4", "Letter"):
            assert 1 <= pages_printed(reader.pdf(format=paper)) <= 2, paper
    finally:
        reader.close()
    # the projector's link: the same step, and no notes to open
    page.goto(links[1].replace("step=1", "step=5"))
    wait_step(page, 5, 60_000)
    assert page.get_by_text("Teacher's notes").count() == 0
    press(page, "PageDown")
    wait_step(page, 6)
    assert page.url.endswith("&notes=0") and page.get_by_text("Teacher's notes").count() == 0


@pytest.mark.parametrize("step", range(1, 8))
def test_each_step_fits_in_the_dark_theme(projector, server, step):
    page = projector.page
    page.emulate_media(color_scheme="dark")
    page.goto(server.url + f"lesson?step={step}")
    wait_step(page, step)
    fits(page, f"dark step {step}")
    if step == 2:
        h.set_number(page, "Your guess for the new w1", "0.65")
        h.click_and_settle(page, "Reveal")
        h.click_and_settle(page, "All lines")
        fits(page, "dark step 2 after Reveal")
    h.screenshot(page, f"lesson-dark-step-{step}", whole_page=False)


def test_step_2s_working_fits_a_phone(browser, server, measured):
    """At 390x844 the eleven lines of working wrap inside their column: no line's
    right edge passes the column's (today's one block of maths was 755 px wide)."""
    visit = h.open_visit(browser, server.url, viewport=h.PHONE)
    try:
        page = visit.page
        page.goto(server.url + "lesson?step=2")
        wait_step(page, 2)
        h.click_and_settle(page, "Reveal")  # no guess typed: the teacher reveals
        h.click_and_settle(page, "All lines")
        h.wait_laid_out(page)
        edges = page.locator(WORKING).evaluate(
            """box => {
              const column = box.closest("[data-testid='stColumn']").getBoundingClientRect();
              const parts = [...box.querySelectorAll(".katex-html .base, .st-key-lesson_answer")];
              return [column.left, column.right, box.querySelectorAll(".katex").length,
                      Math.min(...parts.map(p => p.getBoundingClientRect().left)),
                      Math.max(...parts.map(p => p.getBoundingClientRect().right))];
            }"""
        )
        left, right, lines, leftmost, rightmost = edges
        measured(
            "step 2's working at 390x844",
            f"column {left:.1f} to {right:.1f} px, maths {leftmost:.1f} to {rightmost:.1f} px",
        )
        assert lines == 11
        assert right - left <= h.PHONE["width"]
        assert leftmost >= left - 0.5 and rightmost <= right + 0.5, edges
        h.screenshot(page, "lesson-phone-step-2", whole_page=True)
        assert not h.exceptions(page)
    finally:
        visit.close()
