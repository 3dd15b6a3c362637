"""Signature verification through PyJWT's algorithm objects (cryptography underneath).

The algorithm comes from the token only after the key has agreed to it (see keys.match_key_to_alg);
nothing here is hand-written crypto.
"""

from __future__ import annotations

from functools import cache

from jwt.algorithms import Algorithm, get_default_algorithms

from jwtdebugger.core import explain
from jwtdebugger.core.keys import VerificationKey
from jwtdebugger.core.results import Check, Status


@cache
def _algorithms() -> dict[str, Algorithm]:
    return get_default_algorithms()


def signature_check(status: Status, key: str, **fields: object) -> Check:
    if not fields:
        # Most signature checks say the same every time: share one (frozen) Check per message.
        known = _FIXED_CHECKS.get((status, key))
        if known is None:
            known = _FIXED_CHECKS[(status, key)] = _signature_check(status, key)
        return known
    return _signature_check(status, key, **fields)


def _signature_check(status: Status, key: str, **fields: object) -> Check:
    return Check(
        id="signature", status=status, title=explain.title("signature"), message=explain.message(key, **fields)
    )


_FIXED_CHECKS: dict[tuple[Status, str], Check] = {}  # keys from the code: a handful


def verify_signature(signing_input: bytes, signature: bytes, key: VerificationKey, alg: str) -> bool:
    """True when `signature` is `alg` over `signing_input` with `key`. Never raises on bad input."""
    algorithm = _algorithms()[alg]
    try:
        return bool(algorithm.verify(signing_input, key.key, signature))
    except (ValueError, TypeError, OverflowError):
        return False
