"""The runner: selection, settings, sorting, crashes as findings, the version string."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from workbench.checks.base import ArticleInput, Hit
from workbench.checks.registry import REGISTRY, DuplicateCheck, Registry, register_check
from workbench.checks.runner import UnknownCheck, checks_version, run_checks
from workbench.errors import ConfigError, WorkbenchError

TEXT = "كلمة أولى ثم كلمة ثانية."


@pytest.fixture
def registry() -> Registry:
    reg = Registry()
    reg._loaded = True  # no entry points: only the checks below

    @register_check("late", "2", description="A hit at the end.", defaults={"n": 1}, registry=reg)
    def late(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
        for _ in range(config["n"]):
            yield Hit(len(article.text) - 6, len(article.text) - 1, "info", "late", key=str(_))

    @register_check("early", "1", description="A hit at the start.", registry=reg)
    def early(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
        yield Hit(0, 4, "warning", "early", evidence={"kind": "x"})

    @register_check("boom", "1", description="Always crashes.", registry=reg)
    def boom(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
        raise ZeroDivisionError("secret detail")
        yield  # pragma: no cover

    @register_check("bad_offsets", "1", description="Out of the text.", registry=reg)
    def bad(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
        yield Hit(0, 10_000, "warning", "too far")

    return reg


def test_findings_are_sorted_and_sliced_from_the_text(registry: Registry) -> None:
    found = run_checks(ArticleInput(TEXT), only=["late", "early"], registry=registry)
    assert [(f.check, f.version, f.start, f.end) for f in found] == [
        ("early", "1", 0, 4),
        ("late", "2", len(TEXT) - 6, len(TEXT) - 1),
    ]
    assert all(f.text == TEXT[f.start : f.end] for f in found)


def test_a_crash_is_one_error_finding_and_the_run_goes_on(registry: Registry) -> None:
    found = run_checks(ArticleInput(TEXT), registry=registry)
    errors = {f.check: f for f in found if f.severity == "error"}
    assert set(errors) == {"boom", "bad_offsets"}
    assert "ZeroDivisionError" in errors["boom"].message
    message = errors["boom"].message
    assert "secret detail" not in message and "Traceback" not in message
    assert errors["boom"].evidence == {"kind": "crash", "exception": "ZeroDivisionError"}
    assert {f.check for f in found if f.severity != "error"} == {"early", "late"}


def test_settings_merge_over_defaults(registry: Registry) -> None:
    found = run_checks(
        ArticleInput(TEXT), only=["late"], config={"late": {"n": 3}}, registry=registry
    )
    assert len(found) == 3
    with pytest.raises(ConfigError, match="no setting 'm'"):
        run_checks(ArticleInput(TEXT), only=["late"], config={"late": {"m": 3}}, registry=registry)
    with pytest.raises(UnknownCheck):
        run_checks(ArticleInput(TEXT), config={"nope": {}}, registry=registry)


def test_only_and_disable(registry: Registry) -> None:
    off = ["boom", "bad_offsets", "late"]
    found = run_checks(ArticleInput(TEXT), disable=off, registry=registry)
    assert {f.check for f in found} == {"early"}
    with pytest.raises(UnknownCheck, match="no check named 'nope'") as info:
        run_checks(ArticleInput(TEXT), only=["nope"], registry=registry)
    assert isinstance(info.value, WorkbenchError)


def test_checks_version(registry: Registry) -> None:
    assert checks_version(registry=registry) == "bad_offsets.v1+boom.v1+early.v1+late.v2"
    assert checks_version(["late", "early"], registry=registry) == "early.v1+late.v2"


def test_duplicate_names_are_refused(registry: Registry) -> None:
    with pytest.raises(DuplicateCheck):
        register_check("early", "9", description="again", registry=registry)(lambda a, c: [])


def test_fingerprints_are_stable_across_runs(registry: Registry) -> None:
    runs = [
        run_checks(ArticleInput(TEXT), only=["late"], config={"late": {"n": 2}}, registry=registry)
        for _ in range(2)
    ]
    assert [f.fingerprint for f in runs[0]] == [f.fingerprint for f in runs[1]]
    assert len({f.fingerprint for f in runs[0]}) == 2  # told apart by their key


def test_built_in_checks_register_through_the_entry_points() -> None:
    names = REGISTRY.names()
    assert {"repeated_passage", "repeated_word"} <= set(names)
    assert "repeated_passage" not in REGISTRY.load_errors
    spec = REGISTRY.get("repeated_passage")
    assert spec.qualified_name == "repeated_passage.v3" and spec.defaults["min_words"] == 8
    assert "repeated_passage.v3" in checks_version()


def test_the_sample_article_at_warning_from_these_checks() -> None:
    from workbench.samples import sample_article_path

    text = sample_article_path().read_text(encoding="utf-8")
    found = run_checks(ArticleInput(text), only=["repeated_passage", "repeated_word"])
    lines = [(f.check, text.count("\n", 0, f.start) + 1) for f in found if f.severity == "warning"]
    assert lines == [
        ("repeated_passage", 14),
        ("repeated_word", 15),
        ("repeated_passage", 27),
        ("repeated_passage", 31),
    ]
