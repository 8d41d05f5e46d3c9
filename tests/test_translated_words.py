"""The core's words and numbers outside the lesson and the poll, in the pseudo-language
(tests/pseudo.py): every sentence a page shows from nnadd/wording.py, explain.py,
links.py, modelfile.py, editing.py, training.py, compare.py, landscape.py, evaluate.py
and pacing.py goes through the translator (nothing left outside the ⟦ ⟧ markers), and
every number is written with the language's decimal comma, checked against Python's
own form with its marks swapped by hand. With no language set, English is unchanged."""

from __future__ import annotations

import json
import re

import pytest

from nnadd import explain, i18n, wording
from nnadd.compare import comparison
from nnadd.data import Example, article_data
from nnadd.editing import check_rows
from nnadd.evaluate import evaluate
from nnadd.landscape import best_weights
from nnadd.links import FIELDS, parse_query
from nnadd.modelfile import ModelFileError, load_model
from nnadd.pacing import SPEED_CAPTIONS, SPEED_NAMES, SPEEDS
from nnadd.perceptron import Perceptron
from nnadd.settings import STARTS, Settings, start_key
from nnadd.training import (
    HistoryPoint,
    SettingsError,
    Trainer,
    check_activation,
    check_epochs,
    check_learning_rate,
    check_seed,
)
from tests import pseudo

DATA = article_data()


def german(value: float, spec: str = "") -> str:
    """Python's own form of a number with PSEUDO's marks swapped in by hand: a decimal
    comma and a dot between thousands (independent of nnadd.i18n.number)."""
    return format(value, spec).translate({ord("."): ",", ord(","): "."})


def english_decimals(text: str) -> list[str]:
    """Numbers written the English way: a decimal point before other than exactly three
    digits (PSEUDO writes ten thousand as 10.000, and 0.4701 as 0,4701)."""
    return re.findall(r"\d\.(?!\d{3}(?!\d))\d+", text)


def in_pseudo(make):
    with i18n.using(pseudo.PSEUDO):
        return make()


def all_marked(*texts: str, words: bool = True) -> None:
    """Every text went through the translator (each has words, unless `words` is False:
    a line of maths may have none), and writes no number the English way."""
    for text in texts:
        assert pseudo.leftover_words(text) == "", text
        assert pseudo.OPEN in text or not words, text
        assert english_decimals(text) == [], text


@pytest.fixture(scope="module")
def trained() -> Trainer:
    trainer = Trainer.from_seed(42, "sigmoid", 0.1)
    trainer.train(300)
    return trainer


def test_live_numbers_progress_and_pair_words(trained):
    point = trained.history.latest
    result = evaluate(trained.network, DATA.test)
    shown = in_pseudo(lambda: wording.metrics(point, result))
    assert shown.epoch == "300"
    assert shown.w1 == f"{point.w1:.4f}".replace(".", ",")
    assert (shown.w2, shown.bias) == (german(point.w2, ".4f"), german(point.b, ".4f"))
    assert shown.error == german(point.error, "#.3g")
    assert shown.right == f"⟦{result.correct}/{result.total} correct⟧"
    all_marked(shown.right)
    fill, words = in_pseudo(lambda: wording.progress(4200, 10_000))
    assert (fill, words) == (0.42, "⟦Epoch 4.200 / 10.000⟧")
    assert in_pseudo(lambda: wording.pair_words(3, 28)) == "⟦pair 3 of 28⟧"
    within = in_pseudo(lambda: wording.within_epoch(point, 3, 28))
    all_marked(within)
    assert german(point.w1, ".4f") in within and german(point.b, ".4f") in within


def test_errors_are_written_with_a_decimal_comma():
    cases = {0.0013718: "0,00137", 0.058: "0,0580", 1.2e-6: "1,20 × 10⁻⁶", 0.5: "0,500"}
    for value, expected in cases.items():
        assert in_pseudo(lambda v=value: wording.format_error(v)) == expected
        assert wording.format_error(value) == expected.replace(",", ".")  # English


def test_tables_rows_and_columns(trained):
    result = evaluate(trained.network, DATA.test)
    rows = in_pseudo(lambda: wording.prediction_rows(result))
    marks = {row["Right?"] for row in rows}
    assert marks <= {"⟦✔ right⟧", "⟦✘ wrong⟧"} and marks
    columns = in_pseudo(wording.prediction_columns)
    assert len(columns) == len(wording.PREDICTION_COLUMNS)
    all_marked(*columns)
    history = in_pseudo(wording.history_columns)
    assert history[1:3] == ("w1", "w2")  # the maths' symbols stay
    all_marked(*history[:1], *history[3:])
    all_marked(*in_pseudo(wording.answer_columns))
    points = trained.history.points()
    shown = in_pseudo(lambda: wording.history_rows(points))
    last = points[-1]
    assert shown[-1] == (
        german(last.epoch, ","), german(last.w1, ".4f"), german(last.w2, ".4f"),
        german(last.b, ".4f"), german(last.error, "#.3g"),
    )  # fmt: skip
    answers = in_pseudo(lambda: wording.answer_rows(result))
    first = result.records[0]
    assert answers[0][:3] == (
        f"{german(first.a, 'g')} + {german(first.b, 'g')}",
        german(round(first.sum, 10), "g"),
        german(first.prediction, ".3f"),
    )
    all_marked(*(row[3] for row in answers))


