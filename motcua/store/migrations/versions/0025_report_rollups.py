"""report roll-ups: the report's daily (and monthly) flows per receiving unit and procedure, the dossiers that met a measure
per day, the days each roll-up has built and the closed days marked dirty; indexes the daily rebuild and the
live "overdue now" read by

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FLOWS = ('received', 'received_in_person', 'received_online', 'received_postal', 'online_submitted', 'finished',
         'early', 'on_time', 'late', 'returned_by_post', 'stopped', 'rated', 'satisfied', 'supplement_requests',
         'closed', 'fees_paid', 'fees_collected', 'fees_exempt', 'fees_exempted', 'fees_owed_opened',
         'fees_owed_closed')
MONEY = ('fees_collected', 'fees_exempted')


def upgrade() -> None:
    op.create_table(
        'rollup_days',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('built_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', 'day', name=op.f('pk_rollup_days')),
    )
    op.create_table(
        'rollup_dirty_days',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('marked_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_rollup_dirty_days')),
    )
    for table, when in (('report_days', 'day'), ('report_months', 'month')):
        op.create_table(
            table,
            sa.Column(when, sa.Date(), nullable=False),
            sa.Column('receiving_unit_id', Id, nullable=False),
            sa.Column('procedure_slug', sa.String(length=80), nullable=False),
            *(sa.Column(name, sa.BigInteger() if name in MONEY else sa.Integer(), nullable=False) for name in FLOWS),
            sa.ForeignKeyConstraint(['receiving_unit_id'], ['units.id'],
                                    name=op.f(f'fk_{table}_receiving_unit_id_units')),
            sa.PrimaryKeyConstraint(when, 'receiving_unit_id', 'procedure_slug', name=op.f(f'pk_{table}')),
        )
    op.create_index('ix_report_days_unit_day', 'report_days', ['receiving_unit_id', 'day'])
    for table, when in (('report_day_dossiers', 'day'), ('report_month_dossiers', 'month')):
        op.create_table(
            table,
            sa.Column('id', Id, nullable=False),
            sa.Column(when, sa.Date(), nullable=False),
            sa.Column('receiving_unit_id', Id, nullable=False),
            sa.Column('procedure_slug', sa.String(length=80), nullable=False),
            sa.Column('measure', sa.String(length=30), nullable=False),
            sa.Column(f'previous_{when}', sa.Date(), nullable=True),
            sa.Column('dossiers', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['receiving_unit_id'], ['units.id'],
                                    name=op.f(f'fk_{table}_receiving_unit_id_units')),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        )
        op.create_index(f'ix_{table}_{when}', table, [when, 'receiving_unit_id'])
    op.create_index('ix_dossiers_unit_created', 'dossiers', ['receiving_unit_id', 'created_at'])
    op.create_index('ix_dossiers_open_due', 'dossiers', ['receiving_unit_id', 'due_at'],
                    postgresql_include=['procedure_slug', 'received_at', 'paused_at'],
                    sqlite_where=sa.text('finished_at IS NULL'), postgresql_where=sa.text('finished_at IS NULL'))
    op.create_index('ix_dossier_fees_assessed_at', 'dossier_fees', ['assessed_at'])
    op.create_index('ix_dossier_fees_paid_at', 'dossier_fees', ['paid_at'])


def downgrade() -> None:
    op.drop_index('ix_dossier_fees_paid_at', table_name='dossier_fees')
    op.drop_index('ix_dossier_fees_assessed_at', table_name='dossier_fees')
    op.drop_index('ix_dossiers_open_due', table_name='dossiers')
    op.drop_index('ix_dossiers_unit_created', table_name='dossiers')
    for table, when in (('report_month_dossiers', 'month'), ('report_day_dossiers', 'day')):
        op.drop_index(f'ix_{table}_{when}', table_name=table)
        op.drop_table(table)
    op.drop_index('ix_report_days_unit_day', table_name='report_days')
    op.drop_table('report_months')
    op.drop_table('report_days')
    op.drop_table('rollup_dirty_days')
    op.drop_table('rollup_days')
