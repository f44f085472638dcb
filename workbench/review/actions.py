"""The review actions, behind both the CLI and the dashboard: list the queue, open an item,
decide, undo, read the log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import EllipsisType
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workbench.editors import Login, resolve_editor
from workbench.errors import InputError, NotFound
from workbench.review.items import (
    ArticleRef,
    FindingRef,
    QueueFilters,
    QueueItem,
    ReviewOut,
    disagreement_item,
    disagreement_item_id,
    finding_item,
    finding_item_id,
    parse_item_id,
    review_out,
)
from workbench.review.queue import build_queue, f1_by_document
from workbench.store import session_scope
from workbench.store.articles import articles_by_id, list_articles
from workbench.store.findings import get_finding
from workbench.store.reviews import effective_decisions, record_decision, review_log, undo_decision


def open_findings(session: Session, article_ids: Sequence[int] | None = None) -> list[FindingRef]:
    """The findings the checks still report, as plain data."""
    from workbench.store.findings import open_finding_rows
    from workbench.store.findings import open_findings as store_open

    if article_ids is None:
        return [FindingRef.of(f) for f in open_finding_rows(session=session)]
    return [
        FindingRef.of(f) for aid in article_ids for f in store_open(session=session, article_id=aid)
    ]


def article_refs(session: Session, ids: set[int] | None = None) -> dict[int, ArticleRef]:
    """Articles by database id: all of them, or those in ``ids``."""
    if ids is None or len(ids) > 50:  # one query for all beats one per article
        arts = list_articles(session=session)
    else:
        arts = articles_by_id(session=session, ids=ids)
    return {
        a.id: ArticleRef(a.id, a.external_id, a.title, a.text)
        for a in arts
        if a.id is not None and (ids is None or a.id in ids)
    }


def disagreements(
    session: Session, article_ids: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """The annotators' disagreements on the given articles (all when None)."""
    from workbench.agreement.corpus import build_corpus
    from workbench.agreement.disagreements import find_disagreements
    from workbench.store.annotations import agreement_docs

    docs = agreement_docs(session, article_ids=article_ids)
    return find_disagreements(build_corpus(docs)) if docs else []


def review_queue(
    engine: Engine,
    filters: QueueFilters | None = None,
    *,
    agreement: Mapping[str, Any] | None = None,
) -> list[QueueItem]:
    """Every open finding and every disagreement matching ``filters``, worst first.

    ``agreement`` is a report from :func:`workbench.agreement.compute_agreement` over the
    store's annotations, when the caller has one (its disagreements and per-article F1 are
    used); without it the disagreements are computed here."""
    f = filters or QueueFilters()
    with session_scope(engine) as session:
        ids: list[int] | None = None
        if f.article:
            ids = [
                a.id
                for a in list_articles(session=session, external_ids=[f.article])
                if a.id is not None
            ]
        found = open_findings(session, ids)
        if agreement is not None:
            dis = list(agreement.get("disagreements", []))
        else:
            dis = disagreements(session, ids)
        wanted = {x.article_id for x in found} | set(ids or [])
        arts = article_refs(session) if dis and ids is None else article_refs(session, wanted)
        return build_queue(
            findings=found,
            disagreements=dis,
            articles=arts,
            decisions=effective_decisions(session=session),
            filters=f,
            f1_by_doc=f1_by_document(agreement),
        )


def get_item(engine: Engine, item_id: str) -> QueueItem:
    """The item named by a deep-link id, decided or not."""
    kind, article_id, key = parse_item_id(item_id)
    with session_scope(engine) as session:
        return _get_item(session, kind, article_id, key, item_id)


