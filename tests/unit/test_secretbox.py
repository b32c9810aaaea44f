"""Sealed secrets open with the deployment's key only."""
from __future__ import annotations

from motcua.services.secretbox import SecretBox


def test_a_sealed_secret_opens_with_the_same_key_only() -> None:
    sealed = SecretBox("deployment-a").seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert SecretBox("deployment-a").open(sealed) == "JBSWY3DPEHPK3PXP"
    assert SecretBox("deployment-b").open(sealed) is None
    assert SecretBox("deployment-a").open(sealed[:-4] + "AAAA") is None
