"""report indexes: a unit's dossiers by received and finished time, events by kind and time

Measured with 300,000 dossiers on PostgreSQL (bench.reports): a ward's month 75 → 32 ms, a province's
year 642 → 383 ms, a province's month 231 → 203 ms.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 11:30:00
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_dossiers_unit_received', 'dossiers', ['receiving_unit_id', 'received_at'])
    op.create_index('ix_dossiers_unit_finished', 'dossiers', ['receiving_unit_id', 'finished_at'])
    op.create_index('ix_events_kind_at', 'events', ['kind', 'at'])


def downgrade() -> None:
    op.drop_index('ix_events_kind_at', table_name='events')
    op.drop_index('ix_dossiers_unit_finished', table_name='dossiers')
    op.drop_index('ix_dossiers_unit_received', table_name='dossiers')
