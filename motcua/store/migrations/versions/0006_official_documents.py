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
    op.create_table('register_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('dossier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('book', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('symbol', sa.String(length=60), nullable=False),
    sa.Column('doc_type', sa.String(length=60), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('counterpart', sa.String(length=300), nullable=False),
    sa.Column('document_date', sa.Date(), nullable=True),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('source_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('registered_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_register_entries_dossier_id_dossiers')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_register_entries_unit_id_units')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                            name=op.f('fk_register_entries_document_id_documents')),
    sa.ForeignKeyConstraint(['source_id'], ['register_entries.id'],
                            name=op.f('fk_register_entries_source_id_register_entries')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'],
                            name=op.f('fk_register_entries_registered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_entries')),
    sa.UniqueConstraint('unit_id', 'book', 'year', 'number', name='uq_register_entries_unit_id'),
    sa.UniqueConstraint('source_id', 'unit_id', name='uq_register_entries_source_id'),
    )
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_register_entries_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_register_entries_unit_book', ['unit_id', 'book', 'year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_register_entries_unit_book')
        batch_op.drop_index(batch_op.f('ix_register_entries_dossier_id'))
    op.drop_table('register_entries')
