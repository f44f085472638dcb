"""Running the corpus-level checks (they see every article of a run at once).

The per-article runner is left as it is: the names a user gives (``--only``, ``--disable``,
``--set``) are split here into those of per-article checks and those of corpus checks, and
the corpus checks run once after the per-article ones. A corpus check that crashes yields
one ``error`` finding on each article it was to check; nobody sees a traceback.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from workbench.checks.base import Finding, stamp
from workbench.checks.pool import AUTO_MIN_ARTICLES, available_cores
from workbench.checks.registry import (
    REGISTRY,
    CorpusArticle,
    CorpusCheckSpec,
    CorpusHit,
    Registry,
)
from workbench.checks.runner import error_finding
from workbench.checks.texts import Mapper, TextSource
from workbench.errors import ConfigError


@dataclass(frozen=True)
class Selection:
    """A run's checks split by kind: what to pass to the per-article runner, and the corpus
    checks with their settings."""

    only: list[str] | None
    disable: tuple[str, ...]
    config: dict[str, Mapping[str, Any]]
    corpus: list[CorpusCheckSpec]
    corpus_settings: dict[str, dict[str, Any]]

    def version(self, article_version: str) -> str:
        """The per-article version string with the corpus checks' names added."""
        parts = [article_version] if article_version else []
        return "+".join(parts + [s.qualified_name for s in self.corpus])


def split(
    only: Sequence[str] | None,
    disable: Iterable[str],
    config: Mapping[str, Mapping[str, Any]] | None,
    *,
    registry: Registry | None = None,
) -> Selection:
    """Split the user's names between per-article and corpus checks. Unknown names stay with
    the per-article part, whose runner reports them."""
    reg = registry or REGISTRY
    corpus = {s.name: s for s in reg.corpus_checks()}
    disabled = tuple(disable)
    article_only = [n for n in only or () if n not in corpus] if only else None
    article_disable = tuple(n for n in disabled if n not in corpus)
    if only and not article_only:
        # Only corpus checks were asked for: no per-article check runs.
        article_only, article_disable = None, tuple(reg.names())
    wanted = [
        s
        for name, s in sorted(corpus.items())
        if (not only or name in only) and name not in disabled
    ]
    settings: dict[str, dict[str, Any]] = {}
    for spec in wanted:
        given = dict((config or {}).get(spec.name, {}))
        unknown = sorted(set(given) - set(spec.defaults))
        if unknown:
            raise ConfigError(
                f"check {spec.name!r} has no setting {unknown[0]!r} "
                f"(settings: {', '.join(sorted(spec.defaults)) or 'none'})"
            )
        settings[spec.name] = {**spec.defaults, **given}
    article_config = {k: v for k, v in (config or {}).items() if k not in corpus}
    return Selection(article_only, article_disable, article_config, wanted, settings)


def _call(
    spec: CorpusCheckSpec,
    articles: Sequence[CorpusArticle],
    settings: Mapping[str, Any],
    workers: int,
) -> Iterable[CorpusHit]:
    if spec.parallel and workers > 1:
        return spec.func(articles, settings, workers=workers)  # type: ignore[call-arg]
    return spec.func(articles, settings)


def run_corpus_checks(
    articles: Sequence[CorpusArticle],
    selection: Selection,
    *,
    targets: Iterable[str] | None = None,
    workers: int | None = 1,
) -> dict[str, list[Finding]]:
    """Every selected corpus check over ``articles``: the findings of each target article
    (all of them when ``targets`` is None), by key, each list sorted by position.
    ``workers``: processes a parallel check may use (None: every core for a large corpus);
    the findings are the same."""
    if workers is None:
        workers = available_cores() if len(articles) >= AUTO_MIN_ARTICLES else 1
    texts = {a.key: a.text for a in articles}

    def run(spec: CorpusCheckSpec) -> list[CorpusHit]:
        return list(_call(spec, articles, selection.corpus_settings[spec.name], workers))

    def texts_of(keys: set[str]) -> dict[str, str]:
        return {k: texts[k] for k in keys}

    return _stamped(selection, run, texts_of, set(texts) if targets is None else targets)


def run_distributed(
    articles: Sequence[CorpusArticle],
    texts: TextSource,
    selection: Selection,
    mapper: Mapper,
    *,
    targets: Iterable[str] | None = None,
) -> dict[str, list[Finding]]:
    """:func:`run_corpus_checks` where the texts stay in ``texts`` (the store) and the
    batches run on ``mapper`` (a cluster): ``articles`` carry no text, and this process
    reads only the texts of the articles that get a finding. A corpus check with no
    distributed form is given every text, as on one machine."""
    index = {a.key: k for k, a in enumerate(articles)}

    def run(spec: CorpusCheckSpec) -> list[CorpusHit]:
        settings = selection.corpus_settings[spec.name]
        if spec.distributed is not None:
            return list(spec.distributed(articles, texts, settings, mapper))
        full = texts.take(range(len(articles)))
        whole = [replace(a, text=t) for a, t in zip(articles, full, strict=True)]
        return list(_call(spec, whole, settings, mapper.workers))

    def texts_of(keys: set[str]) -> dict[str, str]:
        ordered = sorted(keys, key=index.__getitem__)
        return dict(zip(ordered, texts.take([index[k] for k in ordered]), strict=True))

    return _stamped(selection, run, texts_of, set(index) if targets is None else targets)


def _stamped(
    selection: Selection,
    run: Callable[[CorpusCheckSpec], list[CorpusHit]],
    texts_of: Callable[[set[str]], dict[str, str]],
    targets: Iterable[str],
) -> dict[str, list[Finding]]:
    """The hits of each selected check (``run``) on the ``targets``, stamped with the
    evidence out of their article's text (``texts_of`` the articles that have hits); a
    crash is reported as findings, never raised."""
    wanted = set(targets)
    out: dict[str, list[Finding]] = defaultdict(list)
    for spec in selection.corpus:
        try:
            hits = [h for h in run(spec) if h.article in wanted]
            texts = texts_of({h.article for h in hits})
            found = [
                (
                    h.article,
                    stamp(h.hit, check=spec.name, version=spec.version, text=texts[h.article]),
                )
                for h in hits
            ]
        except Exception as exc:  # a crash is reported as findings, never raised
            crash = error_finding(spec, exc, where="corpus")
            for key in wanted:
                out[key].append(crash)
            continue
        for key, finding in found:
            out[key].append(finding)
    for findings in out.values():
        findings.sort(key=lambda f: (f.start, f.end, f.check, f.fingerprint))
    return dict(out)
