"""remote signatures: a leader's signature asked of a remote-signing service, polled by the worker

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 00:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('remote_signatures',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('dossier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_id', sa.String(length=200), nullable=False),
    sa.Column('pending', sa.JSON(), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('next_poll_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('settled_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_remote_signatures_dossier_id_dossiers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_remote_signatures_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_signatures'))
    )
    with op.batch_alter_table('remote_signatures', schema=None) as batch_op:
        batch_op.create_index('ix_remote_signatures_due', ['settled_at', 'next_poll_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_remote_signatures_dossier_id'), ['dossier_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('remote_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remote_signatures_dossier_id'))
        batch_op.drop_index('ix_remote_signatures_due')

    op.drop_table('remote_signatures')
