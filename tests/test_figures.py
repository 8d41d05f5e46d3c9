from nnadd.figures import CHART_POINTS, thin, training_figure
from nnadd.training import HistoryPoint, Trainer


def history(n):
    return [HistoryPoint(e, 0.1 * e, 0.2 * e, -0.1 * e, 1.0 / (e + 1)) for e in range(n)]


def test_training_figure_traces_and_axes():
    fig = training_figure(history(50), target_epochs=10_000)
    names = [t.name for t in fig.data]
    assert names == ["w1 (first weight)", "w2 (second weight)", "bias", "error (mean squared)"]
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
