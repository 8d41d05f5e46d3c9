import json
import math
import subprocess
import sys

import pytest

from nnadd.data import article_data
from nnadd.wording import sum_explanation
from tests.helpers import plain_trained, run_cli, run_cli_process

# Most tests call the command's main() in this process (tests.helpers.run_cli); the
# ones that use run_cli_process check the real `python -m nnadd`: its exit codes, its
# streams and what it imports.


def test_text_table_matches_the_article_run():
    out = run_cli_process()
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 27
    assert lines[0] == "Input: [0.9, 0.1], Prediction: 0.9"
    assert lines[9] == "Input: [0.0, 0.1], Prediction: 0.1"
    assert lines[25] == "21/25 correct (84.0%)"
    assert lines[26].startswith("Weights: [4.9778")
    assert out.stderr == ""


def test_json_has_every_key_with_full_precision():
    out = run_cli("--json", "--seed", "7", "--epochs", "500", "--learning-rate", "0.3")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {
        "epochs", "learning_rate", "seed", "activation", "weights", "bias", "mse",
        "correct", "total", "status", "predictions",
    }  # fmt: skip
    assert (report["epochs"], report["learning_rate"], report["seed"]) == (500, 0.3, 7)
    assert report["activation"] == "sigmoid" and report["status"] == "trained"
    plain = plain_trained(7, lr=0.3, epochs=500)
    assert report["weights"] == pytest.approx(plain.weights, abs=1e-13)
    assert report["bias"] == pytest.approx(plain.bias, abs=1e-13)
    assert len(report["predictions"]) == report["total"] == 25
    assert set(report["predictions"][0]) == {"a", "b", "sum", "prediction", "correct"}
    assert report["correct"] == sum(p["correct"] for p in report["predictions"])
    mse = sum((t - plain.predict((a, b))) ** 2 for a, b, t in article_data().training) / 28
    assert report["mse"] == pytest.approx(mse, rel=1e-12)


def test_text_and_json_agree():
    text = run_cli("--seed", "3").stdout.splitlines()
    report = json.loads(run_cli("--seed", "3", "--json").stdout)
    w1, w2 = report["weights"]
    assert text[-1] == f"Weights: [{w1!r}, {w2!r}], Bias: {report['bias']!r}"


def test_zero_epochs_shows_the_untrained_network():
    report = json.loads(run_cli("--epochs", "0", "--json").stdout)
    assert report["weights"] == [0.6394267984578837, 0.025010755222666936]
    assert all(0.55 < p["prediction"] < 0.71 for p in report["predictions"])


def test_linear_gets_everything_right():
    out = run_cli("--activation", "linear")
    assert "25/25 correct (100.0%)" in out.stdout


def test_divergence_says_so_and_exits_1():
    out = run_cli("--activation", "linear", "--learning-rate", "100")
    assert out.returncode == 1
    assert "diverged at epoch 3" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    out = run_cli("--activation", "linear", "--learning-rate", "100", "--json")
    assert out.returncode == 1 and json.loads(out.stdout)["status"] == "diverged"


