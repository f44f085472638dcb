"""A database written by the first schema revision keeps every row through an upgrade to the
head, and through a downgrade to the first revision and back (SQLite and PostgreSQL).

The fixture database is generated here, deterministically: an empty database is brought to
revision 0001 with Alembic and filled with plain SQL. Rows are compared by the columns that
existed at 0001, so the test holds for whatever migrations are added after it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from workbench.store.engine import _alembic_config, current_revision, make_engine, upgrade

FIRST = "0001"
T0 = datetime(2019, 1, 25, 8, 30, tzinfo=UTC)
TEXT = "قالت مصادر محلية إنّ «قوات سوريا الديمقراطية» سيطرت على بلدة الباغوز يوم الخميس ٢٤ كانون الثاني.\nوقُتل ١٢ عنصراً."

#: Rows of every table of revision 0001, in foreign-key order. JSON columns are given as JSON.
ROWS: dict[str, list[dict[str, Any]]] = {
    "articles": [
        {
            "id": 1,
            "external_id": "deir-ez-zor-1",
            "title": "معارك الباغوز",
            "source": "SANA",
            "url": "https://example.org/a?id=1",
            "published": date(2019, 1, 25),
            "text": TEXT,
            "sha256": "a" * 64,
            "created_at": T0,
        },
        {
            "id": 2,
            "external_id": "empty-meta",
            "title": "",
            "source": "",
            "url": "",
            "published": None,
            "text": "نصٌّ ثانٍ\u200f فيه علامات 😀.",
            "sha256": "b" * 64,
            "created_at": T0,
        },
    ],
    "segments": [
        {"id": 1, "article_id": 1, "idx": 0, "start": 0, "end": 98, "kind": "paragraph"},
        {"id": 2, "article_id": 1, "idx": 1, "start": 99, "end": 115, "kind": "paragraph"},
        {"id": 3, "article_id": 2, "idx": 0, "start": 0, "end": 25, "kind": "heading"},
    ],
    "state": [
        {"key": "labelstudio.project_id", "value": "7"},
        {"key": "note", "value": "قيمة عربية"},
    ],
    "annotators": [
        {"id": 1, "email": "reem@example.org", "name": "ريم", "ls_user_id": 3},
        {"id": 2, "email": "omar@example.org", "name": "", "ls_user_id": None},
    ],
    "annotations": [
        {
            "id": 1,
            "article_id": 1,
            "annotator_id": 1,
            "ls_project_id": 7,
            "ls_task_id": 11,
            "ls_annotation_id": 101,
            "ls_created_at": T0,
            "ls_updated_at": T0,
            "result_sha256": "c" * 64,
            "pulled_at": T0,
        },
        {
            "id": 2,
            "article_id": 1,
            "annotator_id": 2,
            "ls_project_id": 7,
            "ls_task_id": 11,
            "ls_annotation_id": 102,
            "ls_created_at": None,
            "ls_updated_at": None,
            "result_sha256": "",
            "pulled_at": T0,
        },
    ],
    "spans": [
        {
            "id": 1,
            "annotation_id": 1,
            "region_id": "r1",
            "start": 52,
            "end": 65,
            "label": "claim",
            "text": TEXT[52:65],
            "verdict": "false",
            "note": "ملاحظة <b>",
        },
        {
            "id": 2,
            "annotation_id": 1,
            "region_id": "r2",
            "start": 104,
            "end": 106,
            "label": "fact",
            "text": TEXT[104:106],
            "verdict": None,
            "note": None,
        },
        {
            "id": 3,
            "annotation_id": 2,
            "region_id": "r3",
            "start": 52,
            "end": 65,
            "label": "claim",
            "text": TEXT[52:65],
            "verdict": "true",
            "note": None,
        },
    ],
    "span_relations": [
        {"id": 1, "annotation_id": 1, "from_span_id": 2, "to_span_id": 1, "kind": "supports"},
    ],
    "quarantined_spans": [
        {
            "id": 1,
            "article_id": 1,
            "ls_task_id": 11,
            "ls_annotation_id": 102,
            "region_id": "q1",
            "start": 3,
            "end": 999,
            "label": "fact",
            "text": "خارج النص",
            "reason": "end 999 past the text",
            "created_at": T0,
        },
    ],
    "findings": [
        {
            "id": 1,
            "article_id": 1,
            "check": "weekday_date_mismatch",
            "version": "1",
            "severity": "warning",
            "start": 63,
            "end": 91,
            "text": TEXT[63:91],
            "related": [{"start": 0, "end": 4, "text": TEXT[0:4]}],
            "message": "الخميس is not 24 January 2019",
            "evidence": {"kind": "weekday", "date": "2019-01-24", "nested": {"a": [1, 2]}},
            "fingerprint": "f" * 32,
            "status": "open",
            "first_seen": T0,
            "last_seen": T0,
            "resolved_at": None,
        },
        {
            "id": 2,
            "article_id": 2,
            "check": "repeated_word",
            "version": "1",
            "severity": "info",
            "start": 0,
            "end": 3,
            "text": "نصٌّ",
            "related": [],
            "message": "doubled",
            "evidence": {},
            "fingerprint": "e" * 32,
            "status": "resolved",
            "first_seen": T0,
            "last_seen": T0,
            "resolved_at": T0,
        },
    ],
    "pushed_tasks": [
        {
            "id": 1,
            "article_id": 1,
            "ls_project_id": 7,
            "ls_task_id": 11,
            "text_sha256": "a" * 64,
            "predictions_sha256": "",
            "pushed_at": T0,
        },
    ],
    "reviews": [
        {
            "id": 1,
            "created_at": T0,
            "editor": "سارة",
            "article_id": 1,
            "target_type": "finding",
            "target_key": "1",
            "decision": "confirm",
            "label": None,
            "start": None,
            "end": None,
            "note": "مؤكد",
            "previous": {},
            "undoes_id": None,
        },
        {
            "id": 2,
            "created_at": T0,
            "editor": "omar",
            "article_id": 1,
            "target_type": "finding",
            "target_key": "1",
            "decision": "undo",
            "label": None,
            "start": None,
            "end": None,
            "note": None,
            "previous": {"review_id": 1, "decision": "confirm", "editor": "سارة"},
            "undoes_id": 1,
        },
        {
            "id": 3,
            "created_at": T0,
            "editor": "سارة",
            "article_id": 1,
            "target_type": "disagreement",
            "target_key": "52-65",
            "decision": "gold",
            "label": "claim",
            "start": 52,
            "end": 65,
            "note": None,
            "previous": {},
            "undoes_id": None,
        },
    ],
}
JSON_COLUMNS = {("findings", "related"), ("findings", "evidence"), ("reviews", "previous")}


def _fill(conn: Connection) -> None:
    for table, rows in ROWS.items():
        for row in rows:
            values = {
                k: json.dumps(v, ensure_ascii=False) if (table, k) in JSON_COLUMNS else v
                for k, v in row.items()
            }
            cols = ", ".join(f'"{k}"' for k in values)
            params = ", ".join(f":{k}" for k in values)
            conn.execute(text(f'INSERT INTO "{table}" ({cols}) VALUES ({params})'), values)
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for table, rows in ROWS.items():
            if "id" in rows[0]:
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :n)"),
                    {"n": max(r["id"] for r in rows)},
                )


def _columns_at_first(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        insp = inspect(conn)
        return {
            t: [c["name"] for c in insp.get_columns(t)]
            for t in insp.get_table_names()
            if t != "alembic_version"
        }


def _normal(value: Any) -> Any:
    """One form per value whatever the driver returns (JSON as text or parsed, dates as text
    or objects)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T":
        return datetime.fromisoformat(value).replace(tzinfo=None).isoformat(sep=" ")
    return value


