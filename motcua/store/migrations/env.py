"""Alembic environment: migrations run against the URL the application was configured with."""
from typing import Literal

from alembic import context
from sqlalchemy import engine_from_config, pool

from motcua.store.models import Base, in_schema_of
from motcua.store.types import Moment

config = context.config


def render_item(type_: str, obj: object, autogen_context: object) -> str | Literal[False]:
    """Migrations name plain SQLAlchemy types, so they never import application code."""
    if type_ == "type" and isinstance(obj, Moment):
        return "sa.DateTime()"
    return False


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                         prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite", render_item=render_item,
                          include_object=in_schema_of(connection.dialect.name))
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