@pytest.mark.parametrize(
    "args,words",
    [
        (["--epochs", "-5"], "cannot be negative"),
        (["--epochs", "10000001"], "At most 10,000,000"),
        (["--epochs", "ten"], "not a whole number"),
        (["--learning-rate", "0"], "greater than 0"),
        (["--learning-rate", "nan"], "finite"),
        (["--learning-rate", "inf"], "finite"),
        (["--learning-rate", "abc"], "not a number"),
        (["--seed", "1e99"], "not a whole number"),
        (["--seed", "4.2"], "not a whole number"),
        (["--seed", "9" * 5000], "not a whole number"),
        (["--activation", "relu"], "invalid choice"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_bad_flags_exit_2_without_traceback(args, words):
    out = run_cli_process(*args) if args == ["--frobnicate"] else run_cli(*args)
    assert out.returncode == 2
    assert out.stderr.startswith("usage: python -m nnadd")
    assert words in out.stderr
    assert "Traceback" not in out.stderr


def test_negative_and_huge_seeds_work():
    for seed in ("-7", "123456789012345678901234567890"):
        out = run_cli("--seed", seed, "--epochs", "10")
        assert out.returncode == 0 and "correct" in out.stdout


def test_cli_imports_neither_pandas_nor_plotly():
    code = (
        "import sys, runpy; sys.argv=['nnadd','--epochs','0'];"
        "import nnadd.cli as c; c.main(['--epochs','0']); c.main(['add','0.3','-2','--json']);"
        "print('LOADED', [m for m in ('pandas','plotly','numpy','streamlit') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"


# ---------------------------------------------------------------- add A B [A B ...]

USAGE = "usage: python -m nnadd"
SUM_KEYS = {
    "a", "b", "prediction", "true_sum", "epochs", "activation", "learning_rate", "seed",
    "w1", "w2", "bias", "status", "warning",
}  # fmt: skip


def strict_json(line):
    """json.loads that refuses NaN and Infinity, which are not JSON."""

    def refuse(name):
        raise ValueError(f"{name} in JSON output")

    return json.loads(line, parse_constant=refuse)


def test_add_prints_one_line():
    out = run_cli("add", "0.3", "0.4")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "0.3 + 0.4 = 0.7327 (true sum 0.7000, after 10,000 epochs, sigmoid)\n"
    assert out.stderr == ""


PAIRS = [(0.3, 0.4), (0.1, 0.2), (-0.5, 0.25), (1.5, 2.0), (0.0, 0.0), (1e-3, 0.999)]


@pytest.mark.parametrize(
    "seed,learning_rate,activation,epochs",
    [
        (42, 0.1, "sigmoid", 10_000),
        (7, 0.3, "sigmoid", 500),
        (-3, 2.0, "sigmoid", 1),
        (3, 0.05, "linear", 200),
        (12345678901234567890, 0.5, "linear", 0),
        (0, 0.01, "linear", 1000),
    ],
)
def test_add_matches_the_plain_implementation(seed, learning_rate, activation, epochs):
    numbers = [repr(x) for pair in PAIRS for x in pair]
    flags = [
        "--seed", str(seed), "--learning-rate", str(learning_rate),
        "--activation", activation, "--epochs", str(epochs),
    ]  # fmt: skip
    text = run_cli("add", *numbers, *flags)
    as_json = run_cli("add", *numbers, *flags, "--json")
    assert text.returncode == as_json.returncode == 0, text.stderr + as_json.stderr
    plain = plain_trained(seed, activation, learning_rate, epochs)
    noun = "epoch" if epochs == 1 else "epochs"
    expected_lines = [
        f"{a!r} + {b!r} = {plain.predict((a, b)):.4f} "
        f"(true sum {a + b:.4f}, after {epochs:,} {noun}, {activation})"
        for a, b in PAIRS
    ]
    assert text.stdout.splitlines() == expected_lines
    records = [strict_json(line) for line in as_json.stdout.splitlines()]
    assert len(records) == len(PAIRS)
    for (a, b), record in zip(PAIRS, records, strict=True):
        assert set(record) == SUM_KEYS
        assert (record["a"], record["b"], record["true_sum"]) == (a, b, a + b)
        assert record["prediction"] == pytest.approx(plain.predict((a, b)), rel=1e-12, abs=1e-13)
        got = [record["w1"], record["w2"], record["bias"]]
        assert got == pytest.approx([*plain.weights, plain.bias], rel=1e-12, abs=1e-13)
        assert record["epochs"] == epochs and record["activation"] == activation
        assert (record["seed"], record["learning_rate"]) == (seed, learning_rate)
        assert record["status"] == "trained"
        assert record["warning"] == sum_explanation(a, b, activation)


def test_add_trains_the_same_network_as_the_table():
    flags = ["--seed", "5", "--epochs", "300", "--learning-rate", "0.7", "--json"]
    table = json.loads(run_cli(*flags).stdout)
    record = strict_json(run_cli("add", "0.2", "0.6", *flags).stdout)
    assert [record["w1"], record["w2"]] == table["weights"]
    assert record["bias"] == table["bias"]
    sums = {(p["a"], p["b"]): p["prediction"] for p in table["predictions"]}
    assert record["prediction"] == sums[(0.2, 0.6)]


@pytest.mark.parametrize(
    "args",
    [
        ["--epochs", "50", "--seed", "9", "--json", "add", "0.3", "0.4"],
        ["add", "0.3", "0.4", "--epochs", "50", "--seed", "9", "--json"],
        ["--seed=9", "add", "0.3", "--json", "0.4", "--epochs=50"],
    ],
)
def test_flags_work_before_and_after_add(args):
    record = strict_json(run_cli(*args).stdout)
    assert (record["epochs"], record["seed"], record["a"], record["b"]) == (50, 9, 0.3, 0.4)
    plain = plain_trained(9, "sigmoid", 0.1, 50)
    assert record["w1"] == pytest.approx(plain.weights[0], abs=1e-13)


def test_a_flag_after_add_wins_over_the_same_flag_before():
    record = strict_json(
        run_cli("--epochs", "50", "add", "0.3", "0.4", "--epochs", "7", "--json").stdout
    )
    assert record["epochs"] == 7


@pytest.mark.parametrize(
    "args,a,b",
    [
        (["-0.5", "0.2"], -0.5, 0.2),
        (["0.2", "-0.5"], 0.2, -0.5),
        (["-1e-3", "-2E+1"], -0.001, -20.0),  # argparse alone takes these for flags
        (["-.5", "-5."], -0.5, -5.0),
        (["-0", "+0.25"], -0.0, 0.25),
        (["--", "-1e-3", "0.5"], -0.001, 0.5),
    ],
)
def test_negative_numbers_are_numbers(args, a, b):
    out = run_cli("--epochs", "5", "--json", "add", *args)  # flags first: "--" ends them
    assert out.returncode == 0, out.stderr
    record = strict_json(out.stdout)
    assert (record["a"], record["b"]) == (a, b)
    assert math.copysign(1.0, record["a"]) == math.copysign(1.0, a)
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "a,b,activation",
    [
        ("-0.1", "0.2", "sigmoid"),
        ("0.9", "0.8", "sigmoid"),
        ("1.5", "-1", "sigmoid"),
        ("-1e-3", "0.5", "linear"),
        ("2", "3", "linear"),
    ],
)
def test_outside_zero_to_one_answers_and_warns_as_the_page(a, b, activation):
    out = run_cli("add", a, b, "--activation", activation, "--epochs", "20")
    assert out.returncode == 0
    assert out.stdout.startswith(f"{float(a)!r} + {float(b)!r} = ")
    sentence = sum_explanation(float(a), float(b), activation)
    assert sentence  # the page warns for each of these
    assert out.stderr == sentence + "\n"


def test_the_warning_states_only_true_facts():
    reachable = run_cli("add", "-0.1", "0.2", "--epochs", "5").stderr
    assert "never" not in reachable and "0.1" in reachable  # a sigmoid can give 0.1
    unreachable = run_cli("add", "0.9", "0.8", "--epochs", "5").stderr
    assert "never" in unreachable and "1.7" in unreachable


def test_inside_zero_to_one_no_warning():
    out = run_cli("add", "0", "1", "0.5", "0.5", "0.3", "0.4", "--epochs", "5")
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 3
    assert out.stderr == ""


def test_several_pairs_warn_in_pair_order():
    pairs = ["0.3", "0.4", "-0.1", "0.2", "0.5", "0.1", "0.9", "0.8"]
    out = run_cli("add", *pairs, "--epochs", "5")
    assert out.returncode == 0
    assert [line.split(" = ")[0] for line in out.stdout.splitlines()] == [
        "0.3 + 0.4", "-0.1 + 0.2", "0.5 + 0.1", "0.9 + 0.8",
    ]  # fmt: skip
    assert out.stderr.splitlines() == [
        sum_explanation(-0.1, 0.2, "sigmoid"),
        sum_explanation(0.9, 0.8, "sigmoid"),
    ]


@pytest.mark.parametrize(
    "numbers,words",
    [
        (["0.3"], "in pairs"),
        (["0.3", "0.4", "0.1"], "in pairs"),
        ([], "needs two numbers"),
        (["nan", "0.4"], "not a finite number"),
        (["0.3", "NaN"], "not a finite number"),
        (["inf", "0.4"], "not a finite number"),
        (["0.3", "-inf"], "not a finite number"),
        (["Infinity", "0.4"], "not a finite number"),
        (["1e999", "0.4"], "'1e999' is too large for a float"),
        (["0.3", "-1e999"], "'-1e999' is too large for a float"),
        (["9" * 5000, "0.4"], "is too large for a float"),
        (["1e308", "1e308"], "1e+308 + 1e+308 is too large: the sum is beyond a float"),
        (["abc", "0.4"], "'abc' is not a number"),
        (["", "0.4"], "'' is not a number"),
        (["0x10", "0.4"], "'0x10' is not a number"),
        (["1_000", "0.4"], "'1_000' is not a number"),
        (["٣", "0.4"], "is not a number"),  # float() would take this Arabic-Indic 3
        (["-٣", "0.4"], "is not a number"),
        (["０.３", "0.4"], "is not a number"),  # fullwidth digits
        (["1,5", "0.4"], "'1,5' is not a number"),
        ([" 0.3", "0.4"], "' 0.3' is not a number"),
        (["0.3", "1e"], "'1e' is not a number"),
        (["0.3", "-"], "'-' is not a number"),
        (["0.3", "-x"], "'-x' is not a number"),
        (["0.3", "0.4", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["0.3", "--", "--epochs", "5"], "'--epochs' is not a number"),
    ],
)
def test_bad_numbers_exit_2_with_usage_and_no_traceback(numbers, words):
    out = run_cli("add", *numbers, "--epochs", "1")
    assert out.returncode == 2
    assert out.stderr.startswith(USAGE)
    assert words in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize(
    "args,words",
    [
        (["sum", "0.3", "0.4"], "unrecognized arguments: sum 0.3 0.4"),
        (["-1e5", "add", "0.3"], "unrecognized arguments: -1e5 add 0.3"),
        (["add", "0.3", "0.4", "--epochs", "ten"], "not a whole number"),
        (["add", "0.3", "0.4", "--activation", "relu"], "invalid choice"),
    ],
)
def test_bad_words_around_add_exit_2(args, words):
    out = run_cli(*args)
    assert out.returncode == 2
    assert out.stderr.startswith(USAGE) and words in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_add_divergence_says_so_and_exits_1():
    args = ["add", "0.3", "0.4", "--activation", "linear", "--learning-rate", "100"]
    out = run_cli_process(*args)
    assert out.returncode == 1
    assert out.stdout == ""
    assert "diverged at epoch 3" in out.stderr and "Traceback" not in out.stderr
    out = run_cli(*args, "--json")
    assert out.returncode == 1
    record = strict_json(out.stdout)
    assert record["status"] == "diverged" and record["epochs"] == 2  # its last good epoch
    assert "diverged at epoch 3" in out.stderr


def test_an_output_beyond_a_float_is_no_answer():
    # 1.7e308 * w1 and -1.7e308 * w2 overflow to inf and -inf, whose sum is NaN
    out = run_cli_process("add", "1.7e308", "-1.7e308")
    assert out.returncode == 1
    line = "1.7e+308 + -1.7e+308 = nan (true sum 0.0000, after 10,000 epochs, sigmoid)\n"
    assert out.stdout == line
    assert "no answer" in out.stderr and "Traceback" not in out.stderr
    record = strict_json(run_cli("add", "1.7e308", "-1.7e308", "--json").stdout)
    assert record["prediction"] is None and record["true_sum"] == 0.0
