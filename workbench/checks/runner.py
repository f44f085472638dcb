"""Running the registered checks on one article.

A check that crashes yields one ``error`` finding for that article, naming the exception
class, and the other checks go on; nobody sees a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.checks.base import ArticleInput, Finding, stamp
from workbench.checks.registry import REGISTRY, CheckSpec, CorpusCheckSpec, Registry
from workbench.errors import ConfigError, NotFound


class UnknownCheck(NotFound):
    """A check named by the user is not registered."""


def select_checks(
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    *,
    registry: Registry | None = None,
) -> list[CheckSpec]:
    """The enabled checks, by name: all of them, or ``only`` these, less ``disable``."""
    reg = registry or REGISTRY
    known = reg.names()
    disabled = set(disable)
    for name in [*(only or ()), *disabled]:
        if name not in known:
            raise UnknownCheck(f"no check named {name!r} (known: {', '.join(known)})")
    wanted = set(only) if only else set(known)
    return [reg.get(n) for n in known if n in wanted and n not in disabled]


def settings_for(spec: CheckSpec, config: Mapping[str, Mapping[str, Any]] | None) -> dict[str, Any]:
    """The check's defaults with the run's settings for it merged over them."""
    given = dict((config or {}).get(spec.name, {}))
    unknown = sorted(set(given) - set(spec.defaults))
    if unknown:
        raise ConfigError(
            f"check {spec.name!r} has no setting {unknown[0]!r} "
            f"(settings: {', '.join(sorted(spec.defaults)) or 'none'})"
        )
    return {**spec.defaults, **given}


def error_finding(
    spec: CheckSpec | CorpusCheckSpec, exc: BaseException, where: str = "article"
) -> Finding:
    """The one ``error`` finding a crashed check leaves on ``where`` (this article, or this
    corpus for a corpus check) instead of a traceback."""
    name = exc.__class__.__name__
    return Finding(
        check=spec.name,
        version=spec.version,
        severity="error",
        start=0,
        end=0,
        text="",
        message=f"The check {spec.name} failed on this {where} ({name}); its other findings "
        "were not produced.",
        evidence={"kind": "crash", "exception": name},
    )


def run_check(spec: CheckSpec, article: ArticleInput, settings: Mapping[str, Any]) -> list[Finding]:
    """One check on one article: its findings, or a single error finding if it crashed."""
    try:
        return [
            stamp(hit, check=spec.name, version=spec.version, text=article.text)
            for hit in spec.func(article, settings)
        ]
    except Exception as exc:  # a crash is reported as a finding, never raised
        return [error_finding(spec, exc)]


@dataclass(frozen=True)
class CheckPlan:
    """The enabled checks of a run with their settings, resolved once for every article
    (and sent as is to worker processes)."""

    specs: tuple[CheckSpec, ...]
    settings: tuple[Mapping[str, Any], ...]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.specs]

    def run(self, article: ArticleInput) -> list[Finding]:
        """Every check of the plan on ``article``, findings sorted by position."""
        findings: list[Finding] = []
        for spec, settings in zip(self.specs, self.settings, strict=True):
            findings.extend(run_check(spec, article, settings))
        if len(findings) > 1:
            findings.sort(key=lambda f: (f.start, f.end, f.check, f.fingerprint))
        return findings


def plan_checks(
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    registry: Registry | None = None,
) -> CheckPlan:
    """The checks to run and their settings; unknown checks and settings are refused."""
    specs = select_checks(only, disable, registry=registry)
    unknown = sorted(set(config or {}) - {s.name for s in (registry or REGISTRY).all()})
    if unknown:
        raise UnknownCheck(f"settings given for {unknown[0]!r}, which is not a check")
    return CheckPlan(tuple(specs), tuple(settings_for(spec, config) for spec in specs))


def run_checks(
    article: ArticleInput,
    *,
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    registry: Registry | None = None,
) -> list[Finding]:
    """Every enabled check on ``article``, findings sorted by position."""
    return plan_checks(only, disable, config, registry=registry).run(article)


def checks_version(
    only: Sequence[str] | None = None,
    disable: Iterable[str] = (),
    *,
    registry: Registry | None = None,
) -> str:
    """``repeated_passage.v1+repeated_word.v1+…`` for the enabled checks (Label Studio's
    model version)."""
    return "+".join(s.qualified_name for s in select_checks(only, disable, registry=registry))
