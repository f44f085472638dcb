"""Where the dashboard may write. Served to other people (a login is required), the export
page writes only under ``exports/`` of the directory the server runs in: an editor cannot
choose another folder of the server's machine."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError

EXPORTS = Path("exports")


def confined_export_dir(typed: str, default: str, base: Path = EXPORTS) -> Path:
    """``typed`` (or ``default``) as a folder inside ``base``: a relative path, with or without
    the leading ``exports/``; absolute paths and ``..`` that lead outside are refused."""
    raw = typed.strip() or default
    path = Path(raw)
    if path.is_absolute():
        raise InputError("export", None, f"the folder must be inside {base}/, not {raw!r}")
    if path.parts[:1] == (base.name,):
        path = Path(*path.parts[1:])
    target = (base / path).resolve()
    root = base.resolve()
    if target == root or not target.is_relative_to(root):
        raise InputError("export", None, f"the folder must be inside {base}/, not {raw!r}")
    return base / path
