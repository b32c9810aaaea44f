"""step stays: each finished stay at a step on the day it finished, so the dossiers behind a heat map step's
"finished" and "late" figures are read by index rather than by walking the event log (issue 22)

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-30 19:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'step_stays',
        sa.Column('id', Id, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('unit_id', Id, nullable=False),
        sa.Column('version_id', Id, nullable=False),
        sa.Column('element', sa.String(length=80), nullable=False),
        sa.Column('dossier_id', Id, nullable=False),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('left_at', sa.DateTime(), nullable=False),
        sa.Column('working_minutes', sa.Float(), nullable=False),
        sa.Column('late', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_step_stays_unit_id_units')),
        sa.ForeignKeyConstraint(['version_id'], ['procedure_versions.id'],
                                name=op.f('fk_step_stays_version_id_procedure_versions')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_step_stays_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_step_stays')),
    )
    op.create_index('ix_step_stays_version_element_day', 'step_stays', ['version_id', 'element', 'day'])
    op.create_index(op.f('ix_step_stays_day'), 'step_stays', ['day'])


def downgrade() -> None:
    op.drop_index(op.f('ix_step_stays_day'), table_name='step_stays')
    op.drop_index('ix_step_stays_version_element_day', table_name='step_stays')
    op.drop_table('step_stays')
