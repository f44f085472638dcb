"""The dashboard's data: loaded through the store and shaped into plain rows. No Streamlit.

:func:`load_corpus` reads everything corpus-wide once (articles, annotations, open findings,
the agreement report); the other functions are pure and tested without a browser.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from workbench.review import ArticleRef, FindingRef, article_refs, open_findings, who_said
from workbench.store import snapshot_scope
from workbench.store.annotations import AnnotationOut, annotations


@dataclass(frozen=True)
class Corpus:
    articles: dict[int, ArticleRef]
    by_external: dict[str, ArticleRef]
    annotations: dict[int, list[AnnotationOut]]  # by article id
    findings: list[FindingRef]
    report: dict[str, Any]
    labels: tuple[str, ...] = ()
    annotators: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    findings_by_article: dict[int, list[FindingRef]] = field(default_factory=dict)

    @property
    def f1_by_doc(self) -> dict[str, float | None]:
        return {r["doc"]: r.get("f1_overlap") for r in self.report.get("per_document", [])}


def load_corpus(engine: Engine) -> Corpus:
    """Everything corpus-wide, in one snapshot session, then the agreement report (the stored
    one when the annotations have not changed since it was computed: :mod:`workbench.summary`)."""
    from workbench.summary import agreement_key, agreement_report

    with snapshot_scope(engine) as session:
        arts = article_refs(session)
        anns = annotations(session=session)
        found = open_findings(session)
        key = agreement_key(session)
    by_article: dict[int, list[AnnotationOut]] = defaultdict(list)
    for a in anns:
        by_article[a.article_id].append(a)
    report = agreement_report(engine, anns, key=key)
    f_by_article: dict[int, list[FindingRef]] = defaultdict(list)
    for f in found:
        f_by_article[f.article_id].append(f)
    return Corpus(
        articles=arts,
        by_external={a.external_id: a for a in arts.values()},
        annotations=dict(by_article),
        findings=found,
        report=report,
        labels=tuple(sorted({s.label for a in anns for s in a.spans})),
        annotators=tuple(sorted({a.annotator for a in anns})),
        checks=tuple(sorted({f.check for f in found})),
        findings_by_article=dict(f_by_article),
    )


def short(name: str) -> str:
    """An annotator's e-mail without the domain."""
    return name.split("@")[0] if "@" in name else name


# --- shaping (pure) --------------------------------------------------------------------


def progress_by_annotator(corpus: Corpus) -> list[dict[str, Any]]:
    """Articles and spans per annotator, most articles first."""
    articles: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    for group in corpus.annotations.values():
        for a in group:
            articles[a.annotator] += 1
            spans[a.annotator] += len(a.spans)
    return [
        {"annotator": name, "articles": n, "spans": spans[name]}
        for name, n in sorted(articles.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def progress_by_article(corpus: Corpus, target: int) -> dict[str, int]:
    """How many articles have no annotator, fewer than ``target``, or ``target`` or more."""
    counts = {"not started": 0, "in progress": 0, "done": 0}
    for aid in corpus.articles:
        n = len({a.annotator for a in corpus.annotations.get(aid, [])})
        key = "not started" if n == 0 else "done" if n >= target else "in progress"
        counts[key] += 1
    return counts


def pair_matrix(report: Mapping[str, Any], measure: str = "overlap") -> list[dict[str, Any]]:
    """Heatmap cells ``{"a", "b", "f1", "tp", "fp", "fn"}`` for every ordered pair of
    annotators (both directions; the diagonal is left out)."""
    cells = []
    for p in report.get("f1", {}).get(measure, {}).get("pairs", []):
        for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
            cells.append(
                {
                    "a": short(a),
                    "b": short(b),
                    "a_full": a,
                    "b_full": b,
                    "f1": p.get("f1"),
                    "tp": p.get("tp"),
                    "fp": p.get("fp"),
                    "fn": p.get("fn"),
                }
            )
    return cells


def pair_disagreements(
    disagreements: Sequence[Mapping[str, Any]], a: str, b: str
) -> list[Mapping[str, Any]]:
    """The disagreements where annotators ``a`` and ``b`` (full names) both annotated the
    article and marked the region differently."""
    out = []
    for d in disagreements:
        said = dict(who_said(d))
        if a in said and b in said and said[a] != said[b]:
            out.append(d)
    return out


def label_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per label: exact and overlap F1 and αU, long form for a grouped bar chart."""
    rows = []
    f1 = report.get("f1", {})
    sources = (
        ("overlap F1", f1.get("overlap", {}).get("per_label", {})),
        ("exact F1", f1.get("exact", {}).get("per_label", {})),
        ("αU", report.get("alpha_u", {}).get("per_label", {})),
    )
    for measure, per_label in sources:
        for label, value in (per_label or {}).items():
            if value is not None:
                rows.append({"label": label, "measure": measure, "value": value})
    return rows


def findings_by_check(findings: Sequence[FindingRef], decided: set[str]) -> dict[str, int]:
    """Open findings without a decision in force, counted by check."""
    counts: Counter[str] = Counter(f.check for f in findings if str(f.id) not in decided)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def overview_counts(
    corpus: Corpus, decisions: Mapping[tuple[str, str], Any], target: int
) -> dict[str, Any]:
    """Everything the overview page shows, as plain JSON data (stored by
    :func:`workbench.summary.overview`, so a fresh server shows it without the corpus)."""
    from workbench.review import QueueFilters, count_queue

    decided = {key for (kind, key) in decisions if kind == "finding"}
    report = corpus.report
    return {
        "articles": len(corpus.articles),
        "progress": progress_by_article(corpus, target),
        "people": progress_by_annotator(corpus),
        "alpha_u": report.get("alpha_u", {}).get("pooled"),
        "f1_mean": report.get("f1", {}).get("overlap", {}).get("mean"),
        "findings_by_check": findings_by_check(corpus.findings, decided),
        "open_counts": count_queue(
            findings=corpus.findings,
            disagreements=corpus.report.get("disagreements", []),
            articles=corpus.articles,
            decisions=decisions,
            filters=QueueFilters(status="open"),
        ),
    }


def fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"