def test_sum_explanations_every_branch():
    said = [
        in_pseudo(lambda: wording.sum_explanation(0.7, 0.8, "sigmoid")),  # sum outside
        in_pseudo(lambda: wording.sum_explanation(1.5, 0.5, "sigmoid")),  # both outside
        in_pseudo(lambda: wording.sum_explanation(-0.2, 0.5, "sigmoid")),  # input outside
        in_pseudo(lambda: wording.sum_explanation(1.5, 0.5, "linear")),
    ]
    all_marked(*said)
    assert "1,5." in said[0] and "2." in said[1]
    assert "-0,2 + 0,5" in said[2] and "0,3." in said[2]


def test_kept_runs_resets_and_announcements(trained):
    settings = Settings(learning_rate=0.25, start="weights", data=DATA.training[:5])
    label = in_pseudo(lambda: wording.run_label(settings, trained))
    all_marked(label)
    assert "0,25" in label and "300" in label
    before = start_key(Settings())
    for after in (
        start_key(Settings(seed=7)),
        start_key(Settings(seed=7, activation="linear")),
        start_key(Settings(seed=7, activation="linear", start="weights", w1=1.0)),
    ):
        all_marked(in_pseudo(lambda a=after: wording.reset_reason(before, a)))
    result = evaluate(trained.network, DATA.test)
    done = in_pseudo(lambda: wording.finished_words(trained, result))
    assert done == f"⟦Training finished: {result.correct}/25 correct after 300 epochs.⟧"
    wild = Trainer(Perceptron(1.0, 1.0, 0.0, "linear"), DATA.training, 1000.0)
    wild.train(50)
    assert wild.diverged
    diverged = in_pseudo(lambda: wording.finished_words(wild, result))
    assert diverged == f"⟦Training diverged at epoch {wild.diverged_at}.⟧"


def test_text_alternatives(trained):
    points = trained.history.points()
    first, last = points[0], points[-1]
    said = in_pseudo(lambda: wording.training_alt(points))
    all_marked(said)
    assert german(last.w1, ".3g") in said and german(first.error, ".3g") in said
    all_marked(in_pseudo(lambda: wording.training_alt(points[:1])))
    net = trained.network
    diagram = in_pseudo(lambda: wording.diagram_alt(net.w1, net.w2, net.b, 0.3, 0.4, 0.6512))
    all_marked(diagram)
    assert "0,6512" in diagram and "⟦The neuron: 0,3 comes in" in diagram
    result = evaluate(net, DATA.test)
    all_marked(in_pseudo(lambda: wording.error_map_alt(result)))
    perfect = evaluate(Perceptron(1.0, 1.0, 0.0, "linear"), DATA.test)
    all_marked(in_pseudo(lambda: wording.error_map_alt(perfect)))  # "none" wrong
    landscape = in_pseudo(lambda: wording.landscape_alt([(0.5, -0.25), (4.98, 5.19)], 4.978, 5.19))
    all_marked(landscape)
    assert "w1 0,5, w2 −0,25" in landscape
    # a comparison is remembered for every page (and made in a worker): made in English,
    # its words come in the language of the page that reads them
    runs = comparison({"sigmoid": trained}, DATA.test)
    alt = in_pseudo(lambda: wording.comparison_alt([(r.label, r.points) for r in runs]))
    label, score = in_pseudo(lambda: (runs[0].label, runs[0].score))
    all_marked(alt, label, score)
    assert runs[0].label == f"sigmoid: {runs[0].correct}/25 correct"
    assert runs[0].activation == "sigmoid"


def test_how_it_works_and_the_lessons_sentences():
    for text in in_pseudo(
        lambda: [wording.how_it_works(), wording.comparison_lesson(), wording.keys_sentence()]
    ):
        all_marked(text)
    english = wording.how_it_works()  # no language set: the source, as before
    assert english.strip().startswith("**The network** is one neuron with two inputs")
    assert "The article uses 10,000." in english
    assert "The article uses 10.000." in in_pseudo(wording.how_it_works)
    assert "The article uses 0,1." in in_pseudo(wording.how_it_works)


