"""counter queue: tickets per service group, called at counters

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled in by the counter_queue work


def downgrade() -> None:
    pass
