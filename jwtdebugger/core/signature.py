"""Signature verification through PyJWT's algorithm objects (cryptography underneath), and the
standard library's one-shot HMAC for HS*.

The algorithm comes from the token only after the key has agreed to it (see keys.match_key_to_alg);
nothing here is hand-written crypto.
"""

from __future__ import annotations

import hmac
from functools import cache

from jwt.algorithms import Algorithm, get_default_algorithms

from jwtdebugger.core import explain
from jwtdebugger.core.keys import VerificationKey
from jwtdebugger.core.results import Check, Status, fixed_check


@cache
def _algorithms() -> dict[str, Algorithm]:
    return get_default_algorithms()


def signature_check(status: Status, key: str, **fields: object) -> Check:
    if not fields:
        return fixed_check("signature", status, key)
    return Check(
        id="signature", status=status, title=explain.title("signature"), message=explain.message(key, **fields)
    )


# HS* is what PyJWT's HMACAlgorithm.verify computes (hmac.new(...).digest() compared in constant
# time), in one C call instead of a Python HMAC object: the HMAC costs less than that object.
_HMAC_DIGESTS = {"HS256": "sha256", "HS384": "sha384", "HS512": "sha512"}


def verify_signature(signing_input: bytes, signature: bytes, key: VerificationKey, alg: str) -> bool:
    """True when `signature` is `alg` over `signing_input` with `key`. Never raises on bad input."""
    digest = _HMAC_DIGESTS.get(alg)
    try:
        if digest is not None:
            return hmac.compare_digest(signature, hmac.digest(key.key, signing_input, digest))
        return bool(_algorithms()[alg].verify(signing_input, key.key, signature))
    except (ValueError, TypeError, OverflowError):
        return False