def _get_item(
    session: Session, kind: str, article_id: int | None, key: str, item_id: str
) -> QueueItem:
    decisions = effective_decisions(session=session, target_type=kind)
    if kind == "finding":
        f = get_finding(session=session, finding_id=int(key))
        if f is None:
            raise NotFound(f"no review item {item_id!r}")
        art = article_refs(session, {f.article_id})[f.article_id]
        return finding_item(FindingRef.of(f), art, decisions.get((kind, key)), None)
    assert article_id is not None
    arts = article_refs(session, {article_id})
    if article_id not in arts:
        raise NotFound(f"no review item {item_id!r}: no article {article_id}")
    for d in disagreements(session, [article_id]):
        if d["key"] == key:
            return disagreement_item(d, arts[article_id], decisions.get((kind, key)), None)
    raise NotFound(f"no review item {item_id!r}: the annotators no longer disagree there")


# --- deciding --------------------------------------------------------------------------


def decide(
    engine: Engine,
    item_id: str,
    editor: str | Login,
    decision: str,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
    note: str | None = None,
    *,
    seen: int | None | EllipsisType = ...,
) -> ReviewOut:
    """Record ``editor``'s ``decision`` on the item ``item_id`` (a new review row; the
    decision it supersedes is kept in ``previous``).

    ``seen`` is the state the editor decided on: the review id of the decision in force
    when they looked (``item.decision["review_id"]``, see :func:`seen_state`), or None for
    an undecided item. If another editor's decision or undo landed since, nothing is
    written and :class:`~workbench.errors.ReviewConflict` says who and when: the editor
    reloads and decides again. Without ``seen`` the decision is recorded whatever landed.

    For a finding: ``confirm`` or ``dismiss``. For a disagreement: ``gold`` with ``label``,
    ``start`` and ``end`` (code points into the article text), or ``reject``."""
    kind, article_id, key = parse_item_id(item_id)
    note = (note or "").strip() or None
    with session_scope(engine) as session:
        editor = resolve_editor(session, editor)
        item = _get_item(session, kind, article_id, key, item_id)
        if decision not in item.decisions:
            allowed = " or ".join(item.decisions)
            raise InputError(
                "review", item_id, f"a {kind} is decided by {allowed}, not {decision!r}"
            )
        if decision == "gold":
            label = (label or "").strip() or None
            if label is None:
                raise InputError("review", item_id, "a gold decision needs a label")
            if start is None or end is None:
                start, end = item.start, item.end
            text = article_refs(session, {item.article_id})[item.article_id].text
            if not (0 <= start < end <= len(text)):
                raise InputError(
                    "review",
                    item_id,
                    f"boundaries [{start}, {end}) must satisfy 0 <= start < end <= {len(text)}",
                )
        else:
            label, start, end = None, None, None
        row = record_decision(
            session=session,
            editor=editor,
            target_type=kind,
            target_key=key,
            decision=decision,
            article_id=item.article_id,
            label=label,
            start=start,
            end=end,
            note=note,
            seen=seen,
        )
        return review_out(row)


def seen_state(item: QueueItem) -> int | None:
    """What an editor looking at ``item`` saw: the review id of its decision in force."""
    return int(item.decision["review_id"]) if item.decision else None


def undo(engine: Engine, review_id: int, editor: str | Login) -> ReviewOut:
    """Take back the decision ``review_id`` (it must be the one in force for its item):
    a new ``undo`` row; the item's previous decision, if any, is in force again."""
    with session_scope(engine) as session:
        editor = resolve_editor(session, editor)
        return review_out(undo_decision(session=session, editor=editor, review_id=review_id))


def history(engine: Engine, *, article_id: int | None = None, limit: int = 50) -> list[ReviewOut]:
    """The latest review rows, newest first."""
    with session_scope(engine) as session:
        rows = review_log(session=session, article_id=article_id)
    return [review_out(r) for r in reversed(rows[-limit:])] if limit else []


def item_id_of(review: ReviewOut) -> str:
    """The deep-link id of the item a review row is about."""
    if review.target_type == "finding":
        return finding_item_id(int(review.target_key))
    return disagreement_item_id(review.article_id or 0, review.target_key)
