"""nnadd's page: one neuron learns to add two numbers, live.

Reads top to bottom like the page: the link's settings, the sidebar (settings, start,
training data), the buttons, the live numbers and chart, inside the neuron and "Add
two numbers", the 25 test pairs, one update worked out, where the error lives,
sigmoid against linear, sharing and files, and how it works. The run itself happens
last, redrawing the live slots laid out above it.
"""

import threading
import time
from dataclasses import replace

import pandas as pd
import streamlit as st

from nnadd import explain, page
from nnadd.data import article_data
from nnadd.editing import COLUMNS as EDIT_COLUMNS
from nnadd.editing import check_rows, true_sum
from nnadd.evaluate import evaluate
from nnadd.figures import (
    error_curves_figure,
    error_map_figure,
    landscape_figure,
    network_figure,
    training_figure,
)
from nnadd.landscape import best_weights, error_map, error_surface, landscape_ranges
from nnadd.links import (
    MAX_LEARNING_RATE,
    MAX_SEED,
    MAX_WEIGHT,
    MIN_LEARNING_RATE,
    STARTS,
    Settings,
    parse_query,
    start_key,
    start_network,
    to_query,
    training_data,
)
from nnadd.modelfile import ModelFileError, dump_model, load_model
from nnadd.perceptron import ACTIVATIONS, Perceptron
from nnadd.training import MAX_EPOCHS, HistoryPoint, SettingsError, Trainer

st.set_page_config(page_title="nnadd: a neuron learns to add", page_icon="➕", layout="wide")
DATA = article_data()
state = st.session_state

# ---------------------------------------------------------------- one script run at a time
# A click starts a new script run at once, while the run it interrupts may still be in
# the middle of a chunk of training: Streamlit stops it only at its next drawing. Each
# run takes a number under the session's lock; the training loop (at the end) trains
# a chunk only while the number is still its own. So an older run has finished its
# chunk before this one reads the network, and trains no more after it: Pause shows
# exactly where the network stopped.
if "guard" not in state:
    state.guard, state.run_id = threading.Lock(), 0
with state.guard:
    state.run_id += 1
    this_run = state.run_id

# ---------------------------------------------------------------- first visit: the link
# A link sets every widget once, when the session starts; from then on the widgets
# write the link (below). A bad parameter falls back to its default, with a warning.
if "trainer" not in state:
    linked, state.link_warnings = parse_query(st.query_params.to_dict())
    for name in ("epochs", "learning_rate", "seed", "activation", "speed", "start", "autostart"):
        state[name] = getattr(linked, name)
    state.start_w1, state.start_w2, state.start_b = linked.w1, linked.w2, linked.b
    state.targets_are_sums = linked.data is None or all(
        t == true_sum(x1, x2) for x1, x2, t in linked.data
    )
    state.editor_rows = list(training_data(linked))
    state.editor_version = 0


def restore_article_data() -> None:
    state.editor_rows = list(DATA.training)
    state.editor_version += 1  # a new editor, without the old edits
    state.targets_are_sums = True


def load_model_file() -> None:
    """Runs before the page when a model file is chosen: check it, then put its network
    and settings in place, or say why not and change nothing."""
    upload = state.get("model_upload")
    if upload is None:
        return
    try:
        model = load_model(upload.getvalue())
    except ModelFileError as exc:
        state.notice = ("error", f"{upload.name} was not loaded: {exc} Nothing has changed.")
        return
    data = state.trainer.data
    loaded = replace(
        model.settings, start=state.start, w1=state.get("start_w1", 0.0),
        w2=state.get("start_w2", 0.0), b=state.get("start_b", 0.0),
        data=None if data == DATA.training else data,
        epochs=min(MAX_EPOCHS, max(model.settings.epochs, model.epoch)),
    )  # fmt: skip
    for name in ("epochs", "learning_rate", "seed", "activation", "speed"):
        state[name] = getattr(loaded, name)
    state.trainer = Trainer(model.network, data, loaded.learning_rate, start_epoch=model.epoch)
    state.built_from = start_key(loaded)
    state.running = False
    state.notice = (
        "info",
        f"Loaded {upload.name}: a {model.network.activation} network after "
        f"{model.epoch:,} epochs. Train goes on from there; Reset starts afresh.",
    )


