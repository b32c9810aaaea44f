"""Sealed secrets open with the deployment's key only."""
from __future__ import annotations

from motcua.services.secretbox import SecretBox


def test_a_sealed_secret_opens_with_the_same_key_only() -> None:
    sealed = SecretBox("deployment-a").seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert SecretBox("deployment-a").open(sealed) == "JBSWY3DPEHPK3PXP"
    assert SecretBox("deployment-b").open(sealed) is None
    assert SecretBox("deployment-a").open(sealed[:-4] + "AAAA") is None


def test_a_rotated_secret_still_opens_what_the_previous_one_sealed_and_reseals_it() -> None:
    old = SecretBox("deployment-a").seal("JBSWY3DPEHPK3PXP")
    rotated = SecretBox("deployment-b", previous=["deployment-a"])
    assert rotated.open(old) == "JBSWY3DPEHPK3PXP"
    moved = rotated.reseal(old)
    assert moved is not None and SecretBox("deployment-b").open(moved) == "JBSWY3DPEHPK3PXP"  # the old one may go
    assert SecretBox("deployment-a").open(moved) is None
    assert SecretBox("deployment-c", previous=["deployment-d"]).reseal(old) is None  # no known secret opens it
