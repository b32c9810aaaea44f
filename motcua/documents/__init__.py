"""Printable official slips and result documents (PDF with the dossier's QR code)."""
