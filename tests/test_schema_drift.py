"""The schema the migrations build is the schema the models describe (alembic's compare_metadata finds nothing).

A model changed without its migration (or the reverse) passes every other test on one side only: the tests' services
migrate, but code that reads the models (a new index, a column's type or length) then meets a production database
built by the migrations. Found in round 29: uq_plan_supersedes, the guard of "one next version per plan" that
services.create_plan relies on, lived in migration 0002 and not in the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import api.models  # noqa: F401  (the tables register on SQLModel.metadata)
from api.db import migrate
from tests.api_helpers import fresh_database, postgres_url


def _drift(url: str) -> list[object]:
    migrate(url)
    eng = sa.create_engine(url)
    try:
        with eng.connect() as c:
            return list(compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), SQLModel.metadata))
    finally:
        eng.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    postgres_url() is None, reason="no DATABASE_URL server"))])
def test_the_migrated_schema_is_the_models_schema(kind: str, tmp_path: Path) -> None:
    assert _drift(fresh_database(kind, tmp_path)) == []


def test_the_check_sees_a_model_its_migrations_lack(tmp_path: Path) -> None:
    """The check can fail: a table only the models know is reported."""
    md = sa.MetaData()
    for t in SQLModel.metadata.tables.values():
        t.to_metadata(md)
    sa.Table("not_migrated", md, sa.Column("id", sa.Integer, primary_key=True))
    url = fresh_database("sqlite", tmp_path)
    migrate(url)
    eng = sa.create_engine(url)
    with eng.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), md)
    eng.dispose()
    assert [d[0] for d in diff] == ["add_table"] and diff[0][1].name == "not_migrated"
