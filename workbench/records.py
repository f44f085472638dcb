"""Reading articles from files: ``.txt`` (one article), ``.json`` (an object or an array of
objects), ``.jsonl`` (one object a line), ``.zip`` holding any of those, and directories.

Pure apart from reading the files. Each record comes out as a :class:`Record` or an
:class:`~workbench.errors.InputError` naming the file, the record and the field, so one bad
record never stops the good ones.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from workbench.arabic.stored import NotUtf8, canonical_text, decode
from workbench.errors import InputError

SUFFIXES = (".txt", ".json", ".jsonl", ".zip")
TEXT_FIELDS = ("text", "content")
DATE_FIELDS = ("published", "date_extracted")
#: What no stored string may hold: NUL (PostgreSQL cannot store it, so no store takes it) and
#: lone surrogates (JSON's ``"\ud800"`` escape decodes to one; they are not Unicode text).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Record:
    external_id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: date | None = None
    #: Where it came from, for error messages: the file (``archive.zip!inner.json``) and
    #: the record (1-based line of a ``.jsonl``, item of a ``.json`` array; None for a file).
    origin: str = ""
    record_no: int | None = None


def parse_date(value: str) -> date:
    """``YYYY-MM-DD``, optionally followed by a time (``2015-07-21 10:00:00``)."""
    head = value.strip()[:10]
    return date.fromisoformat(head)


def unstorable(value: str, field: str) -> str | None:
    """Why ``value`` cannot be stored (a NUL or a lone surrogate, and where), or None."""
    m = _UNSTORABLE.search(value)
    if m is None:
        return None
    ch = m.group()
    what = "a NUL character" if ch == "\x00" else f"a lone surrogate (\\u{ord(ch):04x})"
    return f"field '{field}' holds {what} at character {m.start()}, which cannot be stored"


def _scalar(obj: dict[str, Any], key: str, where: str, record: int | str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        problem = unstorable(value, key)
        if problem:
            raise InputError(where, record, problem)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(where, record, f"field '{key}' must be a string, not {type(value).__name__}")


def record_from_object(
    obj: Any, *, where: str, record: int, default_id: str, max_chars: int
) -> Record:
    """Validate one JSON object into a :class:`Record` (raises :class:`InputError`)."""
    if not isinstance(obj, dict):
        raise InputError(where, record, f"expected a JSON object, got {type(obj).__name__}")
    key = next((k for k in TEXT_FIELDS if k in obj), None)
    if key is None:
        raise InputError(where, record, "missing field 'text' (or 'content')")
    raw = obj[key]
    if not isinstance(raw, str):
        raise InputError(where, record, f"field '{key}' must be a string")
    text = canonical_text(raw)
    _check_text(text, where=where, record=record, field=key, max_chars=max_chars)
    published = None
    for field in DATE_FIELDS:
        value = obj.get(field)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise InputError(where, record, f"field '{field}' must be a date string YYYY-MM-DD")
        try:
            published = parse_date(value)
        except ValueError:
            raise InputError(
                where, record, f"field '{field}' is not a date: {value[:40]!r}"
            ) from None
        break
    return Record(
        external_id=_scalar(obj, "id", where, record) or default_id,
        text=text,
        title=canonical_text(_scalar(obj, "title", where, record)).strip(),
        source=_scalar(obj, "source", where, record),
        url=_scalar(obj, "url", where, record),
        published=published,
        origin=where,
        record_no=record,
    )


def _check_text(
    text: str, *, where: str, record: int | str | None, field: str, max_chars: int
) -> None:
    if not text.strip():
        raise InputError(where, record, f"field '{field}' is empty")
    problem = unstorable(text, field)
    if problem:
        raise InputError(where, record, problem)
    if len(text) > max_chars:
        raise InputError(
            where,
            record,
            f"field '{field}' has {len(text):,} characters, over the limit of {max_chars:,}",
        )


def _from_txt(
    data: bytes, where: str, name: str, max_chars: int, **meta: Any
) -> Iterator[Record | InputError]:
    try:
        text = decode(data)
        _check_text(text, where=where, record=None, field="text", max_chars=max_chars)
    except NotUtf8 as exc:
        yield InputError(where, None, f"not UTF-8 text ({exc})")
        return
    except InputError as exc:
        yield exc
        return
    yield Record(
        external_id=meta.get("external_id") or name,
        text=text,
        title=meta.get("title") or "",
        published=meta.get("published"),
        source=meta.get("source") or "",
        origin=where,
    )


def _from_jsonl(
    data: bytes, where: str, name: str, max_chars: int
) -> Iterator[Record | InputError]:
    for lineno, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = _loads_line(line)
        except UnicodeDecodeError as exc:
            yield InputError(where, lineno, f"not UTF-8 (invalid byte at column {exc.start + 1})")
            continue
        except json.JSONDecodeError as exc:
            yield InputError(where, lineno, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except (ValueError, RecursionError) as exc:
            yield InputError(where, lineno, f"malformed JSON: {_unparsable(exc)}")
            continue
        try:
            yield record_from_object(
                obj, where=where, record=lineno, default_id=f"{name}#{lineno}", max_chars=max_chars
            )
        except InputError as exc:
            yield exc


def _loads_line(line: bytes) -> Any:
    """One JSON Lines record: parsed by orjson, or by :mod:`json` whenever orjson refuses it,
    so what is accepted and every error message are :mod:`json`'s."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line.decode("utf-8"))
    # orjson reads an integer past 64 bits as a float; json keeps it exact.
    if isinstance(obj, dict) and any(type(obj.get(k)) is float for k in _SCALAR_FIELDS):
        return json.loads(line.decode("utf-8"))
    return obj


