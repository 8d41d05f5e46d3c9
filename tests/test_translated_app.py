"""Each language on the page, through AppTest: its words come from its catalog, its
numbers carry its own marks, and switching language keeps the run and the step."""

from __future__ import annotations

import pytest
from babel.numbers import get_decimal_symbol

from nnadd import i18n, lesson_plan
from nnadd.settings import DEFAULTS, Settings, start_network
from nnadd.ui import language as languages
from nnadd.ui.lesson_registry import REGISTRY
from tests.helpers import metric, open_app, trainer_of

LESSON, ANSWER = "app_pages/lesson.py", "app_pages/answer.py"
TRANSLATED = [o for o in languages.OFFERED if o.folder]


def said_in(code: str, message: str) -> str:
    """`message` as the catalog of `code` says it."""
    with i18n.using(languages.language(code)):
        return i18n._(message)


def decimal(offered: languages.Offered, value: float, spec: str = ".4f") -> str:
    """A number written by hand in the language's decimal mark (from Babel's data)."""
    return format(value, spec).replace(".", get_decimal_symbol(offered.locale))


@pytest.mark.parametrize("offered", TRANSLATED, ids=lambda o: o.code)
def test_the_playground_speaks_the_link_s_language_with_its_numbers(offered):
    at = open_app({"lang": offered.code})
    assert at.button(key="train").label == said_in(offered.code, "Train") != "Train"
    # the untrained w1 and bias from seed 42; "w1" is a symbol, the same in every language
    start = start_network(DEFAULTS)
    assert metric(at, "w1") == decimal(offered, start.w1)
    assert metric(at, said_in(offered.code, "Bias")) == decimal(offered, start.b)
    assert at.selectbox(key="language").value == offered.code


def test_the_same_seed_shows_its_numbers_in_each_language_s_form():
    english, german = open_app({"seed": "7"}), open_app({"seed": "7", "lang": "de"})
    w1 = start_network(Settings(seed=7)).w1
    assert metric(english, "w1") == f"{w1:.4f}"
    assert metric(german, "w1") == f"{w1:.4f}".replace(".", ",")


def heading(code: str, number: int) -> tuple[str, str]:
    """Step `number`'s heading and title in the catalog of `code`."""
    settings = lesson_plan.lesson_settings(Settings())
    with i18n.using(languages.language(code)):
        title = lesson_plan.title(REGISTRY[number - 1].words, settings)
        said = i18n._("Step {number} of {total} · {title}").format(
            number=i18n.number(number), total=i18n.number(len(REGISTRY)), title=title
        )
    return said, title


@pytest.mark.parametrize("offered", TRANSLATED, ids=lambda o: o.code)
def test_every_lesson_step_is_headed_in_the_language(offered):
    for number in range(1, len(REGISTRY) + 1):
        at = open_app({"lang": offered.code, "step": str(number)}, LESSON)
        said, title = heading(offered.code, number)
        assert at.header[0].value == said
        english = heading("en", number)[1]
        assert title != english, f"step {number} is titled in English: {english!r}"


@pytest.mark.parametrize("offered", TRANSLATED, ids=lambda o: o.code)
def test_a_student_s_phone_speaks_the_link_s_language(offered):
    at = open_app({"lang": offered.code, "poll": "K7M3Q"}, ANSWER)
    assert at.title[0].value == said_in(offered.code, "Class poll")
    assert at.selectbox(key="language").value == offered.code  # its picker, under the poll


def test_switching_language_keeps_the_run_and_the_step():
    at = open_app({"speed": "Fast", "epochs": "400"})
    at.button(key="train").click().run()
    trainer = trainer_of(at)
    assert trainer.epoch == 400
    at.selectbox(key="language").set_value("de").run()
    assert not at.exception
    assert at.query_params["lang"] in ("de", ["de"])
    assert trainer_of(at) is trainer and trainer.epoch == 400  # the same network
    assert at.button(key="train").label == said_in("de", "Train")

    lesson = open_app({"step": "3"}, LESSON)
    lesson.button(key="lesson_run_epoch").click().run()
    lesson.selectbox(key="language").set_value("fr").run()
    assert not lesson.exception
    assert lesson.query_params["step"] in ("3", ["3"])
    assert lesson.header[0].value.startswith(
        said_in("fr", "Step {number} of {total} · {title}")[:3]
    )


def test_the_25_test_pairs_table_writes_the_language_s_decimal_comma():
    from nnadd.data import article_data
    from nnadd.evaluate import evaluate

    at = open_app({"lang": "de"})
    table = next(d.value for d in at.dataframe if said_in("de", "Prediction") in d.value.columns)
    result = evaluate(start_network(DEFAULTS), article_data().test)
    by_hand = [f"{r.prediction:.3f}".replace(".", ",") for r in result.records]
    assert list(table[said_in("de", "Prediction")]) == by_hand
    english = open_app()
    numbers = next(d.value for d in english.dataframe if "Prediction" in d.value.columns)
    assert list(numbers["Prediction"]) == [r.prediction for r in result.records]  # sortable
