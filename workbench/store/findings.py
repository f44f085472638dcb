"""Store functions for check findings. Keyword-only, explicit session, nothing committed.

Finding rows are never deleted (reviews point at their ids): a finding no longer reported is
marked ``resolved``, and reopened if it comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from workbench.checks.base import Finding
from workbench.store.models import Finding as FindingRow
from workbench.store.models import utcnow


def _payload(f: Finding) -> dict[str, Any]:
    d = f.to_dict()
    return {
        "version": d["version"],
        "severity": d["severity"],
        "start": d["start"],
        "end": d["end"],
        "text": d["text"],
        "related": d["related"],
        "message": d["message"],
        "evidence": d["evidence"],
    }


def sync_findings(
    *,
    session: Session,
    article_id: int,
    findings: Sequence[Finding],
    checks_run: Iterable[str],
    now: datetime | None = None,
) -> dict[str, int]:
    """Make the stored findings of ``article_id`` match a run of ``checks_run``.

    New fingerprints are added; known ones get ``last_seen`` and the run's version, message
    and evidence; open findings of the checks that ran but are no longer reported become
    ``resolved``; a resolved one that is reported again is reopened. A check that crashed
    on the article (an ``error`` finding) resolves none of its earlier findings.
    Returns counts ``{created, unchanged, resolved, reopened}``.
    """
    now = now or utcnow()
    counts = {"created": 0, "unchanged": 0, "resolved": 0, "reopened": 0}
    rows = session.exec(select(FindingRow).where(FindingRow.article_id == article_id)).all()
    by_fp = {r.fingerprint: r for r in rows}
    crashed = {f.check for f in findings if f.severity == "error"}
    seen: set[str] = set()
    for f in findings:
        fp = f.fingerprint
        if fp in seen:
            continue
        seen.add(fp)
        row = by_fp.get(fp)
        if row is None:
            row = FindingRow(
                article_id=article_id,
                check=f.check,
                fingerprint=fp,
                status="open",
                first_seen=now,
                last_seen=now,
                **_payload(f),
            )
            session.add(row)
            by_fp[fp] = row
            counts["created"] += 1
            continue
        for key, value in _payload(f).items():
            setattr(row, key, value)
        row.last_seen = now
        if row.status == "resolved":
            row.status, row.resolved_at = "open", None
            counts["reopened"] += 1
        else:
            counts["unchanged"] += 1
        session.add(row)
    ran = set(checks_run) - crashed
    for row in rows:
        if row.status == "open" and row.check in ran and row.fingerprint not in seen:
            row.status, row.resolved_at = "resolved", now
            session.add(row)
            counts["resolved"] += 1
    session.flush()
    return counts


def list_findings(
    *,
    session: Session,
    article_id: int | None = None,
    check: str | None = None,
    status: str | None = None,
    severity: str | None = None,
) -> list[FindingRow]:
    """Stored findings, by article then position; each filter applies when given."""
    stmt = select(FindingRow)
    if article_id is not None:
        stmt = stmt.where(FindingRow.article_id == article_id)
    if check is not None:
        stmt = stmt.where(FindingRow.check == check)
    if status is not None:
        stmt = stmt.where(FindingRow.status == status)
    if severity is not None:
        stmt = stmt.where(FindingRow.severity == severity)
    stmt = stmt.order_by(
        col(FindingRow.article_id), col(FindingRow.start), col(FindingRow.end), col(FindingRow.id)
    )
    return list(session.exec(stmt))


def open_findings(
    *, session: Session, article_id: int | None = None, check: str | None = None
) -> list[FindingRow]:
    """The findings still reported: status ``open``."""
    return list_findings(session=session, article_id=article_id, check=check, status="open")


def open_finding_rows(*, session: Session) -> list[Any]:
    """Every open finding as a plain row of columns (no ORM objects: several times faster
    for the whole store), in the order of :func:`open_findings`."""
    stmt = (
        select(
            FindingRow.id,
            FindingRow.article_id,
            FindingRow.check,
            FindingRow.severity,
            FindingRow.start,
            FindingRow.end,
            FindingRow.text,
            FindingRow.message,
            FindingRow.evidence,
            FindingRow.related,
        )
        .where(FindingRow.status == "open")
        .order_by(
            col(FindingRow.article_id),
            col(FindingRow.start),
            col(FindingRow.end),
            col(FindingRow.id),
        )
    )
    return list(session.exec(stmt))


def get_finding(*, session: Session, finding_id: int) -> FindingRow | None:
    """One finding by its database id, or None."""
    return session.get(FindingRow, finding_id)
