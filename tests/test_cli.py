import json
import subprocess
import sys

import pytest

from tests.plain import ArticleNetwork


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nnadd", *args], capture_output=True, text=True, timeout=120
    )


def test_text_table_matches_the_article_run():
    out = run_cli()
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
    plain = ArticleNetwork(7, 0.3)
    from nnadd.data import article_data

    data = article_data()
    plain.train([(a, b) for a, b, _ in data.training], [t for *_, t in data.training], 500)
    assert report["weights"] == pytest.approx(plain.weights, abs=1e-13)
    assert report["bias"] == pytest.approx(plain.bias, abs=1e-13)
    assert len(report["predictions"]) == report["total"] == 25
    assert set(report["predictions"][0]) == {"a", "b", "sum", "prediction", "correct"}
    assert report["correct"] == sum(p["correct"] for p in report["predictions"])
    mse = sum((t - plain.predict((a, b))) ** 2 for a, b, t in data.training) / 28
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
    out = run_cli(*args)
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
        "import nnadd.cli as c; c.main(['--epochs','0']);"
        "print('LOADED', [m for m in ('pandas','plotly','numpy','streamlit') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"
