"""The lesson's parts alone, through AppTest.from_function: each is a function of its
arguments, drawn and checked without the page around it."""

from nnadd import lesson_plan as words
from nnadd.perceptron import Perceptron
from nnadd.settings import Settings
from tests.helpers import alone


def test_the_bar_says_where_we_are_and_moves_through_its_callback():
    def script(number):
        import streamlit as st

        from nnadd.ui import lesson_frame

        st.session_state.setdefault("went", None)
        lesson_frame.bar(
            number, 7, "One epoch", "A lead.", lambda n: st.session_state.update(went=n)
        )
        st.write(f"went: {st.session_state.went}")

    at = alone(script, number=3)
    assert at.header[0].value == "Step 3 of 7 · One epoch"
    assert at.markdown[0].value == "A lead."
    at.button(key="lesson_next").click().run()
    assert at.markdown[-1].value == "went: 4"
    at.button(key="lesson_previous").click().run()
    assert at.markdown[-1].value == "went: 2"
    first = alone(script, number=1)
    assert first.button(key="lesson_previous").disabled
    assert not first.button(key="lesson_next").disabled


def test_warnings_are_one_message_shown_as_text():
    def script():
        from nnadd.ui import lesson_frame

        lesson_frame.warnings(["one *two*", "[three](https://e.vil)"])
        lesson_frame.warnings([])

    at = alone(script)
    assert len(at.warning) == 1
    shown = at.warning[0].value.replace("\u2060", "")  # as_text's invisible joiners
    assert shown == "one \\*two\\*\n\n\\[three\\]\\(https\\:\\/\\/e\\.vil\\)"


def test_the_notes_are_collapsed_and_hold_the_keys_settings_link_and_worksheet():
    def script():
        from nnadd.lesson_plan import WHY
        from nnadd.settings import Settings
        from nnadd.ui import lesson_frame

        lesson_frame.notes(
            WHY, Settings(seed=3),
            ("http://here/lesson?step=5", "http://here/lesson?step=5&notes=0"),
            lambda: "<html></html>", lambda: "<html></html>",
        )  # fmt: skip

    at = alone(script)
    (notes,) = at.expander
    assert notes.label == "Teacher's notes" and not notes.proto.expanded
    said = " ".join(m.value for m in notes.markdown)
    assert "**Why:**" in said and "PageUp" in said and "seed 3" in said
    assert notes.code[0].value == "http://here/lesson?step=5"
    assert at.get("download_button")[0].proto.label == "Download the worksheet"
    assert notes.code[1].value == "http://here/lesson?step=5&notes=0"
    assert at.get("download_button")[1].proto.label == "Download all the notes"


def test_step_1_shows_the_diagram_answer_and_score_once_revealed():
    def script(shown):
        from nnadd.data import article_data
        from nnadd.evaluate import evaluate
        from nnadd.perceptron import Perceptron
        from nnadd.ui import lesson_reveals

        net = Perceptron(1.0, 1.0, 0.0, "linear")
        lesson_reveals.untrained(net, evaluate(net, article_data().test), shown, lambda: None, None)

    at = alone(script, shown=True)
    values = {m.label: m.value for m in at.metric}
    assert values == {"Its answer for 0.3 + 0.4": "0.7000", "The true sum": "0.7000",
                      "Right on the 25 test pairs": "25/25"}  # fmt: skip
    assert "it answers 0.700" in at.get("plotly_chart")[0].proto.alt
    assert not at.button
    hidden = alone(script, shown=False)
    values = {m.label: m.value for m in hidden.metric}
    assert values["Its answer for 0.3 + 0.4"] == values["Right on the 25 test pairs"] == "?"
    assert "0.700" not in hidden.get("plotly_chart")[0].proto.spec
    assert hidden.button(key="lesson_reveal_untrained").label == "Reveal"


def test_step_2_shows_as_many_lines_as_revealed():
    def script(shown):
        import streamlit as st

        from nnadd.perceptron import Perceptron
        from nnadd.ui import lesson_reveals

        update = Perceptron(1.0, 1.0, 0.0, "linear").update(0.5, 0.5, 1.0, 0.1)
        lesson_reveals.predict(
            update, "linear", shown, lambda n: st.write(f"reveal of {n}"),
            lambda n: st.write(f"all {n}"),
        )  # fmt: skip

    at = alone(script, shown=0)
    assert at.info and at.button(key="lesson_reveal")
    at.button(key="lesson_reveal").click().run()
    assert at.markdown[0].value == "reveal of 11"  # no guess needed
    at = alone(script, shown=3)
    assert sum(m.value.count("$") for m in at.markdown) == 2 * 3
    at.button(key="lesson_all_lines").click().run()
    assert at.markdown[0].value == "all 11"
    # linear, z = 1 on 0.5 + 0.5 = 1: nothing to learn, w1 stays 1, boxed as the answer
    at = alone(script, shown=11)
    at.number_input(key="lesson_guess").set_value(1.5).run()
    assert not at.success  # 0.5 off: told how far in a neutral box, green only within 0.1
    shown = at.info[0].value.replace("\\", "").replace("\u2060", "")
    assert "was 0.5000 too high: w1 went from 1.0000 to 1.0000" in shown
    at.number_input(key="lesson_guess").set_value(1.05).run()
    assert "was 0.0500 too high" in at.success[0].value.replace("\\", "")
    assert any(r"\boxed{1}" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.key in ("lesson_next_line", "lesson_all_lines")]


