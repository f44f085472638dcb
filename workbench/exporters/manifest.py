"""``manifest.json``: what an export holds and how it was made. Pure.

Apart from ``created_at`` the manifest is a function of the database and the options, so two
exports of the same data with the same options differ only in that field."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_manifest(
    *,
    workbench_version: str,
    created_at: str,
    database: str,
    checks_version: str | None,
    options: Mapping[str, Any],
    label_set: Sequence[str],
    scopes: Mapping[str, Mapping[str, Any]],
    agreement: Mapping[str, Any],
    files: Sequence[Mapping[str, Any]],
    provenance: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "provenance": dict(provenance or {}),
        "manifest_version": MANIFEST_VERSION,
        "workbench_version": workbench_version,
        "created_at": created_at,
        "database": database,
        "checks_version": checks_version,
        "options": dict(options),
        "label_set": sorted(label_set),
        "scopes": {k: dict(v) for k, v in scopes.items()},
        "agreement": dict(agreement),
        "files": sorted((dict(f) for f in files), key=lambda f: f["name"]),
    }


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
