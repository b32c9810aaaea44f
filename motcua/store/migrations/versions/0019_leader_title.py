"""leader title: a person's title (chức danh, "Chủ tịch", "Phó Chủ tịch"), printed over their name when they
sign a result (Nghị định 30/2020/NĐ-CP, thẩm quyền ký)

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('title')
