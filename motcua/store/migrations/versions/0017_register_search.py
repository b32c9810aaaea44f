"""register search: the applicant's name folded (no accents) and the last four digits of the ID and phone
number, indexed, and the unit + id indexes the register pages by

Revision ID: 0017
Revises: 0015
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa

from motcua.domain.text import fold


revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def _tail(value: str | None) -> str | None:
    return "".join(c for c in (value or "") if c.isdigit())[-4:] or None


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_folded', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('applicant_id_tail', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('applicant_phone_tail', sa.String(length=4), nullable=True))
    rows = sa.table('dossiers', sa.column('id', sa.Integer), sa.column('applicant_name', sa.String),
                    sa.column('applicant_phone', sa.String), sa.column('applicant_id_number', sa.String),
                    sa.column('applicant_folded', sa.String), sa.column('applicant_id_tail', sa.String),
                    sa.column('applicant_phone_tail', sa.String))
    bind = op.get_bind()
    found = bind.execute(sa.select(rows.c.id, rows.c.applicant_name, rows.c.applicant_phone,
                                   rows.c.applicant_id_number)).all()
    for start in range(0, len(found), 5000):
        batch = [{"key": id_, "folded": fold(name or "")[:200], "id_tail": _tail(number), "phone_tail": _tail(phone)}
                 for id_, name, phone, number in found[start:start + 5000]]
        bind.execute(rows.update().where(rows.c.id == sa.bindparam("key")).values(
            applicant_folded=sa.bindparam("folded"), applicant_id_tail=sa.bindparam("id_tail"),
            applicant_phone_tail=sa.bindparam("phone_tail")), batch)
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossiers_applicant_id_tail'), ['applicant_id_tail'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossiers_applicant_phone_tail'), ['applicant_phone_tail'], unique=False)
        batch_op.create_index('ix_dossiers_handling_id', ['handling_unit_id', 'id'], unique=False)
        batch_op.create_index('ix_dossiers_receiving_id', ['receiving_unit_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_receiving_id')
        batch_op.drop_index('ix_dossiers_handling_id')
        batch_op.drop_index(batch_op.f('ix_dossiers_applicant_phone_tail'))
        batch_op.drop_index(batch_op.f('ix_dossiers_applicant_id_tail'))
        batch_op.drop_column('applicant_phone_tail')
        batch_op.drop_column('applicant_id_tail')
        batch_op.drop_column('applicant_folded')
