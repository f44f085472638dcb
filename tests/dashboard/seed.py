"""The sample store with findings, for the dashboard and review tests.

Uses ``workbench.checks.service.check_articles`` (through ``seed_sample``) when it exists;
until then runs the registered checks here and stores their findings with the store's
``sync_findings``.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.conftest import seed_sample

HOSTILE_ID = "hostile"
HOSTILE_TEXT = (
    'عنوان <script>window.__xss = 1</script> فيه 12 قتيلًا و"ABC"\n'
    '<img src=x onerror="window.__xss = 2"> فقرة "\' onmouseover=\'window.__xss=3\' x="\n'
    "</p></div><style>body{display:none}</style> &amp; نهاية"
)


def _run_checks(engine: Engine) -> None:
    from workbench.checks.base import ArticleInput, stamp
    from workbench.checks.registry import REGISTRY
    from workbench.store import session_scope
    from workbench.store.articles import list_articles
    from workbench.store.findings import sync_findings

    with session_scope(engine) as session:
        for art in list_articles(session=session):
            assert art.id is not None
            found = []
            article = ArticleInput(art.text, art.published, art.external_id)
            for spec in REGISTRY.all():
                for hit in spec.func(article, dict(spec.defaults)):
                    found.append(stamp(hit, check=spec.name, version=spec.version, text=art.text))
            sync_findings(
                session=session, article_id=art.id, findings=found, checks_run=REGISTRY.names()
            )


def seed(engine: Engine, *, hostile: bool = False) -> int:
    """The sample article with its three annotators and its findings (and, when asked, an
    article full of markup). Returns the sample article's id."""
    try:
        import workbench.checks.service  # noqa: F401
    except ImportError:
        article_id = seed_sample(engine, with_checks=False)
        _run_checks(engine)
    else:
        article_id = seed_sample(engine)
    if hostile:
        add_hostile(engine)
    return article_id


def add_hostile(engine: Engine) -> None:
    """An article whose text, annotator note and label try to inject markup."""
    from workbench.records import Record
    from workbench.store import session_scope
    from workbench.store.annotations import SpanIn, add_annotation
    from workbench.store.articles import add_articles, get_article

    with session_scope(engine) as session:
        add_articles(
            session=session,
            records=[
                Record(HOSTILE_ID, HOSTILE_TEXT, title='<b onclick="x">عنوان</b>', origin="test")
            ],
        )
        art = get_article(session=session, external_id=HOSTILE_ID)
        for email, note in (
            ("amal@example.org", '<img src=x onerror="window.__xss=4">'),
            ("badr@example.org", "\"'><script>window.__xss=5</script>"),
        ):
            add_annotation(
                session=session,
                article=art,
                annotator_email=email,
                spans=[SpanIn(0, 5, "claim", "false", note)],
            )


def add_cross_article(engine: Engine, *, hostile_title: bool = False) -> None:
    """Two stored articles printing one story (the second a day later under a new lead) and
    a third on the same topic, with the cross-article check's findings."""
    from tests.checks.cross_article_data import articles
    from workbench.checks.service import check_articles
    from workbench.records import Record
    from workbench.store import session_scope
    from workbench.store.articles import add_articles

    records = [
        Record(a.key, a.text, a.title, a.source, "", a.published, origin="test")
        for a in articles()[:3]
    ]
    if hostile_title:
        records[1] = Record(
            records[1].external_id,
            records[1].text,
            '<img src=x onerror="window.__xss=6">تبوك',
            "<b>daily</b>",
            "",
            records[1].published,
            origin="test",
        )
    with session_scope(engine) as session:
        add_articles(session=session, records=records)
    check_articles(engine, all=True, only=["cross_article_duplicate"])
