"""The training chart's lines for every viewer: each colour has a contrast of at least
3:1 against both themes' backgrounds (WCAG 1.4.11, graphics), the weights' colours stay
apart under protanopia and deuteranopia, and each weight has its own dash, so that
nothing is told apart by colour alone.

Everything is computed here, from the published formulas: WCAG's relative luminance,
Machado, Oliveira and Fernandes (2009) for the colour-blindness simulation at full
severity, and CIE 1976 L*a*b* distances.
"""

from itertools import combinations

import pytest

from nnadd.training import HistoryPoint
from nnadd.ui.figures import BEST_DASH, COLORS, DASHES, training_figure

LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#0e1117"  # Streamlit's dark theme
WEIGHTS = ("w1", "w2", "b")

# Machado et al. (2009), severity 1.0, applied to linear RGB
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
              (-0.003882, -0.048116, 1.051998))  # fmt: skip
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                (-0.011820, 0.042940, 0.968881))  # fmt: skip


def linear(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def simulate(rgb, matrix) -> tuple[float, float, float]:
    mixed = (sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix)
    return tuple(min(1.0, max(0.0, value)) for value in mixed)


def lab(rgb) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a, b) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


def test_the_formulas_agree_with_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's grey
    # red and green, far apart to most eyes, nearly meet under deuteranopia
    red, green = linear("#ff0000"), linear("#00a000")
    assert distance(red, green) > 80
    assert distance(simulate(red, DEUTERANOPIA), simulate(green, DEUTERANOPIA)) < 30


@pytest.mark.parametrize("line", sorted(COLORS))
@pytest.mark.parametrize("background", [LIGHT_BACKGROUND, DARK_BACKGROUND])
def test_each_line_stands_out_from_both_backgrounds(line, background):
    assert contrast(COLORS[line], background) >= 3.0, (line, background)


@pytest.mark.parametrize("vision", [None, PROTANOPIA, DEUTERANOPIA])
def test_the_weights_colours_stay_apart_under_colour_blindness(vision):
    seen = {
        key: linear(COLORS[key]) if vision is None else simulate(linear(COLORS[key]), vision)
        for key in WEIGHTS
    }
    for a, b in combinations(WEIGHTS, 2):
        assert distance(seen[a], seen[b]) >= 20, (a, b)


def test_each_weight_has_its_own_dash_and_the_chart_draws_it():
    assert len({DASHES[key] for key in WEIGHTS} | {BEST_DASH}) == len(WEIGHTS) + 1
    points = [HistoryPoint(e, 0.1 * e, 0.2 * e, -0.1 * e, 1 / (e + 1)) for e in range(100)]
    figure = training_figure(points)
    drawn = {trace.name: trace.line.dash for trace in figure.data}
    assert [drawn["w1"], drawn["w2"], drawn["bias"]] == [DASHES[k] for k in WEIGHTS]


def test_the_tables_right_and_wrong_labels_read_in_white():
    """The predictions table draws "✔ right" and "✘ wrong" as coloured labels with white
    words (issue 12 moved them from a pandas Styler to the table's own labels): WCAG
    AA asks 4.5:1 for text."""
    from nnadd.ui.predictions import column_config
    from nnadd.wording import RIGHT, RIGHT_COLOUR, WRONG, WRONG_COLOUR

    for colour in (RIGHT_COLOUR, WRONG_COLOUR):
        assert contrast(colour, "#ffffff") >= 4.5
    right = column_config()["Right?"]["type_config"]  # in English
    assert [(o["value"], o["color"]) for o in right["options"]] == [
        (RIGHT, RIGHT_COLOUR), (WRONG, WRONG_COLOUR)
    ]  # fmt: skip
