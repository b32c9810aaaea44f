"""counter queue: tickets per service group, called at counters

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('queue_desks',
    sa.Column('id', Id, nullable=False),
    sa.Column('unit_id', Id, nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('user_id', Id, nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_queue_desks_unit_id_units')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_queue_desks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_desks'))
    )
    op.create_index(op.f('ix_queue_desks_user_id'), 'queue_desks', ['user_id'], unique=False)
    op.create_index('uq_queue_desks_open_number', 'queue_desks', ['unit_id', 'number'], unique=True,
                    sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('queue_tickets',
    sa.Column('id', Id, nullable=False),
    sa.Column('unit_id', Id, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('service_group', sa.String(length=1), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=True),
    sa.Column('last_called_at', sa.DateTime(), nullable=True),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('desk_id', Id, nullable=True),
    sa.Column('counter', sa.Integer(), nullable=True),
    sa.Column('clerk_id', Id, nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_queue_tickets_unit_id_units')),
    sa.ForeignKeyConstraint(['desk_id'], ['queue_desks.id'], name=op.f('fk_queue_tickets_desk_id_queue_desks')),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], name=op.f('fk_queue_tickets_clerk_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_tickets')),
    sa.UniqueConstraint('unit_id', 'day', 'service_group', 'sequence', name='uq_queue_tickets_unit_id')
    )
    op.create_index(op.f('ix_queue_tickets_desk_id'), 'queue_tickets', ['desk_id'], unique=False)
    op.create_index('ix_queue_tickets_waiting', 'queue_tickets',
                    ['unit_id', 'day', 'status', 'service_group', 'issued_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_queue_tickets_waiting', table_name='queue_tickets')
    op.drop_index(op.f('ix_queue_tickets_desk_id'), table_name='queue_tickets')
    op.drop_table('queue_tickets')
    op.drop_index('uq_queue_desks_open_number', table_name='queue_desks')
    op.drop_index(op.f('ix_queue_desks_user_id'), table_name='queue_desks')
    op.drop_table('queue_desks')
