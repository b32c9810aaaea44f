"""register number: each dossier's số thứ tự in its receiving unit's register of dossiers (sổ theo dõi hồ sơ,
Mẫu số 07 of Circular 03/2025/TT-VPCP), printed on the receipt (Mẫu số 01)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('register_number', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('register_number')
