"""1022 feedback: citizens' feedback and recommendations

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled in by the feedback_1022 work


def downgrade() -> None:
    pass
