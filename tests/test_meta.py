"""Meta-tests that keep the registries, the documentation and the layering honest."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer.main

from workbench.checks.registry import REGISTRY
from workbench.cli import build_app
from workbench.config import SETTINGS, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbench"


def _commands(group: object, prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    if hasattr(group, "commands"):
        for name, cmd in group.commands.items():
            out.append((f"{prefix}{name}", cmd))
            out.extend(_commands(cmd, f"{prefix}{name} "))
    return out


def test_every_command_has_help() -> None:
    commands = _commands(typer.main.get_command(build_app()))
    assert len(commands) >= 5
    missing = [name for name, cmd in commands if not (getattr(cmd, "help", "") or "").strip()]
    assert missing == []


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert missing == []


def test_settings_table_matches_the_dataclass() -> None:
    assert [s.name for s in SETTINGS] == list(Settings.__dataclass_fields__)
    defaults = load_settings(environ={}, secrets_file=ROOT / "no-such-file.toml")
    assert all(getattr(defaults, s.name) == s.default for s in SETTINGS)


def test_environment_then_secrets_file_then_default(tmp_path: Path) -> None:
    secrets = tmp_path / "s.toml"
    secrets.write_text('[workbench]\nlabelstudio_token = "from-file"\nlabelstudio_port = 9001\n')
    env = {"WORKBENCH_LABELSTUDIO_PORT": "9002"}
    got = load_settings(environ=env, secrets_file=secrets)
    assert (got.labelstudio_token, got.labelstudio_port) == ("from-file", 9002)
    assert "from-file" not in repr(got)


def test_every_check_has_tests_and_documentation() -> None:
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for spec in REGISTRY.all():
        assert (ROOT / "tests" / "checks" / f"test_{spec.name}.py").is_file(), spec.name
        assert re.search(rf"^#+ .*`?{spec.name}`?", docs, re.M), spec.name
    for corpus_spec in REGISTRY.corpus_checks():  # tested in the file named after its module
        module = corpus_spec.func.__module__.rsplit(".", 1)[-1]
        assert (ROOT / "tests" / "checks" / f"test_{module}.py").is_file(), corpus_spec.name
        assert re.search(rf"^#+ .*`?{corpus_spec.name}`?", docs, re.M), corpus_spec.name


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, set[str]]]:
    return [(str(p.relative_to(ROOT)), _imports(p)) for p in sorted(PACKAGE.rglob("*.py"))]


#: (imported top-level package, the only places allowed to import it)
IMPORT_RULES = [
    ("label_studio_sdk", ("workbench/labelstudio/client.py",)),
    ("streamlit", ("workbench/dashboard/",)),
    ("typer", ("workbench/cli/",)),
    ("sqlmodel", ("workbench/store/",)),
    ("alembic", ("workbench/store/",)),
]


@pytest.mark.parametrize(("package", "allowed"), IMPORT_RULES)
def test_import_rules(package: str, allowed: tuple[str, ...]) -> None:
    offenders = [
        path
        for path, names in _modules()
        if any(n == package or n.startswith(package + ".") for n in names)
        and not path.startswith(allowed)
    ]
    assert offenders == []


PURE = ("workbench/arabic/", "workbench/agreement/", "workbench/gold.py")


def test_pure_packages_do_no_database_or_ui_work() -> None:
    banned = ("workbench.store", "sqlalchemy", "streamlit", "label_studio_sdk", "typer")
    offenders = [
        (path, sorted(n for n in names if n.startswith(banned)))
        for path, names in _modules()
        if path.startswith(PURE) and any(n.startswith(banned) for n in names)
    ]
    assert offenders == []
