"""Digital signatures on results: a deployment CA, a certificate per signer, PAdES signing and verification."""
