"""national codes and the postal channel: each unit's electronic identifier (its dossier codes begin with it);
a dossier received by post (its item number) and a result returned by post (address, item number, date)

Existing dossier codes are kept as they were issued; units get no identifier here (an administrator sets it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_code', sa.String(length=13), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_units_agency_code'), ['agency_code'])
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('postal_item', sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column('result_channel', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('result_postal_item', sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column('result_postal_address', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('result_posted_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('result_posted_on')
        batch_op.drop_column('result_postal_address')
        batch_op.drop_column('result_postal_item')
        batch_op.drop_column('result_channel')
        batch_op.drop_column('postal_item')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_units_agency_code'), type_='unique')
        batch_op.drop_column('agency_code')
