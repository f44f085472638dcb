"""Chart builders and data shaping, as plain functions (AppTest does not render Altair)."""

from __future__ import annotations

import threading

from workbench.dashboard import charts, data
from workbench.dashboard.snapshot import Refreshing

REPORT = {
    "f1": {
        "overlap": {
            "mean": 0.8,
            "pairs": [
                {"a": "amal@x.org", "b": "badr@x.org", "f1": 0.9, "tp": 9, "fp": 1, "fn": 1},
                {"a": "amal@x.org", "b": "huda@x.org", "f1": 0.5, "tp": 5, "fp": 5, "fn": 5},
            ],
            "per_label": {"claim": 0.7, "fact": None},
        },
        "exact": {"mean": 0.6, "pairs": [], "per_label": {"claim": 0.4}},
    },
    "alpha_u": {"pooled": 0.7, "per_label": {"claim": 0.65}},
}
DISAGREEMENTS = [
    {
        "key": "k1",
        "doc": "a",
        "start": 0,
        "end": 5,
        "kind": "label",
        "labels": ["claim", "fact"],
        "annotations": {
            "amal@x.org": [[0, 5, "claim"]],
            "badr@x.org": [[0, 5, "fact"]],
            "huda@x.org": [[0, 5, "claim"]],
        },
    },
    {
        "key": "k2",
        "doc": "a",
        "start": 9,
        "end": 12,
        "kind": "missing",
        "labels": ["claim"],
        "annotations": [
            {"annotator": "amal@x.org", "spans": []},
            {"annotator": "badr@x.org", "spans": [{"start": 9, "end": 12, "label": "claim"}]},
        ],
    },
]


def test_pair_matrix_is_symmetric_with_short_names() -> None:
    cells = data.pair_matrix(REPORT)
    assert len(cells) == 4
    assert {(c["a"], c["b"]) for c in cells} == {
        ("amal", "badr"),
        ("badr", "amal"),
        ("amal", "huda"),
        ("huda", "amal"),
    }
    spec = charts.pair_heatmap(cells, width=300, height=280).to_dict()
    assert spec["width"] == 300 and spec["height"] == 280
    params = spec.get("params", []) + [
        p for layer in spec["layer"] for p in layer.get("params", [])
    ]
    assert params[0]["name"] == charts.PAIR_SELECTION
    assert params[0]["select"]["fields"] == ["a_full", "b_full"]


def test_pair_disagreements_reads_both_report_shapes() -> None:
    both = data.pair_disagreements(DISAGREEMENTS, "amal@x.org", "badr@x.org")
    assert [d["key"] for d in both] == ["k1", "k2"]
    assert [
        d["key"] for d in data.pair_disagreements(DISAGREEMENTS, "amal@x.org", "huda@x.org")
    ] == []


def test_label_rows_and_bars() -> None:
    rows = data.label_rows(REPORT)
    assert {(r["label"], r["measure"]) for r in rows} == {
        ("claim", "overlap F1"),
        ("claim", "exact F1"),
        ("claim", "αU"),
    }
    spec = charts.label_bars(rows, width=400, height=200).to_dict()
    assert (spec["width"], spec["height"]) == (400, 200)


def test_fmt() -> None:
    assert data.fmt(None) == "—" and data.fmt(0.456) == "0.46"


def test_refreshing_serves_stale_values_while_reloading() -> None:
    now = [0.0]
    calls = []
    gate = threading.Event()

    def load() -> int:
        calls.append(1)
        if len(calls) > 1:
            gate.wait(5)
        return len(calls)

    holder = Refreshing(load, ttl=10, clock=lambda: now[0])
    assert not holder.ready
    assert holder.get() == 1 and holder.ready
    now[0] = 5
    assert holder.get() == 1 and len(calls) == 1  # still fresh
    now[0] = 20
    assert holder.get() == 1  # stale: served at once, refreshed in the background
    gate.set()
    for _ in range(100):
        if holder.get() == 2:
            break
        threading.Event().wait(0.02)
    assert holder.get() == 2
    assert holder.reload() == 3
