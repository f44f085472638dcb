"""Ingest: stored exactly as received, each record whole or not at all, bad ones named."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from workbench.ingest import ingest_paths, ingest_sample
from workbench.store import session_scope
from workbench.store.articles import article_segments, get_article, list_articles
from workbench.store.models import Article, Segment

HEADING_LINES = [2, 3, 7, 8, 17, 18, 25]


def test_sample_twice_is_one_article_with_31_segments(engine: Engine, sample_path: Path) -> None:
    first = ingest_paths(engine, [sample_path])
    second = ingest_paths(engine, [sample_path])
    assert (first.created, first.unchanged) == (1, 0)
    assert (second.created, second.unchanged) == (0, 1)
    with session_scope(engine) as session:
        (article,) = list_articles(session=session)
        segs = article_segments(session=session, article_id=article.id)
        assert article.text.encode("utf-8") == sample_path.read_bytes()
        assert len(segs) == 31
        assert [s.idx + 1 for s in segs if s.kind == "heading"] == HEADING_LINES
        lines = sample_path.read_text(encoding="utf-8").split("\n")
        assert [article.text[s.start : s.end] for s in segs] == lines
    assert second.to_dict()["articles"] == [
        {
            "id": sample_path.name,
            "title": "",
            "chars": len(lines) - 1 + sum(map(len, lines)),
            "paragraphs": 31,
        }
    ]


def test_sample_helper_sets_id_title_and_date(sqlite_engine: Engine) -> None:
    ingest_sample(sqlite_engine)
    ingest_sample(sqlite_engine)
    with session_scope(sqlite_engine) as session:
        art = get_article(session=session, external_id="sample-article")
        assert str(art.published) == "2019-01-25"
        assert art.title
        assert len(list_articles(session=session)) == 1


def test_stored_text_is_canonical_only(sqlite_engine: Engine, tmp_path: Path) -> None:
    raw = "\ufeffسطر أول\r\nسطر ثانٍ\rثالث\u0627\u0653"  # BOM, CRLF, CR, decomposed madda
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    report = ingest_paths(sqlite_engine, [tmp_path / "a.txt"])
    assert report.created == 1
    with session_scope(sqlite_engine) as session:
        (art,) = list_articles(session=session)
        assert art.text == "سطر أول\nسطر ثانٍ\nثالث\u0622"


def test_directory_with_bad_records_keeps_the_good(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("خبر أول عن الاقتصاد.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xd8\xa3\xff\xfe broken")
    lines = [
        json.dumps({"id": "j1", "text": "خبر ثان.", "title": "عنوان", "published": "2019-01-02"}),
        '{"id": "j2", "text": "خبر ثالث"',  # malformed
        json.dumps({"id": "j3", "content": "خبر رابع.", "date_extracted": "2015-07-21 10:00:00"}),
        json.dumps({"id": "j4", "text": ""}),
        json.dumps({"id": "j5", "title": "no text"}),
        json.dumps({"id": "j6", "text": "نص.", "published": "yesterday"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_paths(engine, [tmp_path])
    assert report.created == 3
    failed = {(Path(f.path).name, f.record): f.reason for f in report.failed}
    assert set(failed) == {
        ("bad.txt", None),
        ("batch.jsonl", 2),
        ("batch.jsonl", 4),
        ("batch.jsonl", 5),
        ("batch.jsonl", 6),
    }
    assert "UTF-8" in failed[("bad.txt", None)]
    assert "malformed JSON" in failed[("batch.jsonl", 2)]
    assert "'text' is empty" in failed[("batch.jsonl", 4)]
    assert "missing field 'text'" in failed[("batch.jsonl", 5)]
    assert "'published' is not a date" in failed[("batch.jsonl", 6)]
    with session_scope(engine) as session:
        ids = sorted(a.external_id for a in list_articles(session=session))
        assert ids == ["good.txt", "j1", "j3"]
        j3 = get_article(session=session, external_id="j3")
        assert str(j3.published) == "2015-07-21"
        # every stored article has its segments: nothing half-written
        for art in list_articles(session=session):
            assert article_segments(session=session, article_id=art.id)


def test_zipped_json_array_loads_like_the_corpus(sqlite_engine: Engine, tmp_path: Path) -> None:
    items = [
        {
            "source": "okaz",
            "url": "http://x/1",
            "date_extracted": "2015-07-21 09:00:00",
            "title": "عنوان",
            "author": "",
            "content": "الفقرة الأولى.\nالفقرة الثانية.",
        },
        {
            "source": "okaz",
            "url": "http://x/2",
            "date_extracted": "2015-07-21 09:00:00",
            "title": "",
            "author": "",
            "content": "",
        },
    ]
    with zipfile.ZipFile(tmp_path / "day.zip", "w") as zf:
        zf.writestr("day.json", json.dumps(items, ensure_ascii=False))
    report = ingest_paths(sqlite_engine, [tmp_path / "day.zip"])
    assert report.created == 1
    assert [(f.path.endswith("day.zip!day.json"), f.record) for f in report.failed] == [(True, 2)]
    assert report.articles[0]["paragraphs"] == 2


def test_same_id_with_other_text_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "x", "text": "نص أول."}) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "x", "text": "نص آخر."}) + "\n")
    assert ingest_paths(sqlite_engine, [tmp_path / "a.jsonl"]).created == 1
    report = ingest_paths(sqlite_engine, [tmp_path / "b.jsonl"])
    assert report.created == 0
    assert "already stored with a different text" in report.failed[0].reason
    with session_scope(sqlite_engine) as session:
        assert get_article(session=session, external_id="x").text == "نص أول."


def test_size_limit(sqlite_engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("ا" * 101, encoding="utf-8")
    report = ingest_paths(sqlite_engine, [tmp_path / "long.txt"], max_chars=100)
    assert report.created == 0
    assert "over the limit of 100" in report.failed[0].reason


def test_database_refusal_is_per_record(sqlite_engine: Engine, tmp_path: Path) -> None:
    """Two records of one batch with the same id and different texts: the first lands."""
    rows = [
        {"id": "dup", "text": "نص أول."},
        {"id": "dup", "text": "نص ثان."},
        {"id": "ok", "text": "نص ثالث."},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    report = ingest_paths(sqlite_engine, [tmp_path / "a.jsonl"])
    assert report.created == 2
    assert [(f.record, "already stored" in f.reason) for f in report.failed] == [(2, True)]
    with session_scope(sqlite_engine) as session:
        n_articles = len(session.exec(select(Article)).all())
        n_segments = len(session.exec(select(Segment)).all())
    assert (n_articles, n_segments) == (2, 2)