_SCALAR_FIELDS = ("id", "title", "source", "url")


def _from_json(data: bytes, where: str, name: str, max_chars: int) -> Iterator[Record | InputError]:
    try:
        payload = json.loads(decode(data))
    except NotUtf8 as exc:
        yield InputError(where, None, f"not UTF-8 text ({exc})")
        return
    except json.JSONDecodeError as exc:
        yield InputError(
            where, None, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
        return
    except (ValueError, RecursionError) as exc:
        yield InputError(where, None, f"malformed JSON: {_unparsable(exc)}")
        return
    items = payload if isinstance(payload, list) else [payload]
    single = not isinstance(payload, list)
    for n, obj in enumerate(items, start=1):
        try:
            yield record_from_object(
                obj,
                where=where,
                record=n,
                default_id=name if single else f"{name}#{n}",
                max_chars=max_chars,
            )
        except InputError as exc:
            yield exc


def _unparsable(exc: ValueError | RecursionError) -> str:
    """What the JSON parser gave up on, beyond a syntax error."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if "digits" in str(exc):
        return "a number with too many digits"
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


_READERS = {".jsonl": _from_jsonl, ".json": _from_json}


def _from_bytes(
    data: bytes, where: str, name: str, max_chars: int, **meta: Any
) -> Iterator[Record | InputError]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".txt":
        yield from _from_txt(data, where, name, max_chars, **meta)
    elif suffix in _READERS:
        yield from _READERS[suffix](data, where, name, max_chars)
    else:
        yield InputError(
            where, None, f"unsupported file type '{suffix or name}' (use {', '.join(SUFFIXES)})"
        )


def _from_zip(path: Path, max_chars: int) -> Iterator[Record | InputError]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        yield InputError(str(path), None, "not a readable zip archive")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            inner = PurePosixPath(info.filename)
            if (
                info.is_dir()
                or inner.name.startswith(".")
                or inner.suffix.lower() not in SUFFIXES[:3]
            ):
                continue
            yield from _from_bytes(
                archive.read(info), f"{path}!{info.filename}", inner.name, max_chars
            )


def expand_paths(paths: list[Path]) -> Iterator[Path | InputError]:
    """Files named, and the supported files below each directory named, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUFFIXES
                    and not child.name.startswith(".")
                ):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), None, "no such file or directory")


def read_records(
    path: Path,
    *,
    max_chars: int = 1_000_000,
    title: str | None = None,
    published: date | None = None,
    external_id: str | None = None,
) -> Iterator[Record | InputError]:
    """Every record of one file. ``title``/``published``/``external_id`` apply to ``.txt``."""
    if path.suffix.lower() == ".zip":
        yield from _from_zip(path, max_chars)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), None, f"cannot read: {exc.strerror}")
        return
    yield from _from_bytes(
        data,
        str(path),
        path.name,
        max_chars,
        title=title,
        published=published,
        external_id=external_id,
    )


def iter_records(
    paths: list[Path],
    *,
    max_chars: int = 1_000_000,
    title: str | None = None,
    published: date | None = None,
) -> Iterator[Record | InputError]:
    """Every record below ``paths`` (files and directories)."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_records(item, max_chars=max_chars, title=title, published=published)
