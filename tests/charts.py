"""The live training chart as an AppTest sees it: the messages its browser element
(nnadd/ui/live_chart.py) was sent, and the last whole figure among them."""

from __future__ import annotations

import json


def chart_messages(at) -> list[dict]:
    """Every message the training chart got in the last script run, in order."""
    return [
        json.loads(e.proto.json)
        for e in at.get("bidi_component")
        if e.proto.component_name == "nnadd_live_chart"
    ]


def training_chart(at) -> tuple[dict, str]:
    """The last whole figure the training chart was sent (Plotly's JSON), and its
    text alternative."""
    whole = [m for m in chart_messages(at) if m["kind"] == "full"]
    assert whole, "the training chart was never drawn"
    return json.loads(whole[-1]["figure"]), whole[-1]["alt"]
