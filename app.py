"""nnadd's page: one neuron learns to add two numbers, live.

Reads top to bottom like the page: settings in the sidebar, the buttons, the
numbers, the live chart, the 25 test pairs, "Add two numbers", and how it works.
The run itself happens last, redrawing the slots laid out above it.
"""

import time

import pandas as pd
import streamlit as st

from nnadd import page
from nnadd.data import article_data
from nnadd.evaluate import evaluate
from nnadd.figures import training_figure
from nnadd.perceptron import ACTIVATIONS
from nnadd.training import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_SEED,
    MAX_EPOCHS,
    SettingsError,
    Trainer,
)

st.set_page_config(page_title="nnadd: a neuron learns to add", page_icon="➕", layout="wide")
DATA = article_data()
MAX_SEED = 2**53 - 1  # the largest whole number a browser holds exactly

# ---------------------------------------------------------------- sidebar: settings
with st.sidebar:
    st.header("Settings")
    epochs = st.number_input(
        "Epochs", min_value=0, max_value=MAX_EPOCHS, value=DEFAULT_EPOCHS, step=1000,
        key="epochs", help="How many passes over the 28 training pairs Train runs in all.",
    )  # fmt: skip
    learning_rate = st.number_input(
        "Learning rate", min_value=0.0001, max_value=1000.0, value=DEFAULT_LEARNING_RATE,
        step=0.01, format="%.4f", key="learning_rate",
        help="How big each nudge to the weights is. Applies from the next epoch.",
    )  # fmt: skip
    seed = st.number_input(
        "Seed", min_value=-MAX_SEED, max_value=MAX_SEED, value=DEFAULT_SEED, step=1,
        key="seed", help="Picks the random starting weights. Changing it resets the network.",
    )  # fmt: skip
    activation = st.selectbox(
        "Activation", list(ACTIVATIONS), key="activation",
        help="sigmoid: " + ACTIVATIONS["sigmoid"].description
        + ". linear: " + ACTIVATIONS["linear"].description + ". Changing it resets the network.",
    )  # fmt: skip
    speed = st.radio(
        "Speed", list(page.SPEEDS), index=list(page.SPEEDS).index(page.DEFAULT_SPEED),
        key="speed", captions=[page.SPEED_CAPTIONS[s] for s in page.SPEEDS],
    )  # fmt: skip

# ---------------------------------------------------------------- state, in one place
state = st.session_state
if "trainer" not in state:
    state.trainer = Trainer.from_seed(seed, activation, learning_rate, DATA.training)
    state.built_from = (seed, activation)
    state.running = False
    state.notice = None


def reset(reason: str | None = None) -> None:
    state.trainer = Trainer.from_seed(seed, activation, learning_rate, DATA.training)
    state.built_from = (seed, activation)
    state.running = False
    state.notice = ("info", reason) if reason else None


if state.built_from != (seed, activation):
    changed = "seed" if state.built_from[0] != seed else "activation"
    reset(f"The {changed} changed, so the network was reset to its new untrained start.")
try:
    state.trainer.learning_rate = learning_rate
except SettingsError as exc:
    state.running = False
    state.notice = ("error", str(exc))

# ---------------------------------------------------------------- title and buttons
st.title("A neuron learns to add")
st.caption(
    "One neuron, two weights and a bias, trained in pure Python on the 28 pairs of "
    "the article *Building a Neural Network in Rust (From Scratch)*."
)
train_col, pause_col, step_col, reset_col, _ = st.columns([1, 1, 1, 1, 3])
if train_col.button("Train", key="train", type="primary", width="stretch"):
    if state.trainer.diverged:
        state.notice = ("error", "This network has diverged. Press Reset to start again.")
    elif state.trainer.epoch >= epochs:
        state.notice = (
            "info",
            f"The network has already trained {state.trainer.epoch:,} epochs. "
            "Raise Epochs to train on, or press Reset.",
        )
    else:
        state.running = True
        state.notice = None
if pause_col.button("Pause", key="pause", width="stretch"):
    state.running = False
if step_col.button("Step", key="step", help="Train exactly one epoch.", width="stretch"):
    state.running = False
    state.trainer.step_epoch()
if reset_col.button("Reset", key="reset", width="stretch"):
    reset()

trainer: Trainer = state.trainer
if trainer.diverged:
    st.error(
        f"Training diverged at epoch {trainer.diverged_at:,}: the weights grew too "
        "large to be numbers. The chart keeps everything up to the last good epoch. "
        "Lower the learning rate and press Reset."
    )
elif state.notice:
    kind, words = state.notice
    (st.error if kind == "error" else st.info)(words)

