"""official documents: registers of incoming and outgoing documents

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled in by the official_documents work


def downgrade() -> None:
    pass