def test_step_3_shows_after_once_run():
    def script(done):
        from nnadd import lesson_plan as words
        from nnadd.settings import Settings
        from nnadd.ui import lesson_steps

        lesson_steps.one_epoch(words.one_epoch(Settings()), done, lambda: None)

    before = alone(script, done=False)
    assert {m.label: m.value for m in before.metric}["After one epoch: error (MSE)"] == "?"
    after = alone(script, done=True)
    change = words.one_epoch(Settings())
    assert after.metric[1].value == "0.0545"  # three figures, as every error on the page
    assert abs(float(after.metric[1].value) - change.error_after) < 5e-5
    assert after.button(key="lesson_run_epoch").disabled
    assert any("5.9% lower" in m.value for m in after.markdown)


def test_step_4s_buttons_follow_the_run():
    def script(running, epochs):
        from nnadd import lesson_plan as words
        from nnadd.settings import Settings
        from nnadd.ui import lesson_steps

        trainer = words.watch_start(Settings())
        nothing = lesson_steps.WatchButtons(lambda: None, lambda: None, lambda: None)
        lesson_steps.watch(trainer, epochs, running, "The lead.", nothing)

    idle = alone(script, running=False, epochs=100)
    assert not idle.button(key="lesson_train").disabled and idle.button(key="lesson_pause").disabled
    assert idle.markdown[-1].value == "The lead."
    busy = alone(script, running=True, epochs=100)
    assert busy.button(key="lesson_train").disabled and not busy.button(key="lesson_pause").disabled
    # the run has ended: the teacher can run it again, at once
    done = alone(script, running=False, epochs=1)
    assert [b.label for b in done.button] == ["Run again", "Pause"]
    assert not done.button(key="lesson_again").disabled


def test_step_5_maps_the_error_and_lists_the_wrong_pairs():
    def script():
        from nnadd import lesson_plan as words
        from nnadd.data import article_data
        from nnadd.settings import Settings
        from nnadd.ui import lesson_steps

        s = Settings()
        lesson_steps.why(words.trained(s), words.trained_score(s), article_data().test)

    at = alone(script)
    assert at.metric[0].value == "21/25"
    assert at.get("plotly_chart")[0].proto.alt.startswith("Error map")
    table = next(m.value for m in at.markdown if m.value.startswith("| wrong pair"))
    assert "| 0.5 + 0.5 | 1.0 | 0.926 | 0.9 |" in table


def test_step_6_shows_both_scores():
    def script():
        from nnadd import lesson_plan as words
        from nnadd.settings import Settings
        from nnadd.ui import lesson_steps

        lesson_steps.linear(words.compared(Settings(epochs=500)))

    at = alone(script)
    sig, lin = (c.score for c in words.compared(Settings(epochs=500)))
    assert {m.label: m.value for m in at.metric} == {"Sigmoid": sig, "Linear": lin}


def test_step_7_adds_shows_the_code_and_warns_about_localhost():
    def script(link):
        from nnadd.perceptron import Perceptron
        from nnadd.ui import lesson_frame, lesson_steps

        lesson_steps.your_turn(Perceptron(1.0, 1.0, 0.0, "linear"), link, lesson_frame.qr_svg(link))

    far = alone(script, link="http://10.1.2.3:8501/?seed=1")
    assert {m.label: m.value for m in far.metric}["The network's sum"] == "0.7000"
    assert far.code[0].value == "http://10.1.2.3:8501/?seed=1" and not far.caption
    near = alone(script, link="http://localhost:8501/?seed=1")
    assert "phones can't open it" in near.caption[0].value


def test_the_qr_code_is_black_on_white_svg_that_scales():
    from nnadd.ui import lesson_frame

    svg = lesson_frame.qr_svg("http://10.1.2.3:8501/?seed=1")
    assert svg.startswith("<svg") and "viewBox" in svg and "width=" not in svg
    assert 'stroke="#000"' in svg and 'fill="#fff"' in svg
    assert svg == lesson_frame.qr_svg("http://10.1.2.3:8501/?seed=1")
    assert svg != lesson_frame.qr_svg("http://10.1.2.3:8501/?seed=2")


def test_the_untrained_network_is_the_seeds():
    assert words.untrained(Settings(seed=9)) == Perceptron.from_seed(9)
