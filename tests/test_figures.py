import pytest

from nnadd.training import HistoryPoint, Trainer
from nnadd.ui.chart_axes import MOST_LOG_LABELS
from nnadd.ui.figures import (
    BEST_DASH,
    CHART_POINTS,
    NEGATIVE,
    POSITIVE,
    RIGHT,
    WRONG,
    thin,
    training_figure,
)
from nnadd.ui.neuron_figures import (
    error_curves_figure,
    error_map_figure,
    landscape_figure,
    network_figure,
)


def history(n):
    return [HistoryPoint(e, 0.1 * e, 0.2 * e, -0.1 * e, 1.0 / (e + 1)) for e in range(n)]


def test_training_figure_traces_and_axes():
    fig = training_figure(history(50), target_epochs=10_000)
    names = [t.name for t in fig.data]
    assert names == ["w1", "w2", "bias", "error (MSE)"]
    assert [len(t.x) for t in fig.data] == [50] * 4
    assert [t.yaxis for t in fig.data] == ["y", "y", "y", "y2"]
    assert fig.layout.yaxis2.type == "log"
    assert fig.layout.xaxis2.title.text == "epoch"
    assert fig.layout.yaxis.title.text == "weight / bias"
    assert tuple(fig.layout.xaxis2.range)[1] == 10_000
    assert list(fig.data[1].y[:3]) == [0.0, 0.2, 0.4]
    assert fig.layout.width  # without one, Streamlit hides each redraw for a frame
    assert "%{y" in fig.data[0].hovertemplate


def test_few_points_get_markers_many_get_lines():
    assert training_figure(history(1)).data[0].mode == "lines+markers"
    assert training_figure(history(500)).data[0].mode == "lines"


def test_untrained_chart_says_what_to_do():
    fig = training_figure(history(1))
    assert "press Train" in fig.layout.annotations[0].text
    assert not training_figure(history(2)).layout.annotations


def test_chart_is_thinned_to_a_bounded_number_of_points():
    trainer = Trainer.from_seed(1)
    trainer.train(5000)
    points = trainer.history.points()
    assert len(points) > CHART_POINTS
    fig = training_figure(points)
    assert len(fig.data[0].x) == CHART_POINTS
    assert fig.data[0].x[0] == 0 and fig.data[0].x[-1] == 5000


def test_thin_keeps_ends_and_order():
    pts = history(1001)
    out = thin(pts, 11)
    assert [p.epoch for p in out] == list(range(0, 1001, 100))
    assert thin(pts[:5], 11) == pts[:5]


def test_training_figure_marks_replay_and_best():
    from nnadd.landscape import Best

    fig = training_figure(history(50), best=Best(1.0, 2.0, -0.5, "test"), marked_epoch=20)
    dashed = [s for s in fig.layout.shapes if s.line.dash == BEST_DASH]
    assert sorted(s.y0 for s in dashed) == [-0.5, 1.0, 2.0]
    dotted = [s for s in fig.layout.shapes if s.line.dash == "dot"]
    assert [s.x0 for s in dotted] == [20]
    assert fig.data[-1].name == "best fit: where w1, w2, bias end up"
    assert any("epoch 20" in a.text for a in fig.layout.annotations)


def test_network_figure_shows_weights_inputs_and_output():
    from nnadd.perceptron import Perceptron

    net = Perceptron(2.0, -0.5, 0.25)
    fig = network_figure(net, 0.3, 0.4)
    edges = [t for t in fig.data if t.mode == "lines"]
    assert [e.line.width for e in edges] == [6.0, 1.5]  # 3 px per unit of |w|
    assert [e.line.color for e in edges] == [POSITIVE, NEGATIVE]
    texts = " ".join(a.text for a in fig.layout.annotations)
    z = 2.0 * 0.3 - 0.5 * 0.4 + 0.25
    for expected in ("w1 = 2.000", "w2 = -0.500", "bias = 0.250", "0.300", "0.400",
                     f"{z:.3f}", f"{net.predict(0.3, 0.4):.3f}", "sigmoid(z)"):  # fmt: skip
        assert expected in texts


def test_landscape_figure_has_contour_path_and_marks():
    from nnadd.data import article_data
    from nnadd.landscape import Best, error_surface

    surface = error_surface("sigmoid", -2.5, article_data().training, (0, 6), (0, 6), n=7)
    path = [(0.6, 0.0), (3.0, 3.5), (4.9, 5.1)]
    fig = landscape_figure(surface, path, Best(4.98, 5.19, -2.56, "ref"))
    kinds = [(t.type, t.name) for t in fig.data]
    assert kinds == [
        ("contour", "error"), ("scatter", "path of (w1, w2)"), ("scatter", "start"),
        ("scatter", "best"), ("scatter", "now"),
    ]  # fmt: skip
    assert len(fig.data[0].z) == 7 and len(fig.data[0].z[0]) == 7
    assert (fig.data[2].x[0], fig.data[3].x[0], fig.data[4].x[0]) == (0.6, 4.98, 4.9)
    assert fig.layout.xaxis.title.text == "w1" and fig.layout.yaxis.title.text == "w2"


def test_error_map_figure_colours_pairs_right_and_wrong():
    from nnadd.landscape import error_map
    from nnadd.perceptron import Perceptron

    emap = error_map(Perceptron(1.0, 1.0, 0.0, "linear"), n=11)
    pairs = [(0.1, 0.2), (0.5, 0.5), (0.9, 0.0)]
    fig = error_map_figure(emap, pairs, [True, False, True])
    assert fig.data[0].type == "heatmap" and len(fig.data[0].z) == 11
    right, wrong = fig.data[1], fig.data[2]
    assert list(right.x) == [0.1, 0.9] and list(wrong.x) == [0.5]
    assert right.marker.color == RIGHT and wrong.marker.color == WRONG
    assert fig.data[3].name == "a + b = 1"


