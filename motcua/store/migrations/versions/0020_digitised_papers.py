"""digitised papers: the papers of a dossier held in digital form (scanned, reused from the citizen's store, or an
electronic result), and the two marks Decision 766/QĐ-TTg counts a dossier's digitisation by

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'dossier_papers',
        sa.Column('id', Id, nullable=False),
        sa.Column('dossier_id', Id, nullable=False),
        sa.Column('paper_name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=False),
        sa.Column('holder_id_number', sa.String(length=20), nullable=True),
        sa.Column('stored_name', sa.String(length=200), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('document_id', Id, nullable=True),
        sa.Column('reused_from_id', Id, nullable=True),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('digitised_by_id', Id, nullable=True),
        sa.Column('digitised_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_papers_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_dossier_papers_document_id_documents')),
        sa.ForeignKeyConstraint(['reused_from_id'], ['dossier_papers.id'],
                                name=op.f('fk_dossier_papers_reused_from_id_dossier_papers')),
        sa.ForeignKeyConstraint(['digitised_by_id'], ['users.id'],
                                name=op.f('fk_dossier_papers_digitised_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_papers')),
    )
    op.create_index('ix_dossier_papers_dossier_id', 'dossier_papers', ['dossier_id'])
    op.create_index('ix_dossier_papers_holder_kind', 'dossier_papers', ['holder_id_number', 'kind'])
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('papers_digitised_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('result_electronic_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('result_electronic_at')
        batch_op.drop_column('papers_digitised_at')
    op.drop_index('ix_dossier_papers_holder_kind', table_name='dossier_papers')
    op.drop_index('ix_dossier_papers_dossier_id', table_name='dossier_papers')
    op.drop_table('dossier_papers')
