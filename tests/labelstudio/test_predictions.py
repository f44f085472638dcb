"""The real checks' findings on the sample article become valid Label Studio predictions."""

from __future__ import annotations

from label_studio_sdk.label_interface import LabelInterface
from sqlalchemy.engine import Engine

from workbench.checks.runner import checks_version
from workbench.checks.service import check_articles
from workbench.ingest import ingest_sample
from workbench.labelstudio import convert, sync
from workbench.store import labelstudio as ls_store
from workbench.store import session_scope


def test_sample_findings_become_duplicate_suggestions(sqlite_engine: Engine) -> None:
    ingest_sample(sqlite_engine)
    check_articles(sqlite_engine, all=True)
    with session_scope(sqlite_engine) as session:
        (article,) = ls_store.articles_for_push(session=session, external_ids=None)
        findings = ls_store.open_findings(session=session)[article.id]
    pred = convert.prediction(article.text, findings, checks_version())
    assert pred is not None
    assert LabelInterface(sync.label_config()).validate_prediction(pred)
    regions = {r["id"]: r["value"] for r in pred["result"] if r["type"] == "labels"}
    assert all(article.text[v["start"] : v["end"]] == v["text"] for v in regions.values())
    relations = [r for r in pred["result"] if r["type"] == "relation"]
    # The sample repeats three passages (paragraphs 12/14, 23/27, 29/31).
    assert len(relations) >= 3
    for rel in relations:
        assert regions[rel["from_id"]]["labels"] == ["duplicate"]
        assert regions[rel["from_id"]]["start"] > regions[rel["to_id"]]["start"]