# ---------------------------------------------------------------- sidebar: settings
with st.sidebar:
    st.header("Settings")
    epochs = st.number_input(
        "Epochs", min_value=0, max_value=MAX_EPOCHS, step=1000, key="epochs",
        help="How many passes over the training pairs Train runs in all.",
    )  # fmt: skip
    learning_rate = st.number_input(
        "Learning rate", min_value=MIN_LEARNING_RATE, max_value=MAX_LEARNING_RATE,
        step=0.01, format="%.4f", key="learning_rate",
        help="How big each nudge to the weights is. Applies from the next epoch.",
    )  # fmt: skip
    seed = st.number_input(
        "Seed", min_value=-MAX_SEED, max_value=MAX_SEED, step=1, key="seed",
        help="Picks the random starting weights. Changing it resets the network.",
    )  # fmt: skip
    activation = st.selectbox(
        "Activation", list(ACTIVATIONS), key="activation",
        help="sigmoid: " + ACTIVATIONS["sigmoid"].description
        + ". linear: " + ACTIVATIONS["linear"].description + ". Changing it resets the network.",
    )  # fmt: skip
    speed = st.radio(
        "Speed", list(page.SPEEDS), key="speed",
        captions=[page.SPEED_CAPTIONS[s] for s in page.SPEEDS],
    )  # fmt: skip
    start = st.radio(
        "Start from", STARTS, key="start", horizontal=True,
        format_func={"seed": "the seed", "weights": "typed weights"}.get,
        help="Random starting weights drawn from the seed, or weights you type.",
    )  # fmt: skip
    if start == "weights":
        for label, key in (("Starting w1", "start_w1"), ("Starting w2", "start_w2"),
                           ("Starting bias", "start_b")):  # fmt: skip
            st.number_input(
                label, min_value=-MAX_WEIGHT, max_value=MAX_WEIGHT, step=0.1,
                format="%.4f", key=key, persist_state="session",
            )  # fmt: skip
    with st.expander(f"Training data ({len(state.editor_rows)} pairs)"):
        targets_are_sums = st.toggle(
            "Targets = true sums", key="targets_are_sums",
            help="On: you type only the two numbers, and each target is their sum. "
            "Off: type any target, even a wrong one, to see what bad data does.",
        )  # fmt: skip
        edited = st.data_editor(
            pd.DataFrame(state.editor_rows, columns=list(EDIT_COLUMNS)),
            key=f"data_editor_{state.editor_version}", num_rows="dynamic", hide_index=True,
            column_order=EDIT_COLUMNS[:2] if targets_are_sums else EDIT_COLUMNS,
            column_config={
                name: st.column_config.NumberColumn(name, format="%.3f") for name in EDIT_COLUMNS
            },
        )  # fmt: skip
        checked = check_rows(edited.values.tolist(), targets_are_sums)
        for words in checked.errors[:8]:
            st.error(words)
        if len(checked.errors) > 8:
            st.error(f"... and {len(checked.errors) - 8} more. The network keeps its data.")
        for words in checked.warnings:
            st.warning(words)
        st.button("Restore the article's data", on_click=restore_article_data, key="restore")

# ---------------------------------------------------------------- state, in one place
settings = Settings(
    epochs=epochs, learning_rate=learning_rate, seed=seed, activation=activation,
    speed=speed, start=start,
    w1=state.get("start_w1", 0.0), w2=state.get("start_w2", 0.0), b=state.get("start_b", 0.0),
    data=(checked.rows or None) if not checked.errors else (
        state.trainer.data if "trainer" in state else None
    ),
    autostart=state.autostart,
)  # fmt: skip
if settings.data == DATA.training:
    settings = replace(settings, data=None)


def reset(reason: str | None = None) -> None:
    state.trainer = Trainer(start_network(settings), training_data(settings), learning_rate)
    state.built_from = start_key(settings)
    state.running = False
    state.notice = ("info", reason) if reason else None


if "trainer" not in state:
    reset()
    state.running = settings.autostart
    state.kept = []  # runs pinned for comparison: (label, history points)
elif state.built_from != start_key(settings):
    reset(page.reset_reason(state.built_from, start_key(settings)))
try:
    state.trainer.learning_rate = learning_rate
except SettingsError as exc:
    state.running = False
    state.notice = ("error", str(exc))
if st.query_params.to_dict() != to_query(settings):
    st.query_params.from_dict(to_query(settings))

