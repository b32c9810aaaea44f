"""work item snapshot: the data and instructions a waiting task shows, so the task page never restores the workflow

Rows offered before this migration keep NULL and are read from the workflow state as before.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('instructions', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_column('instructions')
        batch_op.drop_column('data')
