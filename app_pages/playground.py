"""The Playground at /: one neuron learns to add two numbers, live.

Reads like the page's table of contents: one call per section, in page order. The
sections live in nnadd/ui/, the state in nnadd/ui/playground_state.py (and its run in
nnadd/ui/run.py), the model in nnadd/.
The run happens last, redrawing the live slots laid out above it. app.py has set the
page up and read the link before this runs.
"""

import streamlit as st

from nnadd.data import article_data
from nnadd.i18n import _
from nnadd.landscape import best_weights
from nnadd.links import to_query
from nnadd.ui import (
    controls,
    how_it_works,
    language_picker,
    live,
    maps,
    neuron,
    offload,
    predictions,
    replay,
    share,
    side_by_side,
    sidebar,
    tables,
    worked_update,
)
from nnadd.ui.run import notice_and_announcement
from nnadd.ui.session import Session

DATA = article_data()
session = Session()
state = session.playground()
claimed = state.run.claim()  # this script run's number: older ones train no more
on_demand = offload.on_demand()  # long results are worked out in the server's workers

# ---------------------------------------------------------------- settings and state
settings = sidebar.show(
    state.editor_rows, state.editor_version, state.trainer.data if state.started else None,
    state.restore_article_data, state.typed_start(), state.autostart,
)  # fmt: skip
trainer = state.apply(settings)
address = to_query(settings) | language_picker.in_link()
if st.query_params.to_dict() != address:
    st.query_params.from_dict(address)

# ---------------------------------------------------------------- title and buttons
controls.header(trainer.data)
controls.link_warnings(session.take_link_warnings())
state.act(controls.buttons(len(trainer.data)), settings)
trainer = state.trainer  # Reset makes a new one
live.train_first(state.run, claimed, settings.speed, settings.epochs, DATA.test)  # short Fast
notice_and_announcement(state.run)  # under the buttons: the divergence, a notice, or the end

# ---------------------------------------------------------------- live numbers and chart
slots = live.layout(middle=True)  # the worked pair and the neuron between numbers and chart
best = offload.worked_out(
    lambda: best_weights(trainer.network.activation, trainer.data, on_demand),
    _("The chart has no best-fit lines for now."), key="best_try_again",
)  # fmt: skip
shown = replay.show(slots.replay, slots.replay_note, trainer, state.run.running)

# ---------------------------------------------------------------- under the numbers
worked_update.show(slots.middle, trainer)  # after One pair: that pair's arithmetic
after = neuron.trained_beside(
    settings, trainer, shown.epoch, state.from_file, state.run.running, on_demand
)
untrained = trainer.epoch == 0 and trainer.pair_index == 0
cell = neuron.show(shown.network, untrained, trained=after, where=slots.middle)
view = live.View(
    settings.epochs, best, state.kept, DATA.test, cell.diagram, cell.a, cell.b, answer=cell.follow
)
live.draw(slots, view, trainer, shown.point, shown.network, key="page")

# ---------------------------------------------------------------- the rest of the lesson
result = predictions.show(shown.network, DATA.test)
path = [p for p in trainer.history.points() if p.epoch <= shown.epoch]
tables.show(result, path)
maps.show(shown.network, result, path, trainer.data, DATA.test, best, on_demand)
compared = side_by_side.show(settings, DATA.training, DATA.test, state.comparison, state.run.owner)
if compared:
    state.comparison, state.run.running = compared, False
pressed = share.show(
    settings, to_query(settings), st.context.url, trainer, state.kept, state.load_model_file,
)  # fmt: skip
if state.keep_or_forget(pressed, settings):
    st.rerun()  # the kept runs join the chart above
how_it_works.show(None if settings.data is None else len(trainer.data))

# ---------------------------------------------------------------- the run
live.run(state.run, claimed, settings.speed, slots, view)
