"""A corpus of hostile strings and a store full of them: article text, title and source,
annotators' notes, names and e-mails, editors' names and notes. Each payload that could run
sets ``window.__pwned_<n>``; none may."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

HOSTILE_ARTICLE = "hostile-all"


def payloads() -> list[str]:
    """One string per way in; ``{n}`` is the payload's own number."""
    raw = [
        "<script>window.__pwned_{n}=1</script>",
        '<img src=x onerror="window.__pwned_{n}=1">',
        "<img src=x onerror=alert({n})>",
        '"\'><svg onload="window.__pwned_{n}=1">',
        '\'"><iframe srcdoc="<script>parent.__pwned_{n}=1</script>"></iframe>',
        "[click me](javascript:window.__pwned_{n}=1)",
        '<a href="javascript:window.__pwned_{n}=1">link {n}</a>',
        '<details open ontoggle="window.__pwned_{n}=1">more</details>',
        "\u202egnp.exe\u202c and **bold {n}** _em_ `code`",
        "$\\href{{javascript:window.__pwned_{n}=1}}{{math}}$ and $x^2$",
        ":red[colour {n}] :material/home: :smile:",
        "<style>body{{display:none}}</style> <b onclick=window.__pwned_{n}=1>b</b>",
        "![img](javascript:window.__pwned_{n}=1) <!-- comment {n} -->",
        "</div></p></script><script>window.__pwned_{n}=1</script>",
    ]
    return [p.format(n=i) for i, p in enumerate(raw)]


def hostile_name(n: int) -> str:
    """A name or e-mail local part that breaks out of markup (no control characters)."""
    return f"<img src=x onerror=window.__pwned_{n}=1>**{n}**"


def seed_hostile(engine: Engine) -> dict[str, list[str]]:
    """Store the hostile article with findings, annotations and decisions; returns, by place,
    the strings stored there."""
    from workbench.checks.base import ArticleInput, stamp
    from workbench.checks.registry import REGISTRY
    from workbench.records import Record
    from workbench.store import session_scope
    from workbench.store.annotations import SpanIn, add_annotation
    from workbench.store.articles import add_articles, get_article
    from workbench.store.findings import open_findings, sync_findings
    from workbench.store.models import Annotator
    from workbench.store.reviews import record_decision

    ps = payloads()
    # Each payload on its own line, framed by Arabic; a paragraph repeated (with an extra
    # clause) and a doubled word give findings whose messages quote the text.
    lines = [f"قال المصدر {p} في البيان." for p in ps]
    repeated = (
        "وأكد المرصد السوري لحقوق الإنسان مقتل 12 عنصرا من القوات في هجوم على بلدة هجين "
        f"شرق دير الزور {ps[1]}"
    )
    text = "\n".join([repeated, *lines, repeated + " صباح اليوم", "قال قال المصدر."])
    title = ps[3] + " " + ps[5]
    with session_scope(engine) as session:
        add_articles(
            session=session,
            records=[Record(HOSTILE_ARTICLE, text, title=title, source=ps[0], origin="hostile")],
        )
        art = get_article(session=session, external_id=HOSTILE_ARTICLE)
        assert art is not None and art.id is not None
        found = []
        for spec in REGISTRY.all():
            for hit in spec.func(ArticleInput(text, None, HOSTILE_ARTICLE), dict(spec.defaults)):
                found.append(stamp(hit, check=spec.name, version=spec.version, text=text))
        sync_findings(
            session=session, article_id=art.id, findings=found, checks_run=REGISTRY.names()
        )
        notes = []
        emails = []
        for i, who in enumerate((20, 21)):
            email = f"{hostile_name(who)}@evil.test"
            emails.append(email)
            start = text.index(ps[0])
            note = ps[(i * 5 + 2) % len(ps)]
            notes.append(note)
            add_annotation(
                session=session,
                article=art,
                annotator_email=email,
                # the two annotators disagree on the label: a disagreement to review
                spans=[SpanIn(start, start + len(ps[0]) + i, ("claim", "source")[i], None, note)],
            )
        for row in session.exec(select(Annotator)):
            if row.email in emails:
                row.name = hostile_name(30)
                session.add(row)
        # an editor with a hostile name decided one of the findings, with a hostile note
        finding = open_findings(session=session, article_id=art.id)[0]
        record_decision(
            session=session,
            editor=hostile_name(40),
            target_type="finding",
            target_key=str(finding.id),
            decision="dismiss",
            article_id=art.id,
            note=ps[9],
        )
    return {"text": ps, "title": [title], "notes": notes, "emails": emails}