def test_worked_arithmetic_writes_a_latex_decimal_comma():
    update = Perceptron(0.3, -0.2, 0.1).update(0.2, 0.3, 0.5, 0.1)
    for activation in ("sigmoid", "linear"):
        latex = in_pseudo(lambda a=activation: explain.update_latex(update, a))
        all_marked(latex)
        assert f"{update.new_w1:.6g}".replace(".", "{,}") in latex
        assert not re.search(r"\d\.\d", latex)
        lines = in_pseudo(lambda a=activation: explain.working_lines(update, a))
        assert sum(line.answer for line in lines) == 1  # the boxed new w1, in any language
        all_marked(*(line.latex for line in lines), words=False)
        assert sum(pseudo.OPEN in line.latex for line in lines) >= 8  # output, error, step...
    assert in_pseudo(lambda: explain.num(0.5)) == "0{,}5"
    assert in_pseudo(lambda: explain.num(-1.25e-7)) == r"-1{,}25 \times 10^{-7}"
    caption = in_pseudo(lambda: explain.update_caption(update, 3, 5, 28))
    assert caption == "⟦Epoch 3, training pair 5 of 28: x1 = 0,2, x2 = 0,3, target = 0,5.⟧"


def test_typed_datas_row_errors_and_warnings():
    def check_all():
        return [
            check_rows([]),
            check_rows([[0.1, 0.2, 0.3]] * 101),
            check_rows([["abc", 0.2, 0.3], [None, 0.1, 0.1], [0.1, "", 0.0]]),
            check_rows([[0.5, 0.9, None], [0.1, 0.2, None]]),
            check_rows([[2.5, 0.9, None]] * 12),
            check_rows([[0.1, 0.2, float("nan")]], targets_are_sums=False),
        ]

    said = [text for c in in_pseudo(check_all) for text in [*c.errors, *c.warnings]]
    assert len(said) == 1 + 1 + 3 + 1 + 1 + 1
    all_marked(*said)
    assert "101" in said[1] and "⟦Row 1: x1 is 'abc', not a number.⟧" in said
    assert said[-1] == "⟦Row 1: ⟦target⟧ is empty, not a number.⟧"  # the header as shown
    english = [text for c in check_all() for text in [*c.errors, *c.warnings]]
    assert english[2] == "Row 1: x1 is 'abc', not a number."
    assert english[5].startswith("Row 1 goes outside [0, 1].")
    assert english[6].startswith("Rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and more go outside")


def test_settings_errors_a_page_shows():
    bad = [
        (check_learning_rate, -0.5), (check_learning_rate, "fast"),
        (check_learning_rate, float("inf")), (check_epochs, -3), (check_epochs, 2.5),
        (check_epochs, 10**9), (check_seed, "x"), (check_activation, "tanh"),
    ]  # fmt: skip
    said = []
    for check, value in bad:
        with i18n.using(pseudo.PSEUDO), pytest.raises(SettingsError) as refused:
            check(value)
        said.append(str(refused.value))
    all_marked(*said)
    assert said[0] == "⟦The learning rate must be greater than 0 (got -0,5).⟧"
    assert "1.000.000.000" in said[5]
    with i18n.using(pseudo.PSEUDO), pytest.raises(SettingsError) as refused:
        Trainer(Perceptron(0, 0, 0), [], 0.1)
    all_marked(str(refused.value))


def test_the_links_warnings_name_the_link_as_it_is():
    query = {
        "epochs": "-3", "learning_rate": "abc", "seed": "1e99", "activation": "tanh",
        "speed": "x", "start": "weights", "w1": "5000", "w2": "nan", "b": "x",
        "data": "1,2", "autostart": "maybe",
    }  # fmt: skip
    settings, warnings = in_pseudo(lambda: parse_query(query))
    assert settings == Settings(start="weights")
    assert len(warnings) == len(query) - 1
    all_marked(*warnings)
    assert "learning_rate='abc'" in warnings[1] and "0,0001" in warnings[1]
    assert "9.007.199.254.740.991" in warnings[2]
    assert "w1 ⟦is⟧" not in warnings[6]  # one message, not glued pieces
    for name in ("epochs", "learning_rate", "seed", "w1", "data"):
        all_marked(in_pseudo(FIELDS[name].what))
    assert in_pseudo(FIELDS["speed"].what) == "⟦Slow or ⟦Watch or Fast⟧⟧"  # link values


