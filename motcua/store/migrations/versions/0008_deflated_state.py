"""deflated instance state: the workflow JSON stored zlib-compressed (about a fifth of its text)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 10:00:00
"""
import zlib

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 1000


def _convert(source: str, target: str, change) -> None:
    """Copy every row's state from one column to the other, a batch at a time (keyset on id)."""
    bind = op.get_bind()
    instances = sa.table('instances', sa.column('id', sa.BigInteger()), sa.column(source), sa.column(target))
    last = 0
    while True:
        rows = bind.execute(sa.select(instances.c.id, instances.c[source]).where(instances.c.id > last)
                            .order_by(instances.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row_id, value in rows:
            bind.execute(instances.update().where(instances.c.id == row_id).values({target: change(value)}))
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_z', sa.LargeBinary(), nullable=True))
    _convert('state', 'state_z', lambda text: zlib.compress(text.encode('utf-8'), 6))
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_column('state')
        batch_op.alter_column('state_z', new_column_name='state', existing_type=sa.LargeBinary(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_t', sa.Text(), nullable=True))
    _convert('state', 'state_t', lambda blob: zlib.decompress(blob).decode('utf-8'))
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_column('state')
        batch_op.alter_column('state_t', new_column_name='state', existing_type=sa.Text(), nullable=False)
