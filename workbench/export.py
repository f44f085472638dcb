"""The export action: ``export_corpus`` reads the store, adjudicates the gold, writes each
asked format for each asked scope and a ``manifest.json``, and reports what it wrote. The CLI
(``workbench export``) and the dashboard's Export page both call it. See docs/exports.md."""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from workbench import gold as gold_rules
from workbench.agreement.corpus import no_cyclic_gc
from workbench.exporters.manifest import MANIFEST, build_manifest, manifest_bytes, sha256_file
from workbench.exporters.model import (
    ANNOTATORS,
    GOLD,
    ExportArticle,
    ExportRelation,
    ExportSpan,
    Memo,
)
from workbench.exporters.publish import publishing, write_durably
from workbench.exporters.registry import REGISTRY, ExportError
from workbench.gold import GoldResult, adjudicate

SCOPE_CHOICES = ("gold", "annotators", "both")
#: Gold reasons that keep an article out of the gold files; the others (the annotators marked
#: nothing, editors rejected every span) are a true empty gold and the article is kept.
EXCLUDING_REASONS = (
    gold_rules.NO_ANNOTATIONS,
    gold_rules.SINGLE_ANNOTATOR,
    gold_rules.ALL_UNRESOLVED,
)
#: The per-article agreement figure ``min_agreement`` compares with.
AGREEMENT_MEASURE = "f1_overlap"
AGREEMENT_FIELDS = (
    "annotators",
    "f1_exact",
    "f1_overlap",
    "alpha_u",
    "alpha_char",
    "regions",
    "agreed_regions",
    "disagreements",
    "unresolved",
)


@dataclass(frozen=True)
class ExportedFile:
    name: str
    path: Path
    format: str
    scope: str
    bytes: int
    sha256: str
    counts: Mapping[str, int]


@dataclass(frozen=True)
class ExportReport:
    out_dir: Path
    files: tuple[ExportedFile, ...]
    manifest: Mapping[str, Any]
    manifest_path: Path

    def rows(self) -> list[dict[str, Any]]:
        """One row per written file, for tables and JSON."""
        return [
            {
                "file": f.name,
                "format": f.format,
                "scope": f.scope,
                "documents": f.counts.get("documents", f.counts.get("tasks", 0)),
                "spans": f.counts.get("spans", 0),
                "bytes": f.bytes,
                "sha256": f.sha256,
            }
            for f in self.files
        ]

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for scope, info in self.manifest["scopes"].items():
            out[scope] = {
                "included": len(info["articles"]["included"]),
                "excluded": len(info["articles"]["excluded"]),
                "spans": info["spans"],
            }
            if scope == GOLD:
                out[scope]["unresolved"] = info["gold"]["unresolved"]
        return out

    def summary_lines(self) -> list[str]:
        """One plain sentence per scope, then why the gold is empty, if it is (shown by both
        the CLI and the dashboard)."""
        lines = []
        for scope, info in self.summary().items():
            extra = (
                f", {info['unresolved']} unresolved disagreement(s) left out"
                if "unresolved" in info
                else ""
            )
            lines.append(
                f"{scope}: {info['included']} article(s) included, "
                f"{info['excluded']} excluded, {info['spans']} span(s){extra}"
            )
        return lines

    def empty_gold_reasons(self) -> list[str]:
        return list(self.manifest["scopes"].get(GOLD, {}).get("empty_because", []))

    def as_json(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "manifest": str(self.manifest_path),
            "files": self.rows(),
            "summary": self.summary(),
        }


@dataclass
class _Scope:
    articles: list[ExportArticle] = field(default_factory=list)
    excluded: list[dict[str, str]] = field(default_factory=list)


