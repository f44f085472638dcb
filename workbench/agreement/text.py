"""The readable report: ``format_report(report)`` for people, from the same dict as JSON."""

from __future__ import annotations

from typing import Any

#: How many rows of the long lists (documents to review, disagreements) the text shows.
SHOWN = 10
#: How many disagreements ``workbench agree`` shows in its table unless told otherwise.
SHOWN_DISAGREEMENTS = 20


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(rows: list[list[Any]], headers: list[str]) -> list[str]:
    cells = [headers] + [[_num(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return ["  " + line for line in lines]


def format_report(
    report: dict[str, Any],
    *,
    disagreements: int | None = SHOWN,
    total_disagreements: int | None = None,
) -> str:
    """A plain-text summary: headline figures, pairs, labels, documents to review first,
    annotators, the first ``disagreements`` disagreements (all: None) and the diagnosis.
    ``total_disagreements``: how many there are when ``report`` holds only the first ones."""
    docs, f1 = report["documents"], report["f1"]
    exact, overlap, au = f1["exact"], f1["overlap"], report["alpha_u"]
    out = [
        f"Agreement: {docs['compared']} document(s) compared, "
        f"{docs['single_annotator']} with one annotator left out; "
        f"annotators: {', '.join(report['annotators']) or 'none'}",
        "",
        f"  span F1 exact     mean {_num(exact['mean'])}  micro {_num(exact['micro'])}",
        f"  span F1 overlap   mean {_num(overlap['mean'])}  micro {_num(overlap['micro'])}"
        f"  (IoU >= {overlap['iou']})",
        f"  unitizing alpha   {_num(au['pooled'])}  ({au['documents']} document(s) end to end, "
        f"{au['annotators_per_document']} annotators each)",
        f"  character alpha   {_num(report['alpha_char'])}  (nominal)",
        f"  Fleiss kappa      {_num(report['fleiss_kappa_char'])}  (characters)",
    ]
    if exact["pairs"]:
        kappa = {(k["a"], k["b"]): k["kappa"] for k in report["cohen_kappa_char"]}
        rows = [
            [
                p["a"],
                p["b"],
                p["f1"],
                q["f1"],
                kappa.get((p["a"], p["b"])),
                q["tp"],
                q["fp"],
                q["fn"],
            ]
            for p, q in zip(exact["pairs"], overlap["pairs"], strict=True)
        ]
        out += ["", "Pairs"] + _table(
            rows, ["a", "b", "F1 exact", "F1 overlap", "Cohen kappa", "TP", "FP", "FN"]
        )
    if au["per_label"]:
        rows = [
            [lab, exact["per_label"].get(lab), overlap["per_label"].get(lab), value]
            for lab, value in au["per_label"].items()
        ]
        out += ["", "Labels"] + _table(rows, ["label", "F1 exact", "F1 overlap", "alpha U"])
    if report["per_document"]:
        rows = [
            [d["review_rank"], d["doc"], d["f1_overlap"], d["alpha_u"], d["disagreements"]]
            for d in report["per_document"][:SHOWN]
        ]
        out += [
            "",
            f"Review first ({len(report['per_document'])} document(s), least agreement first)",
        ]
        out += _table(rows, ["rank", "doc", "F1 overlap", "alpha U", "disagreements"])
    if report["per_annotator"]:
        rows = [
            [a["annotator"], a["documents"], a["spans"], a["f1_overlap"], a["cohen_kappa_char"]]
            for a in report["per_annotator"]
        ]
        out += ["", "Annotators"] + _table(
            rows, ["annotator", "docs", "spans", "F1 overlap", "mean kappa"]
        )
    items = report["disagreements"]
    total = len(items) if total_disagreements is None else total_disagreements
    if total:
        shown = items if disagreements is None else items[: max(disagreements, 0)]
        out += ["", f"Disagreements ({total}; first {len(shown)})"]
        for item in shown:
            said = "; ".join(
                f"{name}: " + (", ".join(f"{lab} [{s},{e})" for s, e, lab in spans) or "nothing")
                for name, spans in item["annotations"].items()
            )
            out.append(
                f"  {item['key']}  {item['doc']} [{item['start']},{item['end']}) "
                f"{item['kind']}: {said}"
            )
    if report["diagnosis"]:
        out += ["", "Diagnosis"] + [f"  - {d['message']}" for d in report["diagnosis"]]
    return "\n".join(out) + "\n"
