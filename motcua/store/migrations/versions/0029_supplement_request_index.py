"""the requests to supplement indexed on PostgreSQL, so the Decision 766 indicators find the dossiers asked twice
from the index alone (issue 22: a province's year at 1 M dossiers read every open dossier's row and every
request's for it)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-01 03:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None

# as the models say it (store/models.Event), PAYMENT_WAIT written out: a migration does not follow later edits
REQUESTS = ("kind = 'dossier.paused' AND coalesce(CAST(detail ->> 'request' AS VARCHAR), '') "
            "NOT LIKE 'Chờ thực hiện nghĩa vụ tài chính%'")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index('ix_events_supplement_requests', 'events', ['dossier_id', 'at'],
                        postgresql_where=sa.text(REQUESTS))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_events_supplement_requests', table_name='events')