def validate_options(
    *,
    formats: Sequence[str],
    scope: str,
    rule: str,
    min_agreement: float | None,
    labels: Sequence[str] | None,
) -> list[str]:
    """The formats to write, in registry order; raises :class:`ExportError` on bad options."""
    if not formats:
        raise ExportError("name at least one format: " + ", ".join(REGISTRY.names()))
    specs = [REGISTRY.get(f) for f in dict.fromkeys(formats)]
    if scope not in SCOPE_CHOICES:
        raise ExportError(f"unknown scope {scope!r}: use {', '.join(SCOPE_CHOICES)}")
    if rule not in gold_rules.RULES:
        raise ExportError(f"unknown gold rule {rule!r}: use {', '.join(gold_rules.RULES)}")
    if min_agreement is not None and not (
        isinstance(min_agreement, (int, float)) and 0.0 <= min_agreement <= 1.0
    ):
        raise ExportError(f"--min-agreement must be between 0 and 1, not {min_agreement!r}")
    if labels is not None and not [x for x in labels if x.strip()]:
        raise ExportError("--labels names no label")
    order = REGISTRY.names()
    return sorted((s.name for s in specs), key=order.index)


def safe_database(engine: Engine) -> str:
    """The engine's URL without user, password or query (credentials never reach a file)."""
    from sqlalchemy.engine import URL

    u = engine.url
    return URL.create(
        u.drivername, host=u.host, port=u.port, database=u.database
    ).render_as_string()


def workbench_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("workbench")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def checks_version() -> str | None:
    try:
        from workbench.checks.runner import checks_version as current
    except ImportError:  # pragma: no cover - the runner arrives with the checks service
        return None
    return str(current())


def agreement_report(annotations: Iterable[Any]) -> dict[str, Any]:
    """The agreement package's report on articles with two or more annotators."""
    from workbench.agreement import compute_agreement
    from workbench.agreement.model import docs_from_annotations

    return compute_agreement(docs_from_annotations(annotations))


def _agreement_figures(annotations: Iterable[Any]) -> tuple[dict[str, Any], int]:
    """What ``plan`` reads of the agreement report (every key but ``disagreements``, which
    are counted, not built), and the number of disagreements."""
    from workbench.agreement.corpus import no_cyclic_gc
    from workbench.agreement.model import docs_from_annotations
    from workbench.agreement.report import agreement_parts

    with no_cyclic_gc():
        parts = agreement_parts(docs_from_annotations(annotations))
        return parts.report(disagreements=0), len(parts.disagreements)