def test_the_error_map_marks_a_repeated_pair_once_and_scales_to_the_errors_shown():
    from nnadd.landscape import error_map
    from nnadd.perceptron import Perceptron
    from tests.test_colours import contrast

    emap = error_map(Perceptron(1.0, 1.0, 0.0, "linear"), n=11)
    pairs = [(0.9, 0.1), (0.5, 0.5), (0.9, 0.1), (0.2, 0.2)]
    fig = error_map_figure(emap, pairs, [False, False, False, True], top=0.08)
    wrong = fig.data[2]
    assert list(zip(wrong.x, wrong.y, strict=True)) == [(0.9, 0.1), (0.5, 0.5)]
    (twice,) = fig.layout.annotations
    assert (twice.x, twice.y, twice.text) == (0.9, 0.1, "×2")
    # the colours run over the errors shown, not over 0..1
    assert (fig.data[0].zmin, fig.data[0].zmax) == (0.0, 0.08)
    # "a + b = 1": white on the map, and a legend sample that shows on white too
    shown = [t for t in fig.data if t.name == "a + b = 1" and t.showlegend is not False]
    assert len(shown) == 1
    for page in ("#ffffff", "#0e1117"):  # Streamlit's light and dark backgrounds
        assert contrast(shown[0].line.color, page) >= 3


def test_error_curves_figure_one_labelled_line_per_run():
    fig = error_curves_figure([("sigmoid: 21/25", history(30)), ("linear: 25/25", history(40))])
    assert [t.name for t in fig.data] == ["sigmoid: 21/25", "linear: 25/25"]
    assert [len(t.x) for t in fig.data] == [30, 40]
    assert fig.layout.yaxis.type == "log"


def test_every_figure_passes_plotlys_validation():
    # the builders skip validation for speed; here every one of them is validated
    import plotly.graph_objects as go

    from nnadd.data import article_data
    from nnadd.landscape import Best, error_map, error_surface
    from nnadd.perceptron import Perceptron

    net = Perceptron(4.9, 5.1, -2.5)
    best = Best(4.98, 5.19, -2.56, "ref")
    surface = error_surface("sigmoid", -2.5, article_data().training, (0, 6), (0, 6), n=8)
    figures = [
        training_figure(history(1)),
        training_figure(
            history(700), 10_000, marked_epoch=300, best=best, kept=[("seed 1", history(500))]
        ),
        network_figure(net, 0.3, 0.4),
        network_figure(Perceptron(-1.0, 0.0, 0.0, "linear"), -5.0, 7.0),
        landscape_figure(surface, [(0.6, 0.0), (4.9, 5.1)], best),
        error_map_figure(error_map(net, n=6), [(0.1, 0.2), (0.5, 0.5)], [True, False]),
        error_curves_figure([("a", history(30))]),
    ]
    for fig in figures:
        go.Figure(fig.to_dict())  # raises on any invalid property


SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def read_tick(text: str) -> float:
    """A tick's label read back as a number: "0.002", "10⁻¹²", "2 × 10⁻⁶"."""
    if not any(c in text for c in "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"):
        return float(text)
    mantissa, _, power = text.partition("10")
    factor = float(mantissa.replace("×", "").strip() or 1)
    return factor * 10.0 ** int(power.translate(SUPERSCRIPT))


def labelled(axis, low: float, high: float) -> list[tuple[float, str]]:
    """The ticks a log axis labels between low and high, with their labels."""
    ticks = zip(axis.tickvals, axis.ticktext, strict=True)
    return [(v, t) for v, t in ticks if low <= v <= high]


def test_a_log_axis_labels_a_handful_of_ticks_as_a_class_writes_them():
    # the linear neuron's error falls to ~1e-31: "D2" would label 1, 2 and 5 in each
    # of 30 decades, 90 labels stacked on one another
    run = Trainer.from_seed(42, "linear")
    run.train(10_000)
    errors = [p.error for p in run.history.points()]
    assert min(errors) < 1e-25
    for axis in (
        training_figure(run.history.points()).layout.yaxis2,
        error_curves_figure([("linear", run.history.points())]).layout.yaxis,
    ):
        shown = labelled(axis, min(errors), max(errors))
        assert 3 <= len(shown) <= MOST_LOG_LABELS
        # powers of ten written 10⁻¹², not 1e-12, each where its label says
        for value, text in shown:
            assert "e" not in text and text.startswith("10")
            assert read_tick(text) == pytest.approx(value)
    # a sigmoid run spans under two decades and keeps its plain decimals
    few = training_figure(history(50)).layout.yaxis2
    shown = labelled(few, 1 / 50, 1.0)
    assert [t for _, t in shown] == ["0.03", "0.1", "0.3", "1"]
    assert all(read_tick(t) == pytest.approx(v) for v, t in shown)


def test_kept_runs_make_room_above_the_panels_instead_of_covering_them():
    alone = training_figure(history(50))
    label = "seed 42, lr 0.1, sigmoid, 10,000 epochs"
    kept = training_figure(history(50), kept=[(label, history(40)), (label, history(30))])
    # six legend entries, two of them long: three rows of two (800 px wide chart)
    assert kept.layout.height - alone.layout.height == 2 * 24
    assert kept.layout.margin.t - alone.layout.margin.t == 2 * 24
    for fig in (alone, kept):
        assert fig.layout.legend.yanchor == "bottom" and fig.layout.legend.y > 1.0
