"""Exporters: one module per format (jsonl, conll, labelstudio, spacy), each a pure writer of
plain :mod:`~workbench.exporters.model` data, registered in :mod:`~workbench.exporters.registry`;
``manifest`` describes an export. See docs/exports.md."""

from workbench.exporters.registry import (
    REGISTRY,
    ExportError,
    MissingDependency,
    UnknownFormat,
    register,
)

__all__ = ["REGISTRY", "ExportError", "MissingDependency", "UnknownFormat", "register"]