def _snapshot(engine: Engine, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with engine.connect() as conn:
        for table, cols in columns.items():
            names = ", ".join(f'"{c}"' for c in cols)
            order = ", ".join(f'"{c}"' for c in cols[:1])
            rows = conn.execute(text(f'SELECT {names} FROM "{table}" ORDER BY {order}'))
            out[table] = [tuple(_normal(v) for v in row) for row in rows]
    return out


def _head(engine: Engine) -> str:
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def _first_revision_database(db_url: str) -> tuple[Engine, dict[str, list[str]], dict[str, Any]]:
    engine = make_engine(db_url)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        _fill(conn)
    columns = _columns_at_first(engine)
    assert set(columns) == set(ROWS), "a table of revision 0001 has no fixture rows"
    before = _snapshot(engine, columns)
    assert {t: len(r) for t, r in before.items()} == {t: len(r) for t, r in ROWS.items()}
    return engine, columns, before


def test_upgrade_to_head_keeps_every_row(db_url: str) -> None:
    engine, columns, before = _first_revision_database(db_url)
    upgrade(engine)
    assert current_revision(engine) == _head(engine)
    assert _snapshot(engine, columns) == before
    engine.dispose()


def test_downgrade_to_first_and_upgrade_again_keeps_every_row(db_url: str) -> None:
    engine, columns, before = _first_revision_database(db_url)
    upgrade(engine)
    command.downgrade(_alembic_config(engine), FIRST)
    assert current_revision(engine) == FIRST
    assert _snapshot(engine, columns) == before
    upgrade(engine)
    assert current_revision(engine) == _head(engine)
    assert _snapshot(engine, columns) == before
    engine.dispose()


def test_the_upgraded_store_reads_the_old_rows(db_url: str) -> None:
    """The application's own store functions read what the first revision wrote."""
    from workbench.store import session_scope
    from workbench.store.articles import get_article
    from workbench.store.reviews import effective_decisions, review_log

    engine, _, _ = _first_revision_database(db_url)
    upgrade(engine)
    with session_scope(engine) as session:
        assert get_article(session=session, external_id="deir-ez-zor-1").text == TEXT
        assert [r.decision for r in review_log(session=session)] == ["confirm", "undo", "gold"]
        decided = effective_decisions(session=session)
        assert set(decided) == {("disagreement", "52-65")}  # the confirm was undone
    engine.dispose()


def test_a_downgrade_the_first_revision_cannot_hold_is_refused_and_keeps_every_row(
    db_url: str,
) -> None:
    """Revision 0001 allowed one Label Studio annotation id per server; the head allows the
    same id in two projects. Such a database cannot go back: the downgrade fails as a whole
    and every row stays where it was."""
    import pytest

    from workbench.errors import StoreError

    engine = make_engine(db_url)
    upgrade(engine)
    head = current_revision(engine)
    rows = {t: ROWS[t] for t in ("articles", "annotators")}
    with engine.begin() as conn:
        for table, items in rows.items():
            for row in items:
                cols = ", ".join(f'"{k}"' for k in row)
                conn.execute(
                    text(
                        f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join(":" + k for k in row)})'
                    ),
                    row,
                )
        for n, project in enumerate((7, 8), start=1):
            ann = {**ROWS["annotations"][0], "id": n, "ls_project_id": project}
            cols = ", ".join(f'"{k}"' for k in ann)
            conn.execute(
                text(
                    f"INSERT INTO annotations ({cols}) VALUES ({', '.join(':' + k for k in ann)})"
                ),
                ann,
            )
            span = {**ROWS["spans"][0], "id": n, "annotation_id": n}
            cols = ", ".join(f'"{k}"' for k in span)
            conn.execute(
                text(f"INSERT INTO spans ({cols}) VALUES ({', '.join(':' + k for k in span)})"),
                span,
            )
    columns = _columns_at_first(engine)
    before = _snapshot(engine, columns)
    with pytest.raises(StoreError, match="revision 0001 cannot hold"):
        command.downgrade(_alembic_config(engine), FIRST)
    assert current_revision(engine) == head
    assert _columns_at_first(engine) == columns
    assert _snapshot(engine, columns) == before
    engine.dispose()
