"""The registry of export formats. Built-in formats register exactly as an outside one would,
with :func:`register`; the built-in modules are imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from workbench.errors import WorkbenchError
from workbench.exporters.model import ExportArticle

#: An exporter writes articles of one scope to a binary file and returns what it counted.
WriteFn = Callable[[Iterable[ExportArticle], BinaryIO, str], dict[str, int]]

#: Modules holding the built-in formats, in the order they are listed.
DEFAULT_MODULES = (
    "workbench.exporters.jsonl",
    "workbench.exporters.conll",
    "workbench.exporters.labelstudio",
    "workbench.exporters.spacy_docbin",
)


class ExportError(WorkbenchError):
    """An export cannot be made as asked."""


class UnknownFormat(ExportError):
    """No exporter has this name."""


class MissingDependency(ExportError):
    """A format needs an optional package that is not installed."""


@dataclass(frozen=True)
class ExporterSpec:
    name: str  # the --format value, versioned in ``version``
    suffix: str  # file name suffix, e.g. ".jsonl"
    version: str
    description: str
    write: WriteFn


class Registry:
    def __init__(self) -> None:
        self._specs: dict[str, ExporterSpec] = {}
        self._loaded = False

    def register(
        self, name: str, *, suffix: str, description: str, version: str = "1"
    ) -> Callable[[WriteFn], WriteFn]:
        """Decorator: register ``fn`` as the writer of format ``name``; the function is
        returned unchanged. A name registered twice is refused."""

        def deco(fn: WriteFn) -> WriteFn:
            if name in self._specs:
                raise ValueError(f"export format {name!r} is already registered")
            self._specs[name] = ExporterSpec(name, suffix, version, description, fn)
            return fn

        return deco

    def load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for module in DEFAULT_MODULES:
                importlib.import_module(module)

    def all(self) -> list[ExporterSpec]:
        """Built-in formats in ``DEFAULT_MODULES`` order (whatever order they were imported
        in), then the others in registration order."""
        self.load()
        rank = {m: i for i, m in enumerate(DEFAULT_MODULES)}
        specs = list(self._specs.values())
        return sorted(specs, key=lambda s: rank.get(s.write.__module__, len(rank)))

    def names(self) -> list[str]:
        return [s.name for s in self.all()]

    def get(self, name: str) -> ExporterSpec:
        self.load()
        if name not in self._specs:
            raise UnknownFormat(f"unknown export format {name!r}: use {', '.join(self.names())}")
        return self._specs[name]


REGISTRY = Registry()
register = REGISTRY.register
