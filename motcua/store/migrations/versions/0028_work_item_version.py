"""work items carry their dossier's procedure version, so the heat map counts a version's open tasks per step
without joining the register (issue 22: 240 ms of a province's year at 1 M dossiers went to that join)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-01 00:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column('work_items', sa.Column('version_id', Id, nullable=True))
    op.execute("UPDATE work_items SET version_id = "
               "(SELECT dossiers.version_id FROM dossiers WHERE dossiers.id = work_items.dossier_id)")
    with op.batch_alter_table('work_items') as batch:
        batch.alter_column('version_id', existing_type=Id, nullable=False)
        batch.create_foreign_key(op.f('fk_work_items_version_id_procedure_versions'), 'procedure_versions',
                                 ['version_id'], ['id'])
    op.create_index('ix_work_items_version_unit_element', 'work_items',
                    ['version_id', 'unit_id', 'element_id', 'dossier_id', 'due_at'])


def downgrade() -> None:
    op.drop_index('ix_work_items_version_unit_element', table_name='work_items')
    with op.batch_alter_table('work_items') as batch:
        batch.drop_constraint(op.f('fk_work_items_version_id_procedure_versions'), type_='foreignkey')
        batch.drop_column('version_id')