def bad_model_files() -> list[bytes]:
    good = {
        "format": "nnadd model", "version": 1, "activation": "sigmoid", "weights": [1, 2],
        "bias": 0, "epoch": 5, "settings": {},
    }  # fmt: skip
    files = [b"x" * 70_000, b"\xff\xfe", b"{bad", b"[" * 5000, b"1" * 5000, b"[]", b"{}"]
    for name, value in [
        ("activation", "tanh"), ("weights", [1]), ("weights", ["a", 1]),
        ("weights", [10**400, 1]), ("bias", None), ("epoch", -1), ("settings", []),
        ("settings", {"epochs": [1]}), ("settings", {"seed": 1.5}), ("settings", {"speed": 3}),
        ("settings", {"learning_rate": "x"}), ("settings", {"epochs": -5}), ("version", 2),
    ]:  # fmt: skip
        files.append(json.dumps({**good, name: value}).encode())
    return [*files, b'{"a": NaN}', b'{"a": 1,}', b'{"a" 1}']


def test_bad_model_files_are_refused_in_the_pages_language():
    said = []
    for raw in bad_model_files():
        with i18n.using(pseudo.PSEUDO), pytest.raises(ModelFileError) as refused:
            load_model(raw)
        said.append(str(refused.value))
    all_marked(*said)
    assert said[0] == "⟦The file is 68 KiB; a model file is at most 64 KiB.⟧"
    assert "⟦Expecting property name enclosed in double quotes⟧" in said[2]


def test_best_weights_words_are_made_for_the_asking_page():
    linear = in_pseudo(lambda: best_weights("linear", DATA.training))
    assert linear.how == "⟦exact addition: w1 = w2 = 1, b = 0⟧"
    rows = (Example(0.1, 0.2, 0.3), Example(0.4, 0.4, 0.8))
    words = in_pseudo(lambda: best_weights("sigmoid", rows).how)
    all_marked(words)
    assert "100.000" in words and "0,1" in words
    assert "100,000-epoch" in best_weights("sigmoid", rows).how  # the same run, in English


def test_scores_and_speeds():
    result = evaluate(Perceptron(4.978, 5.189, -2.561), DATA.test)
    summary = in_pseudo(lambda: result.summary)
    assert summary == f"⟦{result.correct}/25 correct ({german(100 * result.correct / 25, '.1f')}%)⟧"
    for speed in SPEEDS:
        all_marked(in_pseudo(lambda s=speed: SPEED_NAMES[s] + " " + SPEED_CAPTIONS[s]))
    assert set(STARTS) == {"seed", "weights"}  # ids of the link, never translated


def test_english_is_unchanged(trained):
    """With no language set (the command line, and English pages) nothing changes."""
    point = HistoryPoint(10_000, 4.97781, 5.18897, -2.56052, 0.0013718)
    result = evaluate(Perceptron(4.978, 5.189, -2.561), DATA.test)
    assert wording.metrics(point, result) == (
        "10,000", "4.9778", "5.1890", "-2.5605", "0.00137", "21/25 correct",
    )  # fmt: skip
    assert result.summary == "21/25 correct (84.0%)"
    assert wording.within_epoch(point, 3, 28) == (
        "After pair 3 of 28: w1 4.9778, w2 5.1890, bias -2.5605"
    )
    assert wording.sum_explanation(0.7, 0.8, "sigmoid") == (
        "This network ends in a sigmoid, which only outputs numbers between 0 and 1, "
        "so it can never give 1.5."
    )
    assert wording.sum_explanation(1.5, 0.5, "sigmoid") == (
        "This network was trained only on numbers between 0 and 1, and it ends in a "
        "sigmoid, which only outputs numbers between 0 and 1, so it can never give 2."
    )
    settings = Settings(learning_rate=0.25, start="weights", data=DATA.training[:5])
    assert wording.run_label(settings, trained) == (
        "seed 42, lr 0.25, sigmoid, typed start, your data, 300 epochs"
    )
    before = start_key(Settings())
    assert wording.reset_reason(before, start_key(Settings(seed=7))) == (
        "The seed changed, so the network was reset to its new untrained start."
    )
    assert wording.reset_reason(before, start_key(Settings(seed=7, activation="linear"))) == (
        "The seed and the activation changed, so the network was reset to its new untrained start."
    )
    assert wording.training_alt([point._replace(epoch=0, error=0.0561), point]) == (
        "After 10,000 epochs: w1 4.98, w2 5.19, bias −2.56; error 0.00137, down from "
        "0.0561 at epoch 0."
    )
    assert explain.num(-1.25e-7) == r"-1.25 \times 10^{-7}"
    assert explain.update_caption(Perceptron(0, 0, 0).update(0.2, 0.3, 0.5, 0.1), 3, 5, 28) == (
        "Epoch 3, training pair 5 of 28: x1 = 0.2, x2 = 0.3, target = 0.5."
    )
    assert parse_query({"learning_rate": "abc"})[1] == [
        "The link's learning_rate='abc' is not a number from 0.0001 to 1000, so "
        "learning_rate is 0.1."
    ]
    with pytest.raises(ModelFileError, match=r'^"activation" must be sigmoid or linear\.$'):
        load_model(bad_model_files()[7])
