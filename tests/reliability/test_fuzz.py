"""Fuzzed input through ingest, the Arabic layer, every registered check and every exporter.

Whatever the input: nothing crashes; a bad record is one error naming its file and record
and the good records of the same file still land; stored text is exactly the decoded input
(BOM, CRLF/CR and NFC rules); every offset slices the stored text to its evidence; every
export reads back. ``make fuzz`` runs this module with 10,000 examples per target
(``WORKBENCH_FUZZ=1``, see ``tests/conftest.py``).
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from tests.strategies import any_text, hostile_text, megabyte_line, with_lone_surrogate
from workbench.arabic.normalize import normalize
from workbench.arabic.segments import segments
from workbench.arabic.sentences import sentences
from workbench.arabic.stored import NotUtf8, canonical_text, decode
from workbench.arabic.tokens import tokens
from workbench.checks.base import ArticleInput, stamp
from workbench.checks.registry import REGISTRY as CHECKS
from workbench.checks.runner import settings_for
from workbench.exporters import REGISTRY as EXPORTERS
from workbench.exporters.model import ANNOTATORS, SCOPES, ExportArticle, ExportRelation, ExportSpan
from workbench.exporters.tokens import conll_tokens, place, spans_from_tags
from workbench.ingest import ingest_paths
from workbench.labelstudio.convert import LABELS, VERDICTS, parse_result
from workbench.store import session_scope
from workbench.store.articles import get_article
from workbench.store.engine import make_engine, upgrade

#: The settings of every target; the number of examples comes from the profile.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MEGABYTE = "ب" * 400_000 + "\u200f١٢ ١٢\u0640\u064e " * 60_000


def sometimes_big(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``text``, and about one draw in a hundred a line of a megabyte."""
    return st.integers(0, 99).flatmap(lambda n: megabyte_line if n == 0 else text)


# --- ingest ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    root = tmp_path_factory.mktemp("fuzz")
    engine = make_engine(f"sqlite:///{root / 'fuzz.db'}")
    upgrade(engine)
    yield engine, root
    engine.dispose()


_names = itertools.count()


def _write(root: Path, suffix: str, data: bytes) -> Path:
    path = root / f"in{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


def _stored_text(engine: Engine, external_id: str) -> str:
    with session_scope(engine) as session:
        return get_article(session=session, external_id=external_id).text


def _one_line(error: Any, path: Path) -> None:
    message = str(error)
    assert "\n" not in message and message.startswith(str(path)), message


@FUZZ
@given(
    body=st.one_of(
        sometimes_big(any_text()).map(lambda t: t.encode("utf-8")),
        st.binary(max_size=300),
    ),
    bom=st.booleans(),
)
@example(body=MEGABYTE.encode(), bom=True)
@example(body=b"\xd8\xa8\x00\xd8\xa8", bom=False)  # a NUL between two letters
@example(body="\u0627\u0654\r\nب".encode(), bom=True)  # NFC and CRLF
def test_ingest_txt(store: tuple[Engine, Path], body: bytes, bom: bool) -> None:
    engine, root = store
    raw = (b"\xef\xbb\xbf" if bom else b"") + body
    path = _write(root, ".txt", raw)
    report = ingest_paths(engine, [path])
    try:
        expected: str | None = decode(raw)
    except NotUtf8:
        expected = None
    assert len(report.failed) + len(report.articles) == 1
    if report.failed:
        _one_line(report.failed[0], path)
        assert expected is None or not expected.strip() or "\x00" in expected, report.failed
        return
    assert expected is not None and expected.strip() and "\x00" not in expected
    (art,) = report.articles
    assert _stored_text(engine, art["id"]) == expected
    assert art["chars"] == len(expected)


#: A record that must land: its text, its id (unique in the run), maybe a title and a date.
good_record = st.fixed_dictionaries(
    {"text": sometimes_big(any_text()).filter(lambda t: canonical_text(t).strip() != "")},
    optional={
        "title": hostile_text,
        "published": st.sampled_from(["2019-01-24", "2015-07-21 10:00:00"]),
        "source": st.text(max_size=20),
        "url": st.just("https://example.org/خبر?x=1"),
    },
).filter(lambda r: "\x00" not in r["text"] + r.get("title", "") + r.get("source", ""))

#: A record that must be refused with one error.
bad_record = st.one_of(
    st.fixed_dictionaries({"text": with_lone_surrogate}),  # "\ud800" in the file
    st.fixed_dictionaries({"text": hostile_text, "title": with_lone_surrogate}),
    st.fixed_dictionaries({"text": hostile_text, "id": with_lone_surrogate}),
    st.fixed_dictionaries({"text": st.sampled_from(["", " \n\t", "\u00a0\r\n"])}),
    st.fixed_dictionaries({"text": hostile_text.map(lambda t: t + "\x00")}),
    st.fixed_dictionaries(
        {"text": st.one_of(st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2))}
    ),
    st.fixed_dictionaries({"content": hostile_text, "published": st.sampled_from(["x", 7])}),
    st.fixed_dictionaries({"body": hostile_text}),
    st.one_of(st.integers(), st.text(max_size=10), st.lists(st.integers(), max_size=3)),
)

