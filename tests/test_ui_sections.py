"""Each page section alone, through AppTest.from_function: a section is a function of
its arguments, so it can be drawn and checked without the rest of the page."""

import json

from streamlit.testing.v1 import AppTest

from nnadd.data import article_data
from nnadd.perceptron import Perceptron
from nnadd.training import Trainer
from tests.helpers import alone, training_chart

DATA = article_data()


def test_sidebar_returns_the_settings_its_widgets_hold():
    def script():
        import streamlit as st

        from nnadd.data import article_data
        from nnadd.ui import sidebar

        st.session_state.setdefault("targets_are_sums", True)
        got = sidebar.show(
            list(article_data().training), 0, None, lambda: None, (0.0, 0.0, 0.0), False
        )
        st.write(repr(got))

    at = alone(script)
    at.sidebar.number_input(key="seed").set_value(7).run()
    at.sidebar.selectbox(key="activation").set_value("linear").run()
    shown = at.markdown[0].value
    assert "seed=7" in shown and "activation='linear'" in shown and "data=None" in shown


def test_controls_report_the_button_pressed_and_show_text_not_markdown():
    def script(warnings):
        import streamlit as st

        from nnadd.data import article_data
        from nnadd.training import Trainer
        from nnadd.ui import controls
        from nnadd.ui.run import Run, notice_and_announcement

        controls.header(article_data().training)
        controls.link_warnings(warnings)
        st.write(f"pressed: {controls.buttons(28)}")
        run = Run({"trainer": Trainer.from_seed(1)})
        run.say("error", "**not bold**")
        notice_and_announcement(run)

    at = alone(script, warnings=["[Log in](https://e.vil)"])
    assert at.title[0].value == "A neuron learns to add"
    assert "\\[Log in\\]" in at.warning[0].value
    assert at.error[0].value == "\\*\\*not bold\\*\\*"
    at.button(key="step").click().run()
    assert any(m.value == "pressed: step" for m in at.markdown)


def test_live_draws_the_metrics_progress_and_chart():
    def script(epochs):
        from nnadd.data import article_data
        from nnadd.landscape import Best
        from nnadd.training import Trainer
        from nnadd.ui import live

        trainer = Trainer.from_seed(42)
        trainer.train(epochs)
        slots = live.layout()
        diagram = slots.replay  # any slot will do for the diagram here
        view = live.View(10_000, Best(5, 5, -2.5, "test"), [], article_data().test, diagram,
                         0.3, 0.4)  # fmt: skip
        live.draw(slots, view, trainer, trainer.history.latest, trainer.network, "t")

    at = alone(script, epochs=500)
    values = {m.label: m.value for m in at.metric}
    ref = Trainer.from_seed(42)
    ref.train(500)
    assert values["Epoch"] == "500" and values["w1"] == f"{ref.network.w1:.4f}"
    assert len(at.get("plotly_chart")) == 1  # the diagram
    _, chart_alt = training_chart(at)  # the training chart: nnadd/ui/live_chart.py
    # each chart says its numbers in words (alt text, for screen readers)
    (diagram_alt,) = (e.proto.alt for e in at.get("plotly_chart"))
    first = Trainer.from_seed(42).history.latest.error
    assert chart_alt == (
        f"After 500 epochs: w1 {ref.network.w1:.3g}, w2 {ref.network.w2:.3g}, bias "
        f"{ref.network.b:.3g}; error {ref.history.latest.error:.3g}, down from "
        f"{first:.3g} at epoch 0."
    ).replace("-", "−")
    out = ref.network.predict(0.3, 0.4)
    assert diagram_alt.startswith("The neuron: 0.3 comes in with weight w1 = ")
    assert diagram_alt.endswith(f"it answers {out:.4f}.")
    assert at.get("progress")[0].proto.text == "Epoch 500 / 10,000"


def test_replay_shows_an_earlier_epoch():
    def script():
        import streamlit as st

        from nnadd.training import Trainer
        from nnadd.ui import replay

        trainer = Trainer.from_seed(42)
        trainer.train(300)
        shown = replay.show(st.empty(), st.empty(), trainer, running=False)
        st.write(f"{shown.epoch} {shown.replayed} {shown.network.w1!r}")

    at = alone(script)
    assert at.markdown[0].value.startswith("300 False")
    epoch = 150
    at = at.select_slider[0].set_value(epoch).run()
    ref = Trainer.from_seed(42)
    ref.train(epoch)
    assert at.markdown[0].value == f"{epoch} True {ref.network.w1!r}"
    assert "Replaying epoch" in at.info[0].value


