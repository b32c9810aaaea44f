"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL: a model changed
without its migration (or the reverse) fails here, not on a province's server."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from motcua.store.models import Base, in_schema_of


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    db = create_engine(database_url)
    with db.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": in_schema_of(connection.dialect.name)})
        differences = compare_metadata(context, Base.metadata)
    db.dispose()
    assert differences == []