def _figure(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(value)


def article_agreement(per_doc: Mapping[str, Any] | None, result: GoldResult) -> dict[str, Any]:
    row = per_doc or {}
    return {
        "annotators": len(result.annotators),
        "f1_exact": _figure(row.get("f1_exact")),
        "f1_overlap": _figure(row.get("f1_overlap")),
        "alpha_u": _figure(row.get("alpha_u")),
        "alpha_char": _figure(row.get("alpha_char")),
        "regions": result.regions,
        "agreed_regions": result.agreed_regions,
        "disagreements": len(result.disagreements),
        "unresolved": result.unresolved,
    }


def _keep_labels(
    spans: Sequence[ExportSpan], relations: Sequence[ExportRelation], labels: set[str] | None
) -> tuple[tuple[ExportSpan, ...], tuple[ExportRelation, ...]]:
    if labels is None:
        return tuple(spans), tuple(relations)
    new_index: dict[int, int] = {}
    kept: list[ExportSpan] = []
    for i, s in enumerate(spans):
        if s.label in labels:
            new_index[i] = len(kept)
            kept.append(s)
    rels = tuple(
        ExportRelation(new_index[r.from_index], new_index[r.to_index], r.kind)
        for r in relations
        if r.from_index in new_index and r.to_index in new_index
    )
    return tuple(kept), rels


def _article(
    src: Any,
    spans: Sequence[ExportSpan],
    rels: Sequence[ExportRelation],
    labels: set[str] | None,
    annotators: tuple[str, ...],
    agreement: dict[str, Any],
    memo: Memo,
) -> ExportArticle:
    """An article of either scope: its metadata, the spans of the kept labels and the
    relations between them. ``memo`` is shared by the scopes' articles of one source, so the
    text is tokenised once for every format of both."""
    kept, kept_rels = _keep_labels(spans, rels, labels)
    return ExportArticle(
        src.external_id,
        src.title,
        src.source,
        src.url,
        src.published,
        src.text,
        kept,
        kept_rels,
        src.findings,
        annotators,
        agreement,
        memo,
    )


def _gold_article(
    src: Any, result: GoldResult, agreement: dict[str, Any], labels: set[str] | None, memo: Memo
) -> ExportArticle:
    spans = [
        ExportSpan(s.start, s.end, s.label, s.text, s.verdict or "", s.note or "", "", s.basis)
        for s in result.spans
    ]
    rels = [ExportRelation(r.from_index, r.to_index, r.kind) for r in result.relations]
    return _article(src, spans, rels, labels, result.annotators, agreement, memo)


def _annotators_article(
    src: Any, agreement: dict[str, Any], labels: set[str] | None, memo: Memo
) -> ExportArticle:
    spans: list[ExportSpan] = []
    rels: list[ExportRelation] = []
    names: list[str] = []
    new = tuple.__new__  # ExportSpan(...) without its Python-level __new__
    for ann in sorted(src.annotations, key=lambda a: (a.annotator, a.annotation_id)):
        name = ann.annotator
        names.append(name)
        index: dict[int, int] = {}
        if ann.relations:
            index = {s.id: len(spans) + i for i, s in enumerate(ann.spans)}
        spans.extend(
            new(ExportSpan, (start, end, label, text, verdict or "", note or "", name, ""))
            for _id, start, end, label, text, verdict, note in ann.spans
        )
        rels.extend(
            ExportRelation(index[a], index[b], k)
            for a, b, k in sorted(ann.relations)
            if a in index and b in index
        )
    return _article(src, spans, rels, labels, tuple(dict.fromkeys(names)), agreement, memo)


def plan(
    sources: Sequence[Any],
    *,
    scopes: Sequence[str],
    rule: str = "unanimous",
    min_agreement: float | None = None,
    labels: Sequence[str] | None = None,
    iou: float = 0.5,
    stored_report: Mapping[str, Any] | None = None,
) -> tuple[dict[str, _Scope], dict[str, Any], dict[str, Counter[str]], dict[str, Any]]:
    """Adjudicate and select: the articles of each scope with the excluded ones and why, the
    agreement report, gold totals, and the agreement summary. Pure (no store, no files).

    ``stored_report``: the agreement report of exactly these sources' annotations, or its
    ``workbench.summary.agreement_figures``, when the caller has it (the dashboard's stored
    one, read in the same snapshot as the sources); it is then not computed again."""
    label_set = {x.strip() for x in labels if x.strip()} if labels is not None else None
    if stored_report is not None:
        # counted, not kept (as ``_agreement_figures``): the list is long and nothing reads it
        n_disagreements = stored_report.get("disagreements_total")
        if n_disagreements is None:
            n_disagreements = len(stored_report["disagreements"])
        report = {k: v for k, v in stored_report.items() if k != "disagreements_total"}
        report["disagreements"] = []
    else:
        report, n_disagreements = _agreement_figures(a for s in sources for a in s.annotations)
    per_doc = {row["doc"]: row for row in report["per_document"]}
    out = {scope: _Scope() for scope in scopes}
    gold_totals: Counter[str] = Counter()
    marked_by: Counter[str] = Counter()  # gold spans each annotator marked exactly
    for src in sources:
        result = adjudicate(
            src.annotations, src.decisions, rule=rule, text=src.text, external_id=src.external_id
        )
        gold_totals.update(result.counts)
        agreement = article_agreement(per_doc.get(src.external_id), result)
        figure = agreement[AGREEMENT_MEASURE]
        low: str | None = None
        if min_agreement is not None:
            if figure is None:
                low = f"no agreement figure ({AGREEMENT_MEASURE}) below the minimum {min_agreement}"
            elif figure < min_agreement:
                low = f"agreement {AGREEMENT_MEASURE} {figure:.3f} below {min_agreement}"
        memo = Memo()  # the article's tokens, shared by both scopes
        for scope, bucket in out.items():
            if not src.annotations:
                bucket.excluded.append({"id": src.external_id, "reason": gold_rules.NO_ANNOTATIONS})
            elif low is not None:
                bucket.excluded.append({"id": src.external_id, "reason": low})
            elif scope == GOLD and result.reason in EXCLUDING_REASONS:
                bucket.excluded.append({"id": src.external_id, "reason": str(result.reason)})
            elif scope == GOLD:
                bucket.articles.append(_gold_article(src, result, agreement, label_set, memo))
                marked_by.update(
                    a
                    for g in result.spans
                    if label_set is None or g.label in label_set
                    for a in g.annotators
                )
            else:
                bucket.articles.append(_annotators_article(src, agreement, label_set, memo))
    summary = {
        "measure_for_min_agreement": AGREEMENT_MEASURE,
        "iou": iou,
        "documents": report["documents"],
        "f1_exact": report["f1"]["exact"].get("micro"),
        "f1_overlap": report["f1"]["overlap"].get("micro"),
        "alpha_u": report["alpha_u"]["pooled"],
        "alpha_char": report["alpha_char"],
        "disagreements": n_disagreements,
    }
    return out, report, {"gold": gold_totals, "gold_marked_by": marked_by}, summary


def _scope_info(bucket: _Scope, scope: str, gold_totals: Counter[str]) -> dict[str, Any]:
    per_label: Counter[str] = Counter()
    per_annotator: Counter[str] = Counter()
    relations = 0
    for a in bucket.articles:
        relations += len(a.relations)
        for s in a.spans:
            per_label[s.label] += 1
            if scope == ANNOTATORS:
                per_annotator[s.annotator] += 1
    info: dict[str, Any] = {
        "articles": {"included": [a.id for a in bucket.articles], "excluded": bucket.excluded},
        "excluded_by_reason": dict(Counter(x["reason"] for x in bucket.excluded)),
        "spans": sum(per_label.values()),
        "relations": relations,
        "spans_per_label": dict(per_label),
        "spans_per_annotator": dict(per_annotator),
    }
    if scope == GOLD:
        info["gold"] = {
            k: gold_totals.get(k, 0)
            for k in (
                "gold_spans",
                "disagreements",
                "resolved_by_editor",
                "resolved_by_majority",
                "unresolved",
                "verdict_ties",
                "dropped_minority",
                "rejected",
                "invalid_decisions",
            )
        }
        if not bucket.articles:
            reasons = sorted({x["reason"] for x in bucket.excluded}) or ["no articles"]
            info["empty_because"] = reasons
    return info


def cross_article_duplicates(articles: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    """Per exported article (by id), the other stored articles that print the same story:
    their id, the share of each text in common and which came first (from the open
    ``cross_article_duplicate`` findings), so trainers can deduplicate."""
    out: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        rows = []
        for f in a.findings:
            ev = f.evidence or {}
            if f.check != "cross_article_duplicate" or not isinstance(ev.get("other"), Mapping):
                continue
            rows.append(
                {
                    "other": str(ev["other"].get("external_id", "")),
                    "share": ev.get("share"),
                    "other_share": ev.get("other_share"),
                    "first": ev.get("first", "unknown"),
                }
            )
        if rows:
            out[a.id] = sorted(rows, key=lambda r: r["other"])
    return dict(sorted(out.items()))


def _write_formats(
    stage: Path,
    out: Path,
    names: Sequence[str],
    scopes: Sequence[str],
    buckets: Mapping[str, _Scope],
    totals: Mapping[str, Counter[str]],
) -> tuple[list[ExportedFile], dict[str, Any]]:
    """Write every asked format of every scope into ``stage``; the reported paths are where
    the files will be once the export is published to ``out``."""
    written: list[ExportedFile] = []
    scope_infos: dict[str, Any] = {}
    for sc in scopes:
        bucket = buckets[sc]
        info = _scope_info(bucket, sc, totals["gold"])
        if sc == GOLD:
            info["spans_per_annotator"] = dict(totals["gold_marked_by"])
        info["formats"] = {}
        for name in names:
            spec = REGISTRY.get(name)
            path = stage / f"{sc}{spec.suffix}"
            with path.open("wb") as fh:
                counts = spec.write(bucket.articles, fh, sc)
                fh.flush()
                os.fsync(fh.fileno())
            info["formats"][name] = {"version": spec.version, **counts}
            written.append(
                ExportedFile(
                    path.name,
                    out / path.name,
                    name,
                    sc,
                    path.stat().st_size,
                    sha256_file(path),
                    counts,
                )
            )
        scope_infos[sc] = info
    return written, scope_infos


def export_corpus(
    engine: Engine,
    *,
    formats: Sequence[str],
    out_dir: str | os.PathLike[str],
    scope: str = "gold",
    min_agreement: float | None = None,
    labels: Sequence[str] | None = None,
    articles: Sequence[str] | None = None,
    rule: str = "unanimous",
    now: datetime | None = None,
) -> ExportReport:
    """Export the corpus (see docs/exports.md). Raises :class:`ExportError` for bad options,
    :class:`~workbench.exporters.MissingDependency` for a format whose package is missing and
    :class:`~workbench.errors.NotFound` for an unknown article id; nothing is written then."""
    from workbench.store.engine import snapshot_scope
    from workbench.store.gold import export_source
    from workbench.summary import stored_agreement_report

    names = validate_options(
        formats=formats, scope=scope, rule=rule, min_agreement=min_agreement, labels=labels
    )
    if "spacy" in names:
        from workbench.exporters.spacy_docbin import require_spacy

        require_spacy()
    # Millions of records live at once (spans, export rows, tokens) and none of them form
    # cycles: the cyclic collector's full passes over them would cost a third of the time.
    with no_cyclic_gc():
        scopes = [GOLD, ANNOTATORS] if scope == "both" else [scope]
        # One snapshot: the stored agreement report is used only when its fingerprint is that
        # of the very annotations read here (a pull meanwhile cannot mix the two).
        with snapshot_scope(engine) as session:
            sources = export_source(session=session, external_ids=articles)
            stored = stored_agreement_report(session) if articles is None else None
        buckets, _report, totals, agreement = plan(
            sources,
            scopes=scopes,
            rule=rule,
            min_agreement=min_agreement,
            labels=labels,
            stored_report=stored,
        )
        # the records hold what the files need: the annotations read (a million spans) are
        # let go before the writing allocates, which then reuses their memory
        del sources, stored, _report
        out = Path(out_dir)
        try:
            with publishing(out) as stage:
                written, scope_infos = _write_formats(stage, out, names, scopes, buckets, totals)
                label_set = sorted(
                    {
                        lab
                        for b in buckets.values()
                        for a in b.articles
                        for lab in (s.label for s in a.spans)
                    }
                    | set(labels or ())
                )
                exported = [a for b in buckets.values() for a in b.articles]
                manifest = build_manifest(
                    workbench_version=workbench_version(),
                    created_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
                    database=safe_database(engine),
                    checks_version=checks_version(),
                    options={
                        "formats": names,
                        "scope": scope,
                        "rule": rule,
                        "min_agreement": min_agreement,
                        "labels": sorted(labels) if labels is not None else None,
                        "articles": list(articles) if articles is not None else None,
                    },
                    label_set=label_set,
                    scopes=scope_infos,
                    agreement=agreement,
                    files=[
                        {
                            "name": f.name,
                            "format": f.format,
                            "scope": f.scope,
                            "bytes": f.bytes,
                            "sha256": f.sha256,
                        }
                        for f in written
                    ],
                    provenance={"cross_article_duplicates": cross_article_duplicates(exported)},
                )
                write_durably(stage / MANIFEST, manifest_bytes(manifest))  # last: it seals the set
        except OSError as exc:
            raise ExportError(
                f"cannot write the export to {out}: {exc.strerror or exc}; free some space or "
                "choose another --out, and export again (the previous export there is unchanged)"
            ) from None
        manifest_path = out / MANIFEST
        return ExportReport(out, tuple(written), manifest, manifest_path)
