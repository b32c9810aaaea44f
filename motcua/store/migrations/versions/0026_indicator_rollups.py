"""indicator roll-ups: the Decision 766 measures' numerators and denominators per day (and month), receiving unit
and procedure (a numerator and a denominator column per measure); an index of every dossier by unit and
appointment, which a day's rebuild reads, and one by procedure and received, which the live count of 1022
feedback reads

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30 12:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MEASURES = ('synced', 'online', 'paid_online', 'reused', 'fee_paid_online', 'electronic_result', 'digitised',
            'dossier_satisfaction', 'on_time_finished', 'on_time_open')


def upgrade() -> None:
    for table, when in (('indicator_days', 'day'), ('indicator_months', 'month')):
        op.create_table(
            table,
            sa.Column(when, sa.Date(), nullable=False),
            sa.Column('receiving_unit_id', Id, nullable=False),
            sa.Column('procedure_slug', sa.String(length=80), nullable=False),
            *(sa.Column(f'{measure}_{part}', sa.Integer(), nullable=False)
              for measure in MEASURES for part in ('hits', 'population')),
            sa.ForeignKeyConstraint(['receiving_unit_id'], ['units.id'],
                                    name=op.f(f'fk_{table}_receiving_unit_id_units')),
            sa.PrimaryKeyConstraint(when, 'receiving_unit_id', 'procedure_slug', name=op.f(f'pk_{table}')),
        )
    op.create_index('ix_dossiers_unit_due', 'dossiers', ['receiving_unit_id', 'due_at'])
    op.create_index('ix_dossiers_slug_received', 'dossiers', ['procedure_slug', 'received_at'])


def downgrade() -> None:
    op.drop_index('ix_dossiers_slug_received', table_name='dossiers')
    op.drop_index('ix_dossiers_unit_due', table_name='dossiers')
    op.drop_table('indicator_months')
    op.drop_table('indicator_days')