def test_neuron_adds_with_the_network_given():
    def script():
        import streamlit as st

        from nnadd.perceptron import Perceptron
        from nnadd.ui import neuron

        cell = neuron.show(Perceptron(1.0, 1.0, 0.0, "linear"), untrained=False)
        st.write(f"a={cell.a} b={cell.b}")

    at = alone(script)
    at.number_input(key="first_number").set_value(0.25).run()
    values = {m.label: m.value for m in at.metric}
    assert values["The network's sum"] == "0.6500" and values["True sum"] == "0.6500"
    assert at.markdown[-1].value == "a=0.25 b=0.4"


def test_predictions_score_the_test_pairs():
    def script():
        from nnadd.data import article_data
        from nnadd.perceptron import Perceptron
        from nnadd.ui import predictions

        predictions.show(Perceptron(1.0, 1.0, 0.0, "linear"), article_data().test)

    at = alone(script)
    table = at.dataframe[0].value
    assert len(table) == 25 and (table["Right?"] == "✔ right").all()
    assert at.metric[0].value == "25/25 correct (100.0%)"


def test_worked_update_shows_the_last_single_update():
    def script(pairs):
        import streamlit as st

        from nnadd.training import Trainer
        from nnadd.ui import worked_update

        trainer = Trainer.from_seed(42)
        for _ in range(pairs):
            trainer.step_pair()
        worked_update.show(st.container(), trainer)

    nothing = alone(script, pairs=0)
    assert not nothing.caption and not nothing.get("latex")  # nothing to work out yet
    at = alone(script, pairs=2)
    assert "training pair 2 of 28" in at.caption[0].value
    assert at.get("latex")


def test_maps_draw_the_error_map_and_the_landscape():
    def script():
        from nnadd.data import article_data
        from nnadd.evaluate import evaluate
        from nnadd.landscape import best_weights
        from nnadd.training import Trainer
        from nnadd.ui import maps

        data = article_data()
        trainer = Trainer.from_seed(42)
        trainer.train(200)
        result = evaluate(trainer.network, data.test)
        best = best_weights("linear", data.training)
        maps.show(trainer.network, result, trainer.history.points(), data.training,
                  data.test, best, expanded=True)  # fmt: skip

    at = alone(script)
    charts = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    assert [c["data"][0]["type"] for c in charts] == ["heatmap", "contour"]
    map_alt, land_alt = (e.proto.alt for e in at.get("plotly_chart"))
    trained = Trainer.from_seed(42)
    trained.train(200)
    from nnadd.evaluate import evaluate

    wrong = 25 - evaluate(trained.network, DATA.test).correct
    assert map_alt.startswith(f"Error map over a and b from 0 to 1. {wrong} of 25 test pairs")
    assert land_alt.endswith("the best are w1 1, w2 1.")


def test_the_maps_cost_nothing_until_their_expander_is_opened():
    def script():
        from nnadd.data import article_data
        from nnadd.evaluate import evaluate
        from nnadd.landscape import best_weights
        from nnadd.training import Trainer
        from nnadd.ui import maps

        data = article_data()
        trainer = Trainer.from_seed(42)
        result = evaluate(trainer.network, data.test)
        best = best_weights("sigmoid", data.training)
        maps.show(trainer.network, result, trainer.history.points(), data.training,
                  data.test, best)  # fmt: skip

    at = alone(script)
    assert not at.get("plotly_chart")
    (box,) = at.expander
    assert box.label == "Show the error map and the loss landscape"


