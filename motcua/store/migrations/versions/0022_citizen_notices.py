"""citizen notices: the e-mails and SMS that tell a citizen of receipt, supplements, the result, an apology or a
stop, and the citizen's choice of channel and e-mail address on the dossier

Revision ID: 0022
Revises: 0020
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0020'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'citizen_notices',
        sa.Column('id', Id, nullable=False),
        sa.Column('dossier_id', Id, nullable=False),
        sa.Column('event', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('recipient', sa.String(length=120), nullable=False),
        sa.Column('subject', sa.String(length=250), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('available_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.Column('failed_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_citizen_notices_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_notices')),
    )
    op.create_index('ix_citizen_notices_dossier_id', 'citizen_notices', ['dossier_id'])
    op.create_index('ix_citizen_notices_pending', 'citizen_notices', ['delivered_at', 'available_at'])
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_by', sa.String(length=10), server_default='none', nullable=False))
        batch_op.add_column(sa.Column('applicant_email', sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('applicant_email')
        batch_op.drop_column('notify_by')
    op.drop_index('ix_citizen_notices_pending', table_name='citizen_notices')
    op.drop_index('ix_citizen_notices_dossier_id', table_name='citizen_notices')
    op.drop_table('citizen_notices')
