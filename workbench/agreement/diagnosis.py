"""Plain-language hints about what the numbers mean, in the manner of INCEpTION's."""

from __future__ import annotations

from typing import Any

#: Fewer documents annotated by two or more annotators than this: too few to say much.
MIN_DOCUMENTS = 10
#: A label with fewer units (spans, all annotators together) than this: unreliable estimate.
MIN_UNITS = 10
#: Overlap F1 this much above exact F1 (and itself at least BOUNDARY_FLOOR): boundaries differ.
BOUNDARY_GAP = 0.2
BOUNDARY_FLOOR = 0.6
#: An annotator this far below the mean of the others (three or more annotators): an outlier.
OUTLIER_GAP = 0.2


def hint(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def diagnose(
    report: dict[str, Any],
    *,
    units_per_label: dict[str, int],
    single: int,
    alpha_u_docs: int,
    alpha_u_coders: int,
    merged: int,
) -> list[dict[str, str]]:
    """Hints for a report that has every measure filled in (``diagnosis`` aside)."""
    out: list[dict[str, str]] = []
    n_docs = report["documents"]["compared"]
    if n_docs == 0:
        out.append(
            hint(
                "no-documents",
                "No document was annotated by two or more annotators, "
                "so there is nothing to compare; every measure is null.",
            )
        )
    elif n_docs < MIN_DOCUMENTS:
        out.append(
            hint(
                "too-few-documents",
                f"Only {n_docs} document(s) were annotated by two or "
                f"more annotators; with fewer than {MIN_DOCUMENTS} the figures say little.",
            )
        )
    if single:
        out.append(
            hint(
                "single-annotator-documents",
                f"{single} document(s) had a single annotator and were left out.",
            )
        )
    exact, overlap = report["f1"]["exact"]["micro"], report["f1"]["overlap"]["micro"]
    if (
        exact is not None
        and overlap is not None
        and overlap >= BOUNDARY_FLOOR
        and overlap - exact >= BOUNDARY_GAP
    ):
        out.append(
            hint(
                "boundary-disagreement",
                f"Overlap F1 {overlap:.2f} is well above exact "
                f"F1 {exact:.2f}: annotators find the same things but draw their "
                "boundaries differently; make the guidelines say where a span starts "
                "and ends.",
            )
        )
    for label, n in sorted(units_per_label.items()):
        if n < MIN_UNITS:
            out.append(
                hint(
                    "few-units",
                    f"Label {label!r} has only {n} span(s) in all; its "
                    "per-label figures are unreliable.",
                )
            )
    people = [p for p in report["per_annotator"] if p["f1_overlap"] is not None]
    if len(people) >= 3:
        for p in people:
            others = [q["f1_overlap"] for q in people if q is not p]
            mean = sum(others) / len(others)
            if p["f1_overlap"] <= mean - OUTLIER_GAP:
                out.append(
                    hint(
                        "annotator-outlier",
                        f"Annotator {p['annotator']!r} agrees far "
                        f"less with the others (overlap F1 {p['f1_overlap']:.2f} against "
                        f"{mean:.2f} for the rest); check their work or their reading "
                        "of the guidelines.",
                    )
                )
    if merged:
        out.append(
            hint(
                "units-merged",
                f"For αU, {merged} overlapping span(s) of one annotator "
                "and label were merged into one unit first.",
            )
        )
    if n_docs and alpha_u_docs < n_docs:
        out.append(
            hint(
                "alpha-u-subset",
                f"Corpus αU uses the {alpha_u_docs} document(s) with "
                f"{alpha_u_coders} annotators (the most common number); the others are "
                "in the per-document figures only.",
            )
        )
    out.extend(_undefined(report))
    return out


def _undefined(report: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    if report["documents"]["compared"] == 0:
        return out
    au = report["alpha_u"]
    if au["pooled"] is None:
        out.append(
            hint(
                "undefined",
                "alpha_u.pooled is null: no span was marked, so no disagreement could be expected.",
            )
        )
    for label, value in au["per_label"].items():
        if value is None and au["pooled"] is not None:
            out.append(
                hint(
                    "undefined",
                    f"alpha_u.per_label[{label!r}] is null: the label has "
                    "no spans on the documents αU uses.",
                )
            )
    for key in ("alpha_char", "fleiss_kappa_char"):
        if report[key] is None:
            out.append(
                hint(
                    "undefined",
                    f"{key} is null: every character got the same value "
                    "from everyone, so no disagreement could be expected.",
                )
            )
    for pair in report["cohen_kappa_char"]:
        if pair["kappa"] is None:
            out.append(
                hint(
                    "undefined",
                    f"Cohen's κ for {pair['a']!r} and {pair['b']!r} is "
                    "null: both gave every character one and the same value.",
                )
            )
    return out
