"""Fees owed and paid per dossier (``DossierFee``), and the units' bank accounts for transfers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua.store.models import DossierFee, UnitBankAccount


class Fees:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_dossier(self, dossier_id: int) -> DossierFee | None:
        return self.session.get(DossierFee, dossier_id)

    def keep(self, row: DossierFee) -> DossierFee:
        """Add the dossier's assessment, or replace an earlier one (a dossier received again after a supplement)."""
        return self.session.merge(row)

    def statuses(self, dossier_ids: Iterable[int]) -> dict[int, str]:
        """The fee status of each listed dossier that has one (the inbox's and register's tags)."""
        ids = list(dossier_ids)
        if not ids:
            return {}
        rows = self.session.execute(select(DossierFee.dossier_id, DossierFee.status)
                                    .where(DossierFee.dossier_id.in_(ids)))
        return {dossier_id: status for dossier_id, status in rows}

    def bank_account(self, unit_id: int) -> UnitBankAccount | None:
        return self.session.get(UnitBankAccount, unit_id)

    def set_bank_account(self, account: UnitBankAccount) -> UnitBankAccount:
        return self.session.merge(account)
