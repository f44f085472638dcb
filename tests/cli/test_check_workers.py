"""``workbench check --workers N`` and ``--format jsonl`` on a few hundred generated articles
shaped like real ones (paragraphs of the sample article reordered, repeated and edited, with
dates, figures and doubled words), and what ``check FILE`` imports."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from workbench.checks.pool import AUTO_MIN_ARTICLES, Job, check_jobs
from workbench.checks.runner import plan_checks
from workbench.cli import build_app, command_name

EXTRA = [
    "وقال المتحدث إن عدد القتلى بلغ 120 شخصا بينهم 90 طفلا و40 امرأة.",
    "وجرى ذلك يوم الأربعاء 24 من يناير الماضي في بلدة البلدة الشرقية.",
    "وأكد أن في في المدينة آلاف القتلى، بينما أحصت المنظمة 300 قتيل و200 قتيل.",
    "وأعلنت قوات سوريا الديموقراطية سيطرتها على قرية السفافنة ثم قرية السفافية.",
    "الخميس 31 يوليو 2015 موعد الاجتماع المقبل للجنة.",
]


def articles(n: int, sample: str, seed: int = 20150721) -> list[dict[str, str]]:
    """``n`` articles, the same for the same seed."""
    rng = random.Random(seed)
    paragraphs = [p for p in sample.split("\n") if p.strip()]
    out = []
    for i in range(n):
        body = rng.sample(paragraphs, rng.randint(2, min(8, len(paragraphs))))
        body += rng.sample(EXTRA, rng.randint(0, 3))
        if rng.random() < 0.3:  # a paragraph said twice, the second time with a clause
            body.append(body[0].rstrip(".") + " وفق ما أفاد مصدر محلي.")
        rng.shuffle(body)
        record = {"id": f"a{i:04d}", "text": "\n".join(body), "date_extracted": "2019-01-25"}
        out.append(record)
    return out


def _write(tmp_path: Path, sample_path: Path, n: int) -> Path:
    path = tmp_path / "articles.jsonl"
    rows = articles(n, sample_path.read_text(encoding="utf-8"))
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _check(args: list[str]) -> str:
    result = CliRunner().invoke(build_app(), ["check", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_two_workers_write_what_one_writes(tmp_path: Path, sample_path: Path) -> None:
    path = _write(tmp_path, sample_path, AUTO_MIN_ARTICLES + 20)
    # The per-article checks are what the workers share; the corpus check runs once, after
    # them, in this process (and these generated articles are all copies of one story).
    per_article = ["--disable", "cross_article_duplicate"]
    one = _check([str(path), "--format", "json", "--workers", "1", *per_article])
    two = _check([str(path), "--format", "json", "--workers", "2", *per_article])
    auto = _check([str(path), "--format", "json", *per_article])  # enough for every core
    assert two == one and auto == one
    findings = json.loads(one)["findings"]
    assert len({f["check"] for f in findings}) >= 4
    ids = [f["article"] for f in findings]
    assert ids == sorted(ids)  # in the order of the input


def test_pool_results_follow_the_input_order(sample_path: Path) -> None:
    rows = articles(120, sample_path.read_text(encoding="utf-8"), seed=7)
    jobs = [Job(r["id"], r["text"]) for r in rows]
    plan = plan_checks()
    pooled = list(check_jobs(jobs, plan, workers=2))
    assert [job for job, _ in pooled] == jobs
    assert [found for _, found in pooled] == [plan.run(job.article()) for job in jobs]


def test_jsonl_streams_the_findings_of_json(tmp_path: Path, sample_path: Path) -> None:
    path = _write(tmp_path, sample_path, 40)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": ""}\n', encoding="utf-8")
    whole = json.loads(_check([str(path), "--format", "json"]))["findings"]
    result = CliRunner().invoke(build_app(), ["check", str(path), str(bad), "--format", "jsonl"])
    assert result.exit_code == 1  # the bad record is reported, the good ones still checked
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == whole and lines
    assert "bad.jsonl:1" in result.stderr and "empty" in result.stderr


def test_command_name_skips_the_global_options() -> None:
    assert command_name(["--db", "sqlite:///x.db", "check", "a.txt"]) == "check"
    assert command_name(["--db=sqlite:///x.db", "checks", "list"]) == "checks"
    assert command_name(["--help"]) is None


def test_checking_files_imports_neither_the_store_nor_label_studio(sample_path: Path) -> None:
    code = (
        "import sys\n"
        "from workbench.cli import main\n"
        f"sys.argv = ['workbench', 'check', {str(sample_path)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['sqlalchemy', 'sqlmodel', 'label_studio_sdk', 'streamlit', 'pandas']\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"findings"' in out.stdout
    assert out.stdout.rstrip().endswith("LOADED []")


def test_each_command_is_registered_by_the_module_named_for_it() -> None:
    import typer.main

    from workbench.cli import COMMAND_OWNERS

    everything = set(typer.main.get_command(build_app()).commands)
    assert set(COMMAND_OWNERS) <= everything  # a command left out still works (all imported)
    for name in COMMAND_OWNERS:
        assert name in typer.main.get_command(build_app(name)).commands