# ---------------------------------------------------------------- live numbers and chart
live = st.container(key="live")  # the keys name the page's parts for browser tests
metrics_slot = live.empty()
progress_slot = live.empty()
chart_slot = live.empty()


def draw_numbers(trainer: Trainer) -> None:
    point = trainer.history.latest
    shown = page.metrics(point, evaluate(trainer.network, DATA.test))
    with metrics_slot.container():
        labels = ("Epoch", "w1", "w2", "Bias", "Error (MSE)", "Test pairs")
        columns = st.columns([1, 1, 1, 1, 1.1, 1.6])
        for col, label, value in zip(columns, labels, shown, strict=True):
            col.metric(label, value)
    fill, words = page.progress(trainer.epoch, epochs)
    progress_slot.progress(fill, text=words)


def draw_chart(trainer: Trainer, key: str) -> None:
    figure = training_figure(trainer.history.points(), target_epochs=epochs)
    chart_slot.plotly_chart(figure, key=key, config=page.CHART_CONFIG)


draw_numbers(trainer)
draw_chart(trainer, key="chart")

# ---------------------------------------------------------------- the 25 test pairs
st.subheader("Its answers for the article's 25 test pairs")
result = evaluate(trainer.network, DATA.test)
predictions = st.container(key="predictions")
right_col, mae_col, rule_col = predictions.columns([1.4, 1, 1.6])
right_col.metric("Right answers", result.summary)
mae_col.metric("Mean absolute error", f"{result.mean_abs_error:.3f}")
rule_col.caption(
    "A prediction is right when, rounded to one decimal, it equals the true sum: "
    "the article's rule."
)
table = pd.DataFrame(page.prediction_rows(result), columns=page.PREDICTION_COLUMNS)
predictions.dataframe(
    table.style.map(page.right_or_wrong_style, subset=["Right?"]),
    hide_index=True,
    row_height=page.TABLE_ROW_HEIGHT,
    height=page.table_height(len(table)),
    column_config={
        "First number": st.column_config.NumberColumn(format="%.1f"),
        "Second number": st.column_config.NumberColumn(format="%.1f"),
        "True sum": st.column_config.NumberColumn(format="%.1f"),
        "Prediction": st.column_config.NumberColumn(format="%.3f"),
        "Rounded": st.column_config.NumberColumn(format="%.1f", help="to one decimal"),
        "Right?": st.column_config.TextColumn(help="right when Rounded equals the true sum"),
        "Absolute error": st.column_config.NumberColumn(format="%.3f"),
    },
)

# ---------------------------------------------------------------- add two numbers
st.subheader("Add two numbers")
adder = st.container(key="add-two-numbers")
first_col, second_col = adder.columns(2)
a = first_col.number_input(
    "First number", min_value=-1000.0, max_value=1000.0, value=0.3, step=0.1,
    format="%.3f", key="first_number",
)  # fmt: skip
b = second_col.number_input(
    "Second number", min_value=-1000.0, max_value=1000.0, value=0.4, step=0.1,
    format="%.3f", key="second_number",
)  # fmt: skip
guess = trainer.network.predict(a, b)
net_col, true_col, diff_col = adder.columns(3)
net_col.metric("The network's sum", f"{guess:.4f}")
true_col.metric("True sum", f"{a + b:.4f}")
diff_col.metric("Difference", f"{guess - (a + b):+.4f}")
if trainer.epoch == 0:
    adder.caption("The network is untrained: this is its random first guess.")
explanation = page.sum_explanation(a, b, trainer.network.activation)
if explanation:
    adder.warning(explanation)

# ---------------------------------------------------------------- how it works
with st.expander("How it works"):
    st.markdown(page.HOW_IT_WORKS)

# ---------------------------------------------------------------- the run
# Last, so that the whole page is on screen while it trains. A click anywhere stops
# this loop at its next drawing; everything trained so far is in session_state.
if state.running:
    rate = page.SPEEDS[speed]
    start_epoch, start_time = trainer.epoch, time.perf_counter()
    draws = 0
    while trainer.epoch < epochs and not trainer.diverged:
        tick = time.perf_counter()
        due = page.epochs_due(
            rate, tick - start_time, trainer.epoch - start_epoch, epochs - trainer.epoch
        )
        if due:
            trainer.train(due, seconds=page.REDRAW_SECONDS)
            draw_numbers(trainer)
            draw_chart(trainer, key=f"chart-{draws}")  # each draw of a run needs its own key
            draws += 1
        if rate is not None:
            time.sleep(max(0.0, page.REDRAW_SECONDS - (time.perf_counter() - tick)))
    state.running = False
    st.rerun()