# ---------------------------------------------------------------- title and buttons
st.title("A neuron learns to add")
st.caption(
    "One neuron, two weights and a bias, trained in pure Python on "
    + (
        "the 28 training pairs of the article *Building a Neural Network in Rust (From Scratch)*."
        if settings.data is None
        else f"your {len(state.trainer.data)} training pairs (edited in the sidebar)."
    )
)
# Messages go into fixed slots: an element drawn only sometimes would shift the ones
# after it, and during a run Streamlit would leave the old ones on screen, faded.
link_slot = st.empty()
if state.link_warnings:  # shown once, on opening the link
    link_slot.warning("\n\n".join(state.link_warnings))
    state.link_warnings = []
buttons = st.columns([1, 1, 1, 1.5, 1, 1.5])
if buttons[0].button("Train", key="train", type="primary", width="stretch"):
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
if buttons[1].button("Pause", key="pause", width="stretch"):
    state.running = False
if buttons[2].button("Step", key="step", help="Train exactly one epoch.", width="stretch"):
    state.running = False
    state.trainer.step_epoch()
if buttons[3].button(
    "Step one pair", key="step_pair", width="stretch",
    help="Train on the next training pair only, and see its arithmetic below.",
):  # fmt: skip
    state.running = False
    state.trainer.step_pair()
if buttons[4].button("Reset", key="reset", width="stretch"):
    reset()

trainer: Trainer = state.trainer
notice_slot = st.empty()
if trainer.diverged:
    notice_slot.error(
        f"Training diverged at epoch {trainer.diverged_at:,}: the weights grew too "
        "large to be numbers. The chart keeps everything up to the last good epoch. "
        "Lower the learning rate and press Reset."
    )
elif state.notice:
    kind, words = state.notice
    (notice_slot.error if kind == "error" else notice_slot.info)(words)

best = best_weights(trainer.network.activation, trainer.data)

# ---------------------------------------------------------------- live numbers and chart
live = st.container(key="live")  # the keys name the page's parts for browser tests
metrics_slot = live.empty()
progress_slot = live.empty()
chart_slot = live.empty()
replay_slot, replay_note = live.empty(), live.empty()

# Replay: after a run, any recorded epoch can be looked at again.
points = trainer.history.points()
replay_epoch = trainer.epoch
if not state.running and len(points) > 1:
    # a new key whenever the network has trained on, so the slider starts at the end
    replay_epoch = replay_slot.select_slider(
        "Replay an epoch", options=[p.epoch for p in points], value=trainer.epoch,
        key=f"replay_{trainer.epoch}", format_func=lambda e: f"{e:,}",
        help="Show the network as it was after that epoch: numbers, diagram and table.",
    )  # fmt: skip
replayed = replay_epoch != trainer.epoch
shown_point = next(p for p in points if p.epoch == replay_epoch) if replayed else None
shown = (
    Perceptron(shown_point.w1, shown_point.w2, shown_point.b, trainer.network.activation)
    if shown_point
    else trainer.network
)
if replayed:
    replay_note.info(f"Replaying epoch {replay_epoch:,}. Press Train, or slide to the end.")


def draw_live(trainer: Trainer, key: str, point: HistoryPoint, network: Perceptron) -> None:
    shown = page.metrics(point, evaluate(network, DATA.test))
    with metrics_slot.container():
        labels = ("Epoch", "w1", "w2", "Bias", "Error (MSE)", "Test pairs")
        columns = st.columns([1, 1, 1, 1, 1.1, 1.6])
        for col, label, value in zip(columns, labels, shown, strict=True):
            col.metric(label, value)
    fill, words = page.progress(trainer.epoch, epochs)
    progress_slot.progress(fill, text=words)
    figure = training_figure(
        trainer.history.points(), target_epochs=epochs, best=best, kept=state.kept,
        marked_epoch=point.epoch if point.epoch != trainer.epoch else None,
    )  # fmt: skip
    chart_slot.plotly_chart(figure, key=f"chart-{key}", config=page.CHART_CONFIG)
    diagram_slot.plotly_chart(
        network_figure(network, a, b), key=f"diagram-{key}", config=page.STATIC_CONFIG
    )


