"""Migrations: a fresh database reaches the head; the schema matches the models; downgrade works."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from workbench.store import session_scope
from workbench.store.engine import current_revision, upgrade
from workbench.store.models import Annotation, Annotator, Article


def test_head_schema_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) == "0003_security"
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(engine: Engine) -> None:
    upgrade(engine, "0002")
    from alembic import command

    from workbench.store.engine import _alembic_config

    command.downgrade(_alembic_config(engine), "0001")
    assert current_revision(engine) == "0001"
    upgrade(engine)
    assert current_revision(engine) == "0003_security"


def test_same_annotation_id_in_two_projects(engine: Engine) -> None:
    with session_scope(engine) as s:
        art = Article(external_id="a", text="نص.", sha256="0" * 64)
        who = Annotator(email="x@example.org")
        s.add_all([art, who])
        s.flush()
        for project in (1, 2):
            s.add(
                Annotation(
                    article_id=art.id,
                    annotator_id=who.id,
                    ls_project_id=project,
                    ls_annotation_id=7,
                )
            )
