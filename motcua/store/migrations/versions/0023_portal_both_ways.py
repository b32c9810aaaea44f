"""portal both ways: the National Public Service Portal's id of a dossier submitted there (unique: a resubmission
finds the dossier made the first time), the held state of an outbox message that failed the portal's schema, and
outbox messages of no dossier (the catalogue's entries)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portal_dossier_id', sa.String(length=60), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_dossiers_portal_dossier_id'), ['portal_dossier_id'])
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('dossier_id', existing_type=Id, nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE dossier_id IS NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('dossier_id', existing_type=Id, nullable=False)
        batch_op.drop_column('held_at')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_dossiers_portal_dossier_id'), type_='unique')
        batch_op.drop_column('portal_dossier_id')
