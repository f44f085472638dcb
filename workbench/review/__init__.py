"""The review queue: what an editor still has to decide, and the decisions themselves.

One function per user action, called by both the CLI (``workbench review``) and the
dashboard. Items are of two kinds:

- a **finding** a check still reports (status ``open``), decided by ``confirm`` or ``dismiss``;
- a **disagreement** among annotators (from :mod:`workbench.agreement`), decided by ``gold``
  (the editor's label and boundaries) or ``reject`` (no span there).

Each item has a stable id, usable as a deep link: ``f-<finding id>`` or
``d-<article id>-<disagreement key>``. Decisions go to the append-only review log
(:mod:`workbench.store.reviews`): nothing is overwritten and an undo is a new row.

Worst first: items are ordered by :data:`RANK` (higher first), then by the agreement of their
article (lowest first, when known), then article and position.
"""

from __future__ import annotations

from workbench.errors import ReviewConflict
from workbench.review.actions import (
    article_refs,
    decide,
    disagreements,
    get_item,
    history,
    item_id_of,
    open_findings,
    review_queue,
    seen_state,
    undo,
)
from workbench.review.items import (
    DISAGREEMENT_CHECK,
    KINDS,
    RANK,
    STATUSES,
    ArticleRef,
    FindingRef,
    QueueFilters,
    QueueItem,
    ReviewOut,
    disagreement_item_id,
    finding_item_id,
    parse_item_id,
    who_said,
)
from workbench.review.queue import build_queue, count_queue, f1_by_document

__all__ = [
    "DISAGREEMENT_CHECK",
    "KINDS",
    "RANK",
    "STATUSES",
    "ArticleRef",
    "FindingRef",
    "QueueFilters",
    "QueueItem",
    "ReviewConflict",
    "ReviewOut",
    "article_refs",
    "build_queue",
    "count_queue",
    "decide",
    "disagreement_item_id",
    "disagreements",
    "f1_by_document",
    "finding_item_id",
    "get_item",
    "history",
    "item_id_of",
    "open_findings",
    "parse_item_id",
    "review_queue",
    "seen_state",
    "undo",
    "who_said",
]