# ---------------------------------------------------------------- inside the neuron
st.subheader("Inside the neuron")
diagram_col, adder_col = st.columns(2)
diagram_slot = diagram_col.empty()
diagram_col.caption(
    "Each line's thickness is its weight's size (blue positive, red negative). The two "
    "numbers on the right flow through it."
)
adder = adder_col.container(key="add-two-numbers")
adder.markdown("**Add two numbers**")
first_col, second_col = adder.columns(2)
a = first_col.number_input(
    "First number", min_value=-1000.0, max_value=1000.0, value=page.DEFAULT_FIRST,
    step=0.1, format="%.3f", key="first_number",
)  # fmt: skip
b = second_col.number_input(
    "Second number", min_value=-1000.0, max_value=1000.0, value=page.DEFAULT_SECOND,
    step=0.1, format="%.3f", key="second_number",
)  # fmt: skip
guess = shown.predict(a, b)
adder.metric("The network's sum", f"{guess:.4f}")
true_col, diff_col = adder.columns(2)
true_col.metric("True sum", f"{a + b:.4f}")
diff_col.metric("Difference", f"{guess - (a + b):+.4f}")
untrained_note, explanation_slot = adder.empty(), adder.empty()
if trainer.epoch == 0:
    untrained_note.caption("The network is untrained: this is its random first guess.")
explanation = page.sum_explanation(a, b, shown.activation)
if explanation:
    explanation_slot.warning(explanation)

draw_live(trainer, "page", shown_point or trainer.history.latest, shown)

