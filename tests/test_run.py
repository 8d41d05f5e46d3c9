"""The run object (nnadd/ui/run.py): one script run at a time trains, and what a run
says is said once."""

from streamlit.testing.v1 import AppTest


def test_an_older_script_run_stops_at_its_turn_and_a_newer_one_trains():
    def script():
        import streamlit as st

        from nnadd.training import Trainer
        from nnadd.ui.run import Run

        run = Run(st.session_state.setdefault("run", {"trainer": Trainer.from_seed(1)}))
        older = run.claim()
        newer = run.claim()  # a click started a newer script run meanwhile
        with run.turn(newer) as trainer:
            trainer.train(3)
        st.write(f"newer trained: epoch {run.trainer.epoch}")
        with run.turn(older) as trainer:  # stops here: st.stop
            trainer.train(100)
        st.write("the older one trained too")

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    said = [m.value for m in at.markdown]
    assert said == ["newer trained: epoch 3"]
    assert at.session_state["run"]["trainer"].epoch == 3


def test_a_run_says_its_end_once_and_its_notice_until_cleared():
    from nnadd.training import Trainer
    from nnadd.ui.run import Run

    run = Run({"trainer": Trainer.from_seed(1)})
    assert run.take_announcement() is None
    run.running = True
    run.finish("Training finished.")
    assert not run.running
    assert run.take_announcement() == "Training finished."
    assert run.take_announcement() is None
    run.say("error", "A worker stopped.")
    assert run.notice == ("error", "A worker stopped.")
    run.say("info", None)
    assert run.notice is None
    assert repr(run) == "Run(epoch 0, running=False)" and repr(Run({})) == "Run(no network yet)"