def test_side_by_side_trains_both_when_asked():
    def script():
        import streamlit as st

        from nnadd.data import article_data
        from nnadd.settings import Settings
        from nnadd.ui import side_by_side

        data = article_data()
        fresh = side_by_side.show(Settings(epochs=300), data.training, data.test, None, "t")
        st.write(f"fresh: {[c.label for c in fresh] if fresh else None}")

    at = alone(script)
    assert at.markdown[-1].value == "fresh: None"
    at.button(key="compare_button").click().run()
    sig, lin = Trainer.from_seed(42, "sigmoid"), Trainer.from_seed(42, "linear")
    sig.train(300)
    lin.train(300)
    from nnadd.evaluate import evaluate

    labels = [f"{n}: {evaluate(t.network, DATA.test).correct}/25 correct" for n, t in
              (("sigmoid", sig), ("linear", lin))]  # fmt: skip
    assert at.markdown[-1].value == f"fresh: {labels}"


def test_share_shows_the_link_and_reports_keep():
    def script():
        import streamlit as st

        from nnadd.links import to_query
        from nnadd.settings import Settings
        from nnadd.training import Trainer
        from nnadd.ui import share

        trainer = Trainer.from_seed(3)
        trainer.train(20)
        settings = Settings(seed=3)
        got = share.show(settings, to_query(settings), "http://here/", trainer, [], lambda: None)
        st.write(f"pressed: {got}")

    at = alone(script)
    assert at.code[0].value.startswith("http://here/?epochs=10000&learning_rate=0.1&seed=3")
    at.button(key="keep_run").click().run()
    assert at.markdown[-1].value == "pressed: keep"
    assert at.button(key="forget_runs").disabled


def test_how_it_works_explains_the_controls():
    def script():
        from nnadd.ui import how_it_works

        how_it_works.show(None)

    at = alone(script)
    assert "backpropagation" in at.expander[0].markdown[0].value
    assert "pure Python" in at.caption[0].value  # where the neuron comes from, last


def test_session_holds_the_state_and_one_run_at_a_time():
    def script():
        import streamlit as st

        from nnadd.settings import Settings
        from nnadd.ui.session import Session

        session = Session()
        state = session.playground()
        first = state.run.claim()
        session.first_visit({"seed": "9", "activation": "nope"})
        state.apply(Settings(seed=9))
        st.write(f"{first} {state.run.is_current(first)} {state.trainer.network.w1!r}")
        st.write(" | ".join(session.take_link_warnings()))

    at = alone(script)
    w1 = Perceptron.from_seed(9).w1
    assert at.markdown[0].value == f"1 True {w1!r}"
    assert "activation='nope'" in at.markdown[1].value
    at.run()
    assert at.markdown[0].value.startswith("2 True")
    assert at.markdown[1].value == ""  # the link's warnings are shown once


def test_the_plain_tables_hold_the_answers_and_the_run_read_aloud():
    """The answers and the run as HTML tables, checked against a plain recomputation:
    every test pair once, and the run's first, last and evenly spread epochs."""
    from nnadd.data import article_data
    from nnadd.evaluate import evaluate
    from nnadd.training import Trainer

    def page():

        from nnadd.data import article_data
        from nnadd.evaluate import evaluate
        from nnadd.training import Trainer
        from nnadd.ui import tables

        trainer = Trainer.from_seed(42)
        trainer.train(1_000)
        test = article_data().test
        tables.show(evaluate(trainer.network, test), trainer.history.points())

    at = AppTest.from_function(page).run()
    assert not at.exception
    answers, run = at.table
    data = article_data()
    trainer = Trainer.from_seed(42)
    trainer.train(1_000)
    result = evaluate(trainer.network, data.test)
    answers = answers.value
    assert len(answers) == 25
    for row, (a, b) in zip(answers.itertuples(index=False), data.test, strict=True):
        out = trainer.network.predict(a, b)
        assert row.Pair == f"{a:g} + {b:g}"
        assert row.Prediction == f"{out:.3f}"
        assert row[3] == ("right" if round(out, 1) == round(a + b, 1) else "wrong")
    assert sum(r == "right" for r in answers["Right?"]) == result.correct
    points = trainer.history.points()
    run = run.value
    assert len(run) == min(51, len(points))
    assert run["Epoch"].iloc[0] == "0" and run["Epoch"].iloc[-1] == f"{trainer.epoch:,}"
    assert run["w1"].iloc[-1] == f"{trainer.network.w1:.4f}"
    epochs = [int(e.replace(",", "")) for e in run["Epoch"]]
    assert epochs == sorted(set(epochs))  # each epoch once, in order
