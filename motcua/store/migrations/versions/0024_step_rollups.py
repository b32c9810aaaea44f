"""step roll-ups: per day, unit, procedure version and step the stays entered and finished, those past the step's
deadline and a histogram of working minutes; per day, unit, version and sequence flow the dossiers that took it
and the time between units (the heat map of issue 22)

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30 09:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
EDGES = (0, 5, 15, 30, 60, 120, 240, 450, 900, 1350, 2250, 3150, 4500, 6750, 9000, 13500)  # domain/histogram.py


def _keys(table: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f(f'fk_{table}_unit_id_units')),
        sa.ForeignKeyConstraint(['version_id'], ['procedure_versions.id'],
                                name=op.f(f'fk_{table}_version_id_procedure_versions')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def upgrade() -> None:
    op.create_table(
        'step_rollups',
        sa.Column('id', Id, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('unit_id', Id, nullable=False),
        sa.Column('version_id', Id, nullable=False),
        sa.Column('element', sa.String(length=80), nullable=False),
        sa.Column('entered', sa.Integer(), nullable=False),
        sa.Column('finished', sa.Integer(), nullable=False),
        sa.Column('over_deadline', sa.Integer(), nullable=False),
        *(sa.Column(f'm_{edge}', sa.Integer(), nullable=False) for edge in EDGES),
        *_keys('step_rollups'),
        sa.UniqueConstraint('day', 'unit_id', 'version_id', 'element',
                            name='uq_step_rollups_day_unit_version_element'),
    )
    op.create_index('ix_step_rollups_version_day', 'step_rollups', ['version_id', 'day'])
    op.create_table(
        'flow_rollups',
        sa.Column('id', Id, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('unit_id', Id, nullable=False),
        sa.Column('version_id', Id, nullable=False),
        sa.Column('flow', sa.String(length=80), nullable=False),
        sa.Column('taken', sa.Integer(), nullable=False),
        *_keys('flow_rollups'),
        sa.UniqueConstraint('day', 'unit_id', 'version_id', 'flow', name='uq_flow_rollups_day_unit_version_flow'),
    )
    op.create_index('ix_flow_rollups_version_day', 'flow_rollups', ['version_id', 'day'])
    op.create_table(
        'transit_rollups',
        sa.Column('id', Id, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('version_id', Id, nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('from_unit_id', Id, nullable=True),
        sa.Column('unit_id', Id, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        *(sa.Column(f'm_{edge}', sa.Integer(), nullable=False) for edge in EDGES),
        sa.ForeignKeyConstraint(['from_unit_id'], ['units.id'], name=op.f('fk_transit_rollups_from_unit_id_units')),
        *_keys('transit_rollups'),
    )
    op.create_index('ix_transit_rollups_version_day', 'transit_rollups', ['version_id', 'day'])
    op.create_index(op.f('ix_transit_rollups_day'), 'transit_rollups', ['day'])


def downgrade() -> None:
    op.drop_index(op.f('ix_transit_rollups_day'), table_name='transit_rollups')
    op.drop_index('ix_transit_rollups_version_day', table_name='transit_rollups')
    op.drop_table('transit_rollups')
    op.drop_index('ix_flow_rollups_version_day', table_name='flow_rollups')
    op.drop_table('flow_rollups')
    op.drop_index('ix_step_rollups_version_day', table_name='step_rollups')
    op.drop_table('step_rollups')
