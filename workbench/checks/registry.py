"""The registry of checks. Built-in checks register exactly as an outside plugin would:
through the ``workbench.checks`` entry-point group, loaded on first use."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from workbench.checks.base import ArticleInput, Hit

if TYPE_CHECKING:
    from workbench.checks.texts import Mapper, TextSource

CheckFunc = Callable[[ArticleInput, Mapping[str, Any]], Iterable[Hit]]
ENTRY_POINT_GROUP = "workbench.checks"


@dataclass(frozen=True)
class CheckSpec:
    name: str
    version: str
    func: CheckFunc
    description: str
    defaults: Mapping[str, Any] = field(default_factory=dict)

    @property
    def qualified_name(self) -> str:
        return f"{self.name}.v{self.version}"


class DuplicateCheck(ValueError):
    pass


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, CheckSpec] = {}
        self._corpus: dict[str, CorpusCheckSpec] = {}
        self._loaded = False
        #: Entry points that failed to import: name -> "ExceptionClass: message".
        self.load_errors: dict[str, str] = {}

    def register(self, spec: CheckSpec) -> None:
        if spec.name in self._checks or spec.name in self._corpus:
            raise DuplicateCheck(f"a check named {spec.name!r} is already registered")
        self._checks[spec.name] = spec

    def register_corpus(self, spec: CorpusCheckSpec) -> None:
        if spec.name in self._checks or spec.name in self._corpus:
            raise DuplicateCheck(f"a check named {spec.name!r} is already registered")
        self._corpus[spec.name] = spec

    def corpus_checks(self) -> list[CorpusCheckSpec]:
        """The corpus-level checks (they see every article of a run at once), by name."""
        self.load_plugins()
        return sorted(self._corpus.values(), key=lambda s: s.name)

    def load_plugins(self) -> None:
        """Import every module named in the entry-point group (once)."""
        if self._loaded:
            return
        self._loaded = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                ep.load()
            except Exception as exc:  # a broken plugin must not take the other checks down
                self.load_errors[ep.name] = f"{exc.__class__.__name__}: {exc}"

    def all(self) -> list[CheckSpec]:
        self.load_plugins()
        return sorted(self._checks.values(), key=lambda s: s.name)

    def get(self, name: str) -> CheckSpec:
        self.load_plugins()
        return self._checks[name]

    def names(self) -> list[str]:
        return [s.name for s in self.all()]


REGISTRY = Registry()


def register_check(
    name: str,
    version: str,
    *,
    description: str,
    defaults: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
) -> Callable[[CheckFunc], CheckFunc]:
    """Register ``func`` as a check; the function is returned unchanged. Duplicates are refused."""

    def decorate(func: CheckFunc) -> CheckFunc:
        (registry or REGISTRY).register(
            CheckSpec(name, version, func, description, dict(defaults or {}))
        )
        return func

    return decorate


# -- corpus-level checks ----------------------------------------------------------------------
# A corpus check sees every article of a run at once (duplicates across articles). It has its
# own protocol and its own table in the registry, so the per-article path above is unchanged.


@dataclass(frozen=True)
class CorpusArticle:
    """An article as a corpus check sees it; ``key`` is its external id."""

    key: str
    text: str
    published: date | None = None
    title: str = ""
    source: str = ""


@dataclass(frozen=True)
class CorpusHit:
    """A corpus check's hit: which article (by key) it sits on, and the hit itself."""

    article: str
    hit: Hit


CorpusCheckFunc = Callable[[Sequence[CorpusArticle], Mapping[str, Any]], Iterable[CorpusHit]]
#: ``(articles, texts, config, mapper) -> hits``: a corpus check that reads the texts from a
#: :class:`~workbench.checks.texts.TextSource` where its batches run (``mapper``); the
#: ``articles`` carry only their key, date, title and source (their ``text`` is empty).
DistributedCorpusFunc = Callable[
    [Sequence[CorpusArticle], "TextSource", Mapping[str, Any], "Mapper"], Iterable[CorpusHit]
]


@dataclass(frozen=True)
class CorpusCheckSpec:
    name: str
    version: str
    func: CorpusCheckFunc
    description: str
    defaults: Mapping[str, Any] = field(default_factory=dict)
    scope: str = "corpus"
    #: The function takes ``workers=N`` (processes it may use; its findings are the same).
    parallel: bool = False
    #: The same check over a text source and a mapper (a cluster), when it has one.
    distributed: DistributedCorpusFunc | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.name}.v{self.version}"


def register_corpus_check(
    name: str,
    version: str,
    *,
    description: str,
    defaults: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
    parallel: bool = False,
    distributed: DistributedCorpusFunc | None = None,
) -> Callable[[CorpusCheckFunc], CorpusCheckFunc]:
    """Register ``func`` as a corpus check ``(articles, config) -> Iterable[CorpusHit]``; the
    function is returned unchanged. A name already used by any check is refused. A
    ``parallel`` check also takes ``workers=N``, the processes it may use; ``distributed``
    is the same check for a cluster (:data:`DistributedCorpusFunc`), finding the same."""

    def decorate(func: CorpusCheckFunc) -> CorpusCheckFunc:
        (registry or REGISTRY).register_corpus(
            CorpusCheckSpec(
                name,
                version,
                func,
                description,
                dict(defaults or {}),
                parallel=parallel,
                distributed=distributed,
            )
        )
        return func

    return decorate
