"""The command line's numbers, the reference a page must end with:
`python -m nnadd --json --seed S`, and how the page words them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable

from harness.server import ROOT

_CLI: dict[tuple[int, tuple[str, ...]], dict] = {}  # (seed, flags): the CLI's JSON


def cli_reference(seed: int) -> dict:
    """`python -m nnadd --json --seed S`: the weights the page must end with."""
    return cli_references([seed])[seed]


def cli_references(seeds: Iterable[int], *flags: str) -> dict[int, dict]:
    """`python -m nnadd --json --seed S FLAGS...` for several seeds, the ones not yet
    known computed side by side, and kept for the rest of the session. `flags` for
    links that set more than the seed (for example "--epochs", "20000")."""
    seeds = list(seeds)
    procs = {
        s: subprocess.Popen(
            [sys.executable, "-m", "nnadd", "--json", "--seed", str(s), *flags],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in dict.fromkeys(seeds)
        if (s, flags) not in _CLI
    }
    for s, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        command = " ".join(["python -m nnadd --json --seed", str(s), *flags])
        assert proc.returncode == 0, f"{command} failed: {stderr}"
        _CLI[s, flags] = json.loads(stdout)
    return {s: _CLI[s, flags] for s in seeds}


def rounded_weights(reference: dict) -> tuple[str, str, str]:
    """The CLI's w1, w2 and bias as the page shows them: 4 decimals."""
    w1, w2 = reference["weights"]
    return f"{w1:.4f}", f"{w2:.4f}", f"{reference['bias']:.4f}"


def right_answers(reference: dict) -> str:
    """The CLI's score as the page's "Right answers" metric words it."""
    correct, total = reference["correct"], reference["total"]
    return f"{correct}/{total} correct ({100 * correct / total:.1f}%)"


def predictions(reference: dict) -> list[float]:
    return [p["prediction"] for p in reference["predictions"]]
