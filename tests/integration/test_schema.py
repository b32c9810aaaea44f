"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL: a model changed
without its migration (or the reverse) fails here, not on a province's server."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from motcua.store.models import Base


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    db = create_engine(database_url)
    with db.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    assert differences == []