# ---------------------------------------------------------------- the 25 test pairs
st.subheader("Its answers for the article's 25 test pairs")
result = evaluate(shown, DATA.test)
predictions = st.container(key="predictions")
right_col, mae_col, rule_col = predictions.columns([1.4, 1, 1.6])
right_col.metric("Right answers", result.summary)
mae_col.metric("Mean absolute error", f"{result.mean_abs_error:.3f}")
rule_col.caption(
    "A prediction is right when, rounded to one decimal, it equals the true sum: "
    "the article's rule."
)
predictions.caption(
    "The table changes when a run ends or pauses; the score above the chart is live."
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

# ---------------------------------------------------------------- one update, worked out
st.subheader("One update, worked out")
worked = st.container(key="worked-update")
if trainer.last_update is None:  # two elements either way, so nothing below moves
    worked.caption("No single update yet.")
    worked.info(
        "Press **Step one pair** to train on the next training pair, and its arithmetic "
        "appears here with the real numbers."
    )
else:
    epoch_of, pair = trainer.last_update_at
    worked.caption(explain.update_caption(trainer.last_update, epoch_of, pair, len(trainer.data)))
    worked.latex(explain.update_latex(trainer.last_update, trainer.network.activation))

# ---------------------------------------------------------------- error maps
st.subheader("Where the error lives")
map_col, land_col = st.columns(2)
map_col.markdown("**Over the two numbers**")
map_col.plotly_chart(
    error_map_figure(error_map(shown), DATA.test, [r.correct for r in result.records]),
    key="error-map", config=page.CHART_CONFIG,
)  # fmt: skip
map_col.caption(
    "Where the network is wrong: |prediction − (a + b)| for every a and b in [0, 1], "
    "with the test pairs on top. A sigmoid flattens out as its output nears 1, so the "
    "error grows towards the dashed line a + b = 1 and beyond."
)

land_col.markdown("**Over the two weights: the loss landscape**")
path = [(p.w1, p.w2) for p in points if p.epoch <= replay_epoch]
w1_range, w2_range = landscape_ranges(path, (best.w1, best.w2))
surface = error_surface(shown.activation, shown.b, trainer.data, w1_range, w2_range)
land_col.plotly_chart(
    landscape_figure(surface, path, best), key="landscape-chart", config=page.CHART_CONFIG
)
land_col.caption(
    f"The training error for every w1 and w2 with the bias held at {shown.b:.3f}; "
    "darker is lower. The white line is the path the weights took (the bias moved "
    f"too, so the path is not exactly on this surface). The best {shown.activation} "
    f"weights, w1 = {best.w1:.3f}, w2 = {best.w2:.3f}, bias = {best.b:.3f}, are the "
    f"star and the chart's dashed lines: {best.how}."
)


# ---------------------------------------------------------------- sigmoid vs linear
st.subheader("Sigmoid and linear, side by side")
compare = st.container(key="compare")
compare.caption(
    f"Trains a sigmoid and a linear neuron from seed {seed} for {epochs:,} epochs at "
    f"learning rate {learning_rate:g}, and shows their errors together."
)
clicked = compare.button("Train both", key="compare_button")
compare_slot = compare.empty()
if clicked:
    state.running = False
    bar = compare_slot.progress(0.0, text="Training both")
    runs = {}
    for i, name in enumerate(ACTIVATIONS):
        run = Trainer.from_seed(seed, name, learning_rate, DATA.training)
        while run.epoch < epochs and not run.diverged:
            run.train(epochs - run.epoch, seconds=page.REDRAW_SECONDS)
            done = (i + run.epoch / max(epochs, 1)) / len(ACTIVATIONS)
            bar.progress(done, text=f"Training {name}: epoch {run.epoch:,} / {epochs:,}")
        runs[name] = run
    state.comparison = page.comparison(runs, DATA.test)
if state.get("comparison"):
    comparison = state.comparison
    with compare_slot.container():
        st.plotly_chart(
            error_curves_figure([(c.label, c.points) for c in comparison]),
            key="compare-chart", config=page.CHART_CONFIG,
        )  # fmt: skip
        for col, c in zip(st.columns(len(comparison)), comparison, strict=True):
            col.metric(c.label, c.score)
        st.caption(page.COMPARISON_LESSON)

# ---------------------------------------------------------------- share, save and compare
st.subheader("Share, save and compare")
share = st.container(key="share")
link_col, files_col = share.columns(2)
link_col.markdown("**A link to this run**")
link_col.code(page.share_link(st.context.url, to_query(settings)), language=None, wrap_lines=True)
link_col.checkbox(
    "Start training as soon as the link is opened", key="autostart",
    help="Adds autostart=1 to the link.",
)  # fmt: skip
link_col.caption("The same link and seed give the same numbers, on any machine.")
files_col.markdown("**Files**")
# written when clicked, not on every run of the page (a callable is Streamlit's way)
files_col.download_button(
    "Download the history (CSV)", key="download_history",
    data=lambda: pd.DataFrame(points).to_csv(index=False), file_name="nnadd-history.csv",
    mime="text/csv", help="Epoch, w1, w2, bias and error for every recorded epoch.",
)  # fmt: skip
files_col.download_button(
    "Download the model (JSON)", key="download_model",
    data=lambda: dump_model(trainer.network, trainer.epoch, settings),
    file_name="nnadd-model.json", mime="application/json",
    help="The weights, the bias, the epoch and the settings, to load again later.",
)  # fmt: skip
files_col.file_uploader(
    "Load a model file (JSON, at most 64 KiB)", type=["json"], key="model_upload",
    on_change=load_model_file, max_upload_size=1,  # MB; modelfile refuses past 64 KiB
    help="Continue training a saved network, or look at its answers.",
)  # fmt: skip
keep_col, forget_col, _ = share.columns([1.2, 1.2, 2])
if keep_col.button("Keep this run", key="keep_run", disabled=len(points) < 2):
    if len(state.kept) >= page.MAX_KEPT:
        state.notice = ("info", f"At most {page.MAX_KEPT} kept runs: forget them first.")
    else:
        state.kept.append((page.run_label(settings, trainer), points))
    st.rerun()
if forget_col.button("Forget kept runs", key="forget_runs", disabled=not state.kept):
    state.kept = []
    st.rerun()
share.caption(
    f"Keep up to {page.MAX_KEPT} runs: their error curves stay on the chart above, "
    "labelled with their settings. Different seeds end at the same weights; a larger "
    "learning rate gets there sooner."
)

# ---------------------------------------------------------------- how it works
with st.expander("How it works"):
    st.markdown(page.HOW_IT_WORKS)

# ---------------------------------------------------------------- the run
# Last, so that the whole page is on screen while it trains. A click anywhere stops
# this loop before its next chunk (see "one script run at a time" at the top);
# everything trained so far is in session_state.
if state.running:
    rate = page.SPEEDS[speed]
    start_epoch, start_time = trainer.epoch, time.perf_counter()
    draws, tick_seconds = 0, page.REDRAW_SECONDS
    while trainer.epoch < epochs and not trainer.diverged:
        tick = time.perf_counter()
        due = page.epochs_due(
            rate, tick - start_time, trainer.epoch - start_epoch, epochs - trainer.epoch
        )
        if due:
            with state.guard:
                if state.run_id != this_run:
                    st.stop()  # a newer run has the network now
                trainer.train(due, seconds=tick_seconds)
            if trainer.epoch >= epochs or trainer.diverged:
                break  # the whole page is redrawn next, no need to draw twice
            drawn = time.perf_counter()
            # each draw of a run needs its own key
            draw_live(trainer, str(draws), trainer.history.latest, trainer.network)
            draws += 1
            tick_seconds = page.tick_seconds(time.perf_counter() - drawn)
        if rate is not None:
            time.sleep(max(0.0, tick_seconds - (time.perf_counter() - tick)))
    with state.guard:
        if state.run_id != this_run:
            st.stop()
        state.running = False
    st.rerun()
