"""Signature verification through PyJWT's algorithm objects (cryptography underneath).

The algorithm comes from the token only after the key has agreed to it (see keys.match_key_to_alg);
nothing here is hand-written crypto.
"""

from __future__ import annotations

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


def verify_signature(signing_input: bytes, signature: bytes, key: VerificationKey, alg: str) -> bool:
    """True when `signature` is `alg` over `signing_input` with `key`. Never raises on bad input."""
    algorithm = _algorithms()[alg]
    try:
        return bool(algorithm.verify(signing_input, key.key, signature))
    except (ValueError, TypeError, OverflowError):
        return False
