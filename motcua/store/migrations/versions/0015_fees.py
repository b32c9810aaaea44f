"""fees: what each dossier owes and how it was paid; the units' bank accounts for transfers (VietQR)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dossier_fees',
    sa.Column('dossier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('due', sa.BigInteger(), nullable=False),
    sa.Column('exempted', sa.BigInteger(), nullable=False),
    sa.Column('assessment', sa.JSON(), nullable=False),
    sa.Column('assessed_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('receipt_number', sa.String(length=40), nullable=True),
    sa.Column('transfer_reference', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_dossier_fees_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_fees_dossier_id_dossiers')),
    sa.PrimaryKeyConstraint('dossier_id', name=op.f('pk_dossier_fees'))
    )
    with op.batch_alter_table('dossier_fees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_fees_status'), ['status'], unique=False)
    op.create_table('unit_bank_accounts',
    sa.Column('unit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('bank_bin', sa.String(length=6), nullable=False),
    sa.Column('bank_name', sa.String(length=120), nullable=False),
    sa.Column('account_number', sa.String(length=19), nullable=False),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_bank_accounts_unit_id_units')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_unit_bank_accounts_updated_by_id_users')),
    sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_unit_bank_accounts'))
    )


def downgrade() -> None:
    op.drop_table('unit_bank_accounts')
    with op.batch_alter_table('dossier_fees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_fees_status'))
    op.drop_table('dossier_fees')