#: Whole lines that are not a usable JSON value at all.
RAW_LINES = [
    b"{",
    b'{"text": "\xff\xfe"}',  # not UTF-8
    b"[" * 100_000,  # nested too deeply for the parser
    b'{"text": "x", "id": ' + b"9" * 5_000 + b"}",  # an integer past Python's digit limit
    b'{"text": "\xed\xa0\x80"}',  # a surrogate encoded as UTF-8 bytes (CESU)
    b"\x00",
    b'{"text": NaN}',
]

_ids = itertools.count()


def _serialise(obj: Any, ascii_only: bool) -> bytes:
    """One JSON value; lone surrogates become ``\\udXXX`` escapes (or raw CESU bytes)."""
    return json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


entries = st.lists(
    st.one_of(
        good_record.map(lambda r: ("good", r)),
        bad_record.map(lambda r: ("bad", r)),
        st.sampled_from(RAW_LINES).map(lambda r: ("raw", r)),
    ),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(items=entries, ascii_only=st.booleans(), crlf=st.booleans(), blank=st.booleans())
def test_ingest_jsonl(
    store: tuple[Engine, Path],
    items: list[tuple[str, Any]],
    ascii_only: bool,
    crlf: bool,
    blank: bool,
) -> None:
    engine, root = store
    lines: list[bytes] = []
    expect: dict[int, tuple[str, Any]] = {}
    for kind, item in items:
        if blank:
            lines.append(b"  ")
        if kind == "good":
            item = {**item, "id": f"good-{next(_ids)}"}
        lines.append(item if kind == "raw" else _serialise(item, ascii_only))
        expect[len(lines)] = (kind, item)
    path = _write(root, ".jsonl", (b"\r\n" if crlf else b"\n").join(lines))
    report = ingest_paths(engine, [path])
    _check_outcome(engine, path, report, expect)


@FUZZ
@given(items=entries.map(lambda xs: [x for x in xs if x[0] != "raw"]), ascii_only=st.booleans())
def test_ingest_json_array(
    store: tuple[Engine, Path], items: list[tuple[str, Any]], ascii_only: bool
) -> None:
    engine, root = store
    values, expect = [], {}
    for n, (kind, item) in enumerate(items, start=1):
        if kind == "good":
            item = {**item, "id": f"good-{next(_ids)}"}
        values.append(item)
        expect[n] = (kind, item)
    path = _write(root, ".json", b"\xef\xbb\xbf" + _serialise(values, ascii_only))
    report = ingest_paths(engine, [path])
    if not ascii_only and any("surrogate" in str(e) or "UTF-8" in str(e) for e in report.failed):
        # Raw surrogate bytes make the whole file undecodable: one error for the file.
        assert len(report.failed) == 1 and report.articles == []
        _one_line(report.failed[0], path)
        return
    _check_outcome(engine, path, report, expect)


@FUZZ
@given(data=st.one_of(st.sampled_from(RAW_LINES), st.binary(max_size=200)))
def test_ingest_json_whole_file_garbage(store: tuple[Engine, Path], data: bytes) -> None:
    engine, root = store
    path = _write(root, ".json", data)
    report = ingest_paths(engine, [path])  # must not raise
    for error in report.failed:
        _one_line(error, path)


def _check_outcome(
    engine: Engine, path: Path, report: Any, expect: dict[int, tuple[str, Any]]
) -> None:
    failed = {e.record: e for e in report.failed}
    assert len(failed) == len(report.failed), "one error per record"
    stored = {a["id"] for a in report.articles}
    for error in report.failed:
        _one_line(error, path)
    for n, (kind, item) in expect.items():
        if kind == "good":
            assert n not in failed, failed[n]
            text = _stored_text(engine, item["id"]) if item["id"] in stored else None
            want = canonical_text(item["text"])
            if text is None:  # the same text was stored before, under another id
                assert any(_stored_text(engine, i) == want for i in stored)
            else:
                assert text == want
        else:
            assert n in failed, (kind, item)
    assert len(report.failed) + len(report.articles) == len(expect)


# --- the Arabic layer --------------------------------------------------------------------


@FUZZ
@given(raw=sometimes_big(any_text()))
@example(raw=MEGABYTE)
def test_arabic_layer(raw: str) -> None:
    text = canonical_text(raw)
    assert canonical_text(text) == text
    view = normalize(text)
    assert len(view.index) == len(view.text) + 1 and view.index[-1] == len(text)
    assert all(a <= b for a, b in zip(view.index, view.index[1:], strict=False))
    last = 0
    for tok in tokens(text):
        assert text[tok.start : tok.end] == tok.text and last <= tok.start < tok.end
        last = tok.end
        vs, ve = view.to_view(tok.start, tok.end)
        s, e = view.to_stored(vs, ve)
        assert 0 <= s <= e <= len(text)
        assert normalize(text[s:e]).text == view.text[vs:ve] == normalize(tok.text).text
    last = 0
    for sent in sentences(text):
        piece = text[sent.start : sent.end]
        assert piece and piece == piece.strip() and last <= sent.start
        last = sent.end
    got = [text[s.start : s.end] for s in segments(text)]
    assert got == [line.strip() for line in text.split("\n") if line.strip()]


# --- every registered check --------------------------------------------------------------


def _ranges(value: Any) -> list[dict[str, Any]]:
    """Every {start, end, text} dict nested in ``value``."""
    if isinstance(value, dict):
        own = [value] if {"start", "end", "text"} <= set(value) else []
        return own + [r for v in value.values() for r in _ranges(v)]
    if isinstance(value, list | tuple):
        return [r for v in value for r in _ranges(v)]
    return []


@pytest.mark.parametrize("check", CHECKS.names())
@FUZZ
@given(
    raw=sometimes_big(any_text()),
    published=st.sampled_from([None, date(2019, 1, 25), date(2016, 2, 29)]),
)
def test_every_check(check: str, raw: str, published: date | None) -> None:
    spec = CHECKS.get(check)
    text = canonical_text(raw)
    article = ArticleInput(text, published)
    # Called directly, not through the runner, so a crash fails here with its traceback.
    for hit in spec.func(article, settings_for(spec, None)):
        f = stamp(hit, check=spec.name, version=spec.version, text=text)
        assert f.severity != "error" and f.message.strip()
        assert text[f.start : f.end] == f.text
        for r in [*(vars(x) for x in f.related), *_ranges(dict(f.evidence))]:
            assert 0 <= r["start"] <= r["end"] <= len(text)
            assert text[r["start"] : r["end"]] == r["text"]
        json.dumps(f.to_dict())  # findings are stored as JSON


# --- every exporter ----------------------------------------------------------------------


@st.composite
def export_articles(draw: st.DrawFn) -> ExportArticle:
    text = canonical_text(draw(sometimes_big(any_text())))
    n = len(text)
    annotators = draw(st.lists(st.sampled_from(["a@x.org", "ب@x.org", "c"]), unique=True))
    spans = []
    for _ in range(draw(st.integers(0, 8)) if n else 0):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        spans.append(
            ExportSpan(
                start,
                end,
                draw(st.sampled_from(LABELS)),
                text[start:end],
                verdict=draw(st.sampled_from(["", *VERDICTS])),
                note=draw(st.one_of(st.just(""), hostile_text)),
                annotator=draw(st.sampled_from(annotators)) if annotators else "",
                basis=draw(st.sampled_from(["", "unanimous", "editor"])),
            )
        )
    relations = tuple(
        ExportRelation(a, b, draw(st.sampled_from(["duplicate_of", "contradicts"])))
        for a, b in draw(
            st.lists(st.tuples(st.integers(0, len(spans) - 1), st.integers(0, len(spans) - 1)))
            if spans
            else st.just([])
        )
        if spans[a].annotator == spans[b].annotator
    )
    return ExportArticle(
        id=draw(hostile_text.filter(bool)),
        title=draw(hostile_text),
        source="",
        url="",
        published=draw(st.sampled_from(["", "2019-01-24"])),
        text=text,
        spans=tuple(spans),
        relations=relations,
        annotators=tuple(annotators),
    )


def read_jsonl(raw: bytes, articles: list[ExportArticle], scope: str) -> None:
    rows = [json.loads(line) for line in raw.decode("utf-8").split("\n") if line]
    assert len(rows) == len(articles)
    for row, a in zip(rows, articles, strict=True):
        assert row["text"] == a.text and row["id"] == a.id
        got = [(s["start"], s["end"], s["label"], s["text"]) for s in row["spans"]]
        assert got == [(s.start, s.end, s.label, s.text) for s in a.spans]
        assert all(a.text[s["start"] : s["end"]] == s["text"] for s in row["spans"])


def read_conll(raw: bytes, articles: list[ExportArticle], scope: str) -> None:
    docs = raw.decode("utf-8").split("-DOCSTART- -X- -X- O\n")[1:]
    expected_docs = []
    for a in articles:
        groups = per_document(a, scope)
        expected_docs.extend((a.text, spans) for spans in groups)
    assert len(docs) == len(expected_docs)
    for block, (text, spans) in zip(docs, expected_docs, strict=True):
        rows = [line.split(" ") for line in block.split("\n") if line]
        assert all(len(cols) == 4 and cols[1:3] == ["-X-", "_"] for cols in rows), rows
        toks = conll_tokens(text)
        assert [cols[0] for cols in rows] == [text[s:e] for s, e in toks]
        kept = place([(s.start, s.end, s.label) for s in spans], toks).kept
        want = [(toks[p.first][0], toks[p.last][1], p.label) for p in kept]
        assert spans_from_tags([cols[3] for cols in rows], toks) == want


def read_labelstudio(raw: bytes, articles: list[ExportArticle], scope: str) -> None:
    tasks = json.loads(raw.decode("utf-8"))
    assert len(tasks) == len(articles)
    for task, a in zip(tasks, articles, strict=True):
        assert task["data"]["text"] == a.text
        got = []
        for ann in task["annotations"]:
            parsed = parse_result(ann["result"], a.text)
            assert parsed.quarantined == [], parsed.quarantined
            got.extend((s.start, s.end, s.label) for s in parsed.spans)
            for r in ann["result"]:
                if r.get("type") == "labels":
                    v = r["value"]
                    assert a.text[v["start"] : v["end"]] == v["text"]
        want = [(s.start, s.end, s.label) for s in a.spans]
        assert sorted(got) == sorted(want)


_NLP: list[Any] = []


def read_spacy(raw: bytes, articles: list[ExportArticle], scope: str) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    if not _NLP:
        _NLP.append(spacy.blank("ar"))
    docs = list(DocBin().from_bytes(raw).get_docs(_NLP[0].vocab))
    expected = [a.text for a in articles for _ in per_document(a, scope)]
    assert [d.text for d in docs] == expected
    for doc in docs:
        for span in [*doc.spans["sc"], *doc.ents]:
            assert doc.text[span.start_char : span.end_char] == span.text


def per_document(a: ExportArticle, scope: str) -> list[list[ExportSpan]]:
    if scope != ANNOTATORS:
        return [list(a.spans)]
    from workbench.exporters.model import per_annotator

    return [spans for _, spans in per_annotator(a)]


#: How each format is read back. A new exporter without a reader fails here.
READERS: dict[str, Callable[[bytes, list[ExportArticle], str], None]] = {
    "jsonl": read_jsonl,
    "conll": read_conll,
    "labelstudio": read_labelstudio,
    "spacy": read_spacy,
}


def test_every_exporter_has_a_reader() -> None:
    assert set(EXPORTERS.names()) <= set(READERS), "add a reader for the new export format"


@pytest.mark.parametrize("fmt", EXPORTERS.names())
@FUZZ
@given(articles=st.lists(export_articles(), min_size=0, max_size=3), scope=st.sampled_from(SCOPES))
def test_every_exporter(fmt: str, articles: list[ExportArticle], scope: str) -> None:
    if fmt == "spacy":
        pytest.importorskip("spacy")
    if scope != ANNOTATORS:
        articles = [a.__class__(**{**vars(a), "annotators": ()}) for a in articles]
    out = io.BytesIO()
    EXPORTERS.get(fmt).write(iter(articles), out, scope)
    READERS[fmt](out.getvalue(), articles, scope)


def test_unstorable_characters_are_one_error_on_each_store(engine: Engine, tmp_path: Path) -> None:
    """NUL (which PostgreSQL cannot store) and lone surrogates are refused alike by SQLite
    and PostgreSQL, each as one line naming file, record and field; the good records land."""
    lines = [
        '{"id": "ok-1", "text": "نصّ سليم\\u200f ١٢."}',
        '{"id": "nul", "text": "قبل\\u0000بعد"}',
        '{"id": "lone", "text": "نص \\ud800 مكسور"}',
        '{"id": "title", "text": "نص آخر", "title": "\\udfff"}',
        '{"id": "pair", "text": "وجه \\ud83d\\ude00 ضاحك"}',
        '{"id": "deep", "text": ' + "[" * 50_000 + "}",
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = ingest_paths(engine, [path])
    assert sorted(a["id"] for a in report.articles) == ["ok-1", "pair"]
    assert _stored_text(engine, "pair") == "وجه 😀 ضاحك"
    errors = {e.record: str(e) for e in report.failed}
    assert errors == {
        2: f"{path}:2: field 'text' holds a NUL character at character 3, which cannot be stored",
        3: f"{path}:3: field 'text' holds a lone surrogate (\\ud800) at character 3, which "
        "cannot be stored",
        4: f"{path}:4: field 'title' holds a lone surrogate (\\udfff) at character 0, which "
        "cannot be stored",
        6: f"{path}:6: malformed JSON: nested too deeply",
    }
