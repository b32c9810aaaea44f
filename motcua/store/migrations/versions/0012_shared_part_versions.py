"""shared part versions: the modeler's edits of the one-stop frame's shared parts (bpmn/shared/)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shared_part_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('xml', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_part_versions')),
    sa.UniqueConstraint('name', 'number', name='uq_shared_part_versions_name_number')
    )
    with op.batch_alter_table('shared_part_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_part_versions_name'), ['name'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('shared_part_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_part_versions_name'))

    op.drop_table('shared_part_versions')
