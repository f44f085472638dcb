"""Review queue: every open finding and disagreement, worst first; decide, undo, move on.

Deep links: ``review?item=<id>`` opens one item (``f-12``, ``d-3-0a1b2c3d4e5f``); the filters
are query parameters too (``check``, ``label``, ``annotator``, ``in_article``, ``kind``,
``status``).
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from workbench import review
from workbench.dashboard import resources
from workbench.dashboard.cards import item_header, who_said_table
from workbench.dashboard.components import (
    editor_name,
    guard,
    html,
    link,
    url_selectbox,
    url_text_input,
)
from workbench.dashboard.data import short
from workbench.dashboard.highlight import render_diff, render_snippet
from workbench.dashboard.text import md
from workbench.errors import NotFound, WorkbenchError
from workbench.review import QueueFilters, QueueItem

LIMIT = resources.REVIEW_PAGE_LIMIT
ANY = ""

st.title("Review queue")
editor = editor_name()

with guard():
    corpus = resources.corpus()

# --- filters (bound to the URL) ---------------------------------------------------------
with st.expander("Filters", expanded=True):
    f1, f2, f3, f4, f5, f6 = st.columns(6)
    with f1:
        check = url_selectbox(
            "Check",
            [ANY, *corpus.checks, review.DISAGREEMENT_CHECK],
            "check",
            format_func=lambda v: v or "any",
        )
    with f2:
        label = url_selectbox(
            "Label", [ANY, *corpus.labels], "label", format_func=lambda v: v or "any"
        )
    with f3:
        annotator = url_selectbox(
            "Annotator",
            [ANY, *corpus.annotators],
            "annotator",
            format_func=lambda v: short(v) if v else "any",
        )
    with f4:
        in_article = url_text_input("Article id", "in_article", placeholder="any")
    with f5:
        kind = url_selectbox("Kind", [ANY, *review.KINDS], "kind", format_func=lambda v: v or "any")
    with f6:
        status = url_selectbox("Status", list(review.STATUSES), "status")

filters = QueueFilters(
    kind=kind or None,
    check=check or None,
    label=label or None,
    article=in_article.strip() or None,
    annotator=annotator or None,
    status=status,
)
with guard():
    items = resources.queue(filters, limit=LIMIT)
    total = sum(resources.queue_counts(filters).values())


def _open(item_id: str) -> None:
    st.query_params["item"] = item_id


def _next_after(done_id: str) -> str | None:
    resources.after_decision()
    fresh = resources.queue(filters, limit=2)
    rest = [i for i in fresh if i.id != done_id]
    return rest[0].id if rest else None


def _note_and_buttons(
    item: QueueItem, editor: str | None, first: tuple[str, str, str], second: tuple[str, str, str]
) -> tuple[str, str | None]:
    """A note box and the two decision buttons (primary first) of ``item``: the note and
    the decision clicked, if any. Buttons are disabled until the editor has given a name."""
    note = st.text_area("Note (optional)", key=f"note-{item.id}", height=80)
    cols = st.columns([1, 1, 4])
    clicked = None
    for col, (label, decision, icon), kind in zip(
        cols, (first, second), ("primary", "secondary"), strict=False
    ):
        if col.button(
            label, key=f"{decision}-{item.id}", type=kind, icon=icon, disabled=not editor
        ):
            clicked = decision
    return note, clicked


def _decide(item: QueueItem, editor: str, decision: str, **details: object) -> review.ReviewOut:
    """Decide on the state this page showed. If another editor's decision landed meanwhile,
    the cached review state is dropped (a reload shows theirs) and the conflict is raised
    for :func:`guard` to show as one line."""
    try:
        return review.decide(
            resources.engine(),
            item.id,
            editor,
            decision,
            seen=review.seen_state(item),
            **details,  # type: ignore[arg-type]
        )
    except review.ReviewConflict:
        resources.after_decision()
        raise


def _after(done: QueueItem, row: review.ReviewOut, verb: str) -> None:
    st.session_state["last_review"] = (row.id, done.id, verb)
    st.session_state.pop("queue-table", None)
    nxt = _next_after(done.id)
    if nxt:
        st.query_params["item"] = nxt
    elif "item" in st.query_params:
        del st.query_params["item"]
    st.rerun()


# --- the last decision of this session can be undone from anywhere -----------------------
last = st.session_state.get("last_review")
if last:
    rid, item_id, verb = last
    bar = st.columns([8, 1, 1], vertical_alignment="center")
    bar[0].success(f"Saved: {verb} on item `{item_id}`.", icon=":material/check_circle:")
    if bar[1].button("Undo", key="undo-last", icon=":material/undo:", disabled=not editor):
        try:
            review.undo(resources.engine(), rid, editor or "")
        except WorkbenchError as exc:
            st.error(md(exc))
        else:
            resources.after_decision()
            st.session_state.pop("last_review", None)
            st.query_params["item"] = item_id
            st.rerun()
    if bar[2].button("Hide", key="forget-last"):
        st.session_state.pop("last_review", None)
        st.rerun()

# --- the current item ------------------------------------------------------------------
wanted = st.query_params.get("item")
current: QueueItem | None = None
if wanted:
    try:
        current = resources.item(wanted)
    except NotFound as exc:
        st.warning(md(exc))
if current is None and items:
    current = items[0]

who = "" if editor else " · give your name above to decide"
st.caption(f"{total:,} item(s) match the filters, worst first{who}")
if current is None:
    st.success("Nothing to review with these filters.", icon=":material/done_all:")
else:
    article = corpus.by_external.get(current.article)
    text = article.text if article else ""
    html(item_header(current))
    if current.check == "repeated_passage" and current.evidence.get("earlier"):
        html(render_diff(text, current.start, current.end, current.evidence))
    else:
        html(render_snippet(text, current.start, current.end, context=120))
    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.caption(f"Deep link: `review?item={current.id}`")
    with c2:
        link("Open the article", "article", icon=":material/article:", article=current.article)
    if current.related and current.check != "repeated_passage":
        for r in current.related:
            if "start" in r and "end" in r:
                st.caption("Related passage")
                html(render_snippet(text, int(r["start"]), int(r["end"]), context=60))
    if current.kind == "disagreement":
        html(who_said_table(current, text))

    if current.decision is not None:
        d = current.decision
        extra = f" · {md(d['label'])} \\[{d['start']}, {d['end']})" if d.get("label") else ""
        note = f" — “{md(d['note'])}”" if d.get("note") else ""
        st.info(
            f"Decided: **{md(d['decision'])}** by {md(d['editor'])}{extra}{note}",
            icon=":material/gavel:",
        )
        if st.button(
            "Undo this decision",
            key=f"undo-{current.id}",
            icon=":material/undo:",
            disabled=not editor,
        ):
            with guard():
                review.undo(resources.engine(), int(d["review_id"]), editor or "")
            resources.after_decision()
            st.session_state.pop("last_review", None)
            st.rerun()
    elif current.kind == "finding":
        note, verdict = _note_and_buttons(
            current,
            editor,
            ("Confirm", "confirm", ":material/check:"),
            ("Dismiss", "dismiss", ":material/close:"),
        )
        if verdict and editor:
            with guard():
                row = _decide(current, editor, verdict, note=note)
            _after(current, row, verdict)
    else:
        marked = [
            (a["annotator"], s["start"], s["end"], s["label"])
            for a in current.annotations
            for s in a["spans"]
        ]
        by_range: dict[tuple[int, int], list[str]] = {}
        for who_, s_, e_, _ in marked:
            by_range.setdefault((s_, e_), []).append(short(who_))
        ranges = sorted(by_range)
        if (current.start, current.end) not in by_range:
            ranges.append((current.start, current.end))
        options = [*ranges, "custom"]

        def _range_name(r: object) -> str:
            if r == "custom":
                return "custom…"
            s_, e_ = r  # type: ignore[misc]
            who_ = ", ".join(by_range.get((s_, e_), [])) or "whole region"
            return f"{s_}–{e_} ({md(who_)})"

        c1, c2 = st.columns([2, 1])
        picked = c1.radio(
            "Boundaries",
            options,
            key=f"range-{current.id}",
            horizontal=True,
            format_func=_range_name,
        )
        votes = Counter(lab for *_, lab in marked)
        labels = sorted(set(corpus.labels) | set(current.labels))
        top = votes.most_common(1)[0][0] if votes else (labels[0] if labels else "")
        gold_label = c2.selectbox(
            "Gold label",
            labels,
            index=labels.index(top) if top in labels else 0,
            key=f"label-{current.id}",
        )
        if picked == "custom":
            n1, n2 = st.columns(2)
            start = int(
                n1.number_input("Start", 0, len(text), current.start, key=f"s-{current.id}")
            )
            end = int(n2.number_input("End", 0, len(text), current.end, key=f"e-{current.id}"))
        else:
            start, end = picked
        if 0 <= start < end <= len(text):
            st.caption("Gold span preview")
            html(render_snippet(text, start, end, context=40))
        note, action = _note_and_buttons(
            current,
            editor,
            ("Save as gold", "gold", ":material/check:"),
            ("Reject span", "reject", ":material/block:"),
        )
        if action and editor:
            with guard():
                row = _decide(
                    current,
                    editor,
                    action,
                    label=gold_label,
                    start=start,
                    end=end,
                    note=note,
                )
            _after(current, row, action)

# --- the queue -------------------------------------------------------------------------
st.subheader("Next in the queue")
upcoming = [i for i in items if current is None or i.id != current.id]
if upcoming:
    rows = [
        {
            "id": i.id,
            "kind": i.kind,
            "check": i.check,
            "what": i.category,
            "article": i.article,
            "passage": i.text[:90],
            "status": i.status,
        }
        for i in upcoming
    ]
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=min(40 + 35 * len(rows), 420),
        key="queue-table",
        on_select="rerun",
        selection_mode="single-row",
    )
    if total > LIMIT:
        st.caption(f"The first {LIMIT} of {total:,}; narrow the filters to see others.")
    picked_rows = event.selection.rows if event else []
    if picked_rows:
        _open(upcoming[picked_rows[0]].id)
        st.session_state.pop("queue-table", None)
        st.rerun()
else:
    st.caption("Nothing else matches the filters.")

with st.expander("Recent decisions (the review log)"):
    log = resources.history(limit=15)
    if log:
        st.dataframe(
            [
                {
                    "id": r.id,
                    "when": r.created_at.strftime("%Y-%m-%d %H:%M"),
                    "editor": r.editor,
                    "item": review.item_id_of(r),
                    "decision": r.decision,
                    "label": r.label,
                    "note": r.note,
                    "undoes": r.undoes_id,
                }
                for r in log
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("No decisions yet.")
