"""Secret / PEM / JWK / JWK Set -> a verification key, with findings about the key.

The key decides the algorithm family: an HMAC secret only verifies HS*, an RSA key RS*/PS*,
an EC key the ES* of its curve, an Ed25519 key EdDSA. Public-key material is never used as an
HMAC secret, and a key set never lets the token pick between secret and public keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from jwtdebugger.core import explain
from jwtdebugger.core.results import Check, KeyInput, Status, fast_init, fixed_check
from jwtdebugger.core.tokens import SegmentError, b64url_decode, b64url_encode, has_lone_surrogate

MAX_JWKS_KEYS = 100

# alg -> (key kind, curve name or minimum HMAC key bytes)
ALGORITHMS: dict[str, tuple[str, Any]] = {
    "HS256": ("hmac", 32),
    "HS384": ("hmac", 48),
    "HS512": ("hmac", 64),
    "RS256": ("rsa", None),
    "RS384": ("rsa", None),
    "RS512": ("rsa", None),
    "PS256": ("rsa", None),
    "PS384": ("rsa", None),
    "PS512": ("rsa", None),
    "ES256": ("ec", "secp256r1"),
    "ES384": ("ec", "secp384r1"),
    "ES512": ("ec", "secp521r1"),
    "EdDSA": ("okp", None),
}

KIND_WORDS = {
    "hmac": "an HMAC secret",
    "rsa": "an RSA key",
    "ec": "an EC key",
    "okp": "an Ed25519 key",
}
CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
JWK_CURVES = {"P-256": "secp256r1", "P-384": "secp384r1", "P-521": "secp521r1"}
PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth"}
THUMBPRINT_MEMBERS = {
    "RSA": ("e", "kty", "n"),
    "EC": ("crv", "kty", "x", "y"),
    "OKP": ("crv", "kty", "x"),
    "oct": ("k", "kty"),
}


@fast_init
@dataclass(frozen=True)
class VerificationKey:
    """A key ready to verify with, and what we know about it."""

    kind: str  # hmac | rsa | ec | okp
    key: Any  # bytes for hmac, a cryptography public key otherwise
    description: str
    source: str  # secret | pem | jwk | jwks
    alg: str | None = None  # the JWK's own alg, when it has one
    kid: str | None = None
    private: bool = False
    thumbprint: str | None = None  # RFC 7638, SHA-256, base64url; public keys only
    problems: tuple[Check, ...] = ()  # failures that make any token verified with it invalid
    jwk_members: tuple[str, ...] = ()

    @property
    def curve(self) -> str | None:
        if self.kind == "ec":
            return str(self.key.curve.name)
        return None


@fast_init
@dataclass(frozen=True)
class KeySet:
    """A JWK Set, kept as raw JWKs; a key is chosen per token."""

    keys: tuple[dict[str, Any], ...]
    source: str = "jwks"


@fast_init
@dataclass(frozen=True)
class KeyLoad:
    """The result of reading a key input: a key, a key set, or a failed check."""

    key: VerificationKey | None = None
    key_set: KeySet | None = None
    failure: Check | None = None
    notes: tuple[Check, ...] = field(default_factory=tuple)


def key_check(status: Status, key: str, **fields: Any) -> Check:
    if not fields:
        return fixed_check("key", status, key)
    return Check(id="key", status=status, title=explain.title("key"), message=explain.message(key, **fields))


def _fail(key: str, **fields: Any) -> KeyLoad:
    return KeyLoad(failure=key_check(Status.FAIL, key, **fields))


# ---- reading -------------------------------------------------------------------------


def load_key(key_input: KeyInput) -> KeyLoad:
    """Read what the user gave. Never raises for any input."""
    kind = key_input.type
    if kind == "secret":
        return _load_secret(key_input.value, key_input.encoding)
    if kind == "pem":
        return _load_pem_cached(key_input.value)
    if kind == "jwk":
        jwk, failure = _json_object(key_input.value, "JWK")
        if failure:
            return KeyLoad(failure=failure)
        assert jwk is not None
        if "keys" in jwk and "kty" not in jwk:
            return load_key_set(jwk)
        return _load_jwk(jwk, source="jwk")
    if kind == "unavailable":
        # The Django side could not fetch a remote key set; core only reports it.
        return _fail("key.remote_failed", reason=str(key_input.value))
    if kind == "jwks":
        jwks, failure = _json_object(key_input.value, "JWK Set")
        if failure:
            return KeyLoad(failure=failure)
        assert jwks is not None
        return load_key_set(jwks)
    return _fail("key.unsupported_type", type=kind)


def _json_object(value: Any, what: str) -> tuple[dict[str, Any] | None, Check | None]:
    if isinstance(value, dict):
        if has_lone_surrogate(value):
            return None, key_check(
                Status.FAIL,
                "key.bad_json",
                what=what,
                fault="a string holds a lone UTF-16 surrogate, which is not valid Unicode",
            )
        return value, None
    if not isinstance(value, str):
        return None, key_check(Status.FAIL, "key.bad_json", what=what, fault="expected a JSON object or its text")
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError) as exc:
        return None, key_check(Status.FAIL, "key.bad_json", what=what, fault=str(exc).split(":")[0])
    if not isinstance(parsed, dict):
        return None, key_check(Status.FAIL, "key.bad_json", what=what, fault="it is not a JSON object")
    if has_lone_surrogate(parsed):
        return None, key_check(
            Status.FAIL,
            "key.bad_json",
            what=what,
            fault="a string escapes a lone UTF-16 surrogate, which is not valid Unicode",
        )
    return parsed, None


def decode_secret(value: str, encoding: str) -> bytes:
    """Secret text -> bytes. Raises ValueError with a reason for a person."""
    if encoding == "utf8":
        return value.encode("utf-8", errors="strict")
    compact = "".join(value.split())
    if encoding == "base64url":
        try:
            return b64url_decode(compact.rstrip("="))
        except SegmentError as exc:
            raise ValueError(str(exc)) from None
    if encoding == "base64":
        try:
            return base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("it contains characters outside the base64 alphabet") from None
    raise ValueError(f"unknown encoding '{encoding}' (use utf8, base64 or base64url)")


def _looks_like_public_key(text: str) -> str | None:
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        return "PEM text"
    if stripped.startswith(("ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-")):
        return "an SSH public key"
    if stripped.startswith("{") and '"kty"' in stripped:
        try:
            parsed = json.loads(stripped)
        except ValueError:
            return None
        if isinstance(parsed, dict) and parsed.get("kty") in ("RSA", "EC", "OKP"):
            return "a JWK public key"
    return None


def _load_secret(value: Any, encoding: str) -> KeyLoad:
    if not isinstance(value, str):
        return _fail("key.bad_secret_encoding", encoding=encoding, fault="a secret is text")
    what = _looks_like_public_key(value)
    if what:
        return _fail("key.secret_is_public_key", what=what)
    try:
        secret = decode_secret(value, encoding)
    except (ValueError, UnicodeEncodeError) as exc:
        return _fail("key.bad_secret_encoding", encoding=encoding, fault=exc)
    if not secret:
        return _fail("key.empty_secret")
    # Positional (kind, key, description, source): keyword arguments to a class cost a dict on
    # each call, and secrets are read on every inspection (they are never kept).
    return KeyLoad(VerificationKey("hmac", secret, f"an HMAC secret of {len(secret)} bytes ({encoding})", "secret"))


def _public_from_object(obj: Any) -> tuple[str, Any, bool] | None:
    """(kind, public key, was_private) for a cryptography key object, None if unsupported."""
    if isinstance(obj, rsa.RSAPrivateKey):
        return "rsa", obj.public_key(), True
    if isinstance(obj, rsa.RSAPublicKey):
        return "rsa", obj, False
    if isinstance(obj, ec.EllipticCurvePrivateKey):
        return "ec", obj.public_key(), True
    if isinstance(obj, ec.EllipticCurvePublicKey):
        return "ec", obj, False
    if isinstance(obj, (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)):
        return "okp", obj.public_key(), True
    if isinstance(obj, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        return "okp", obj, False
    return None


def describe_public_key(kind: str, public: Any) -> str:
    if kind == "rsa":
        return f"an RSA {public.key_size}-bit public key"
    if kind == "ec":
        return f"an EC {CURVE_NAMES.get(public.curve.name, public.curve.name)} public key"
    if isinstance(public, ed448.Ed448PublicKey):
        return "an Ed448 public key"
    return "an Ed25519 public key"


def public_jwk(kind: str, public: Any) -> dict[str, Any]:
    if kind == "rsa":
        return RSAAlgorithm.to_jwk(public, as_dict=True)
    if kind == "ec":
        return ECAlgorithm.to_jwk(public, as_dict=True)
    return OKPAlgorithm.to_jwk(public, as_dict=True)


def thumbprint(jwk: dict[str, Any]) -> str | None:
    """RFC 7638 JWK thumbprint (SHA-256, base64url), or None for an incomplete JWK."""
    members = THUMBPRINT_MEMBERS.get(str(jwk.get("kty")))
    if not members or any(not isinstance(jwk.get(m), str) for m in members):
        return None
    canonical = json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


_PEM_CACHE: OrderedDict[str, KeyLoad] = OrderedDict()
_PEM_CACHE_SIZE = 128
_PEM_CACHE_LOCK = threading.Lock()


def _load_pem_cached(value: Any) -> KeyLoad:
    """Parsing a PEM key costs more than verifying with it, and the page re-sends the same key
    on every keystroke, so parsed *public* keys are kept (never secrets or private keys)."""
    if not isinstance(value, str):
        return _load_pem(value)
    with _PEM_CACHE_LOCK:
        hit = _PEM_CACHE.get(value)
        if hit is not None:
            _PEM_CACHE.move_to_end(value)
            return hit
    loaded = _load_pem(value)
    if loaded.key is not None and not loaded.key.private:
        with _PEM_CACHE_LOCK:
            _PEM_CACHE[value] = loaded
            while len(_PEM_CACHE) > _PEM_CACHE_SIZE:
                _PEM_CACHE.popitem(last=False)
    return loaded


def _load_pem(value: Any) -> KeyLoad:
    if not isinstance(value, str) or not value.strip():
        return _fail("key.bad_pem", fault="it is empty")
    data = value.strip().encode("utf-8", errors="replace")
    obj: Any = None
    origin = "PEM"
    try:
        if data.startswith((b"ssh-rsa", b"ssh-ed25519", b"ecdsa-sha2-")):
            obj = serialization.load_ssh_public_key(data)
            origin = "SSH public key"
        elif b"-----BEGIN CERTIFICATE-----" in data:
            cert = x509.load_pem_x509_certificate(data)
            obj = cert.public_key()
            origin = "X.509 certificate"
        elif b"PRIVATE KEY-----" in data:
            if b"ENCRYPTED" in data:
                return _fail("key.encrypted_pem")
            obj = serialization.load_pem_private_key(data, password=None)
        else:
            obj = serialization.load_pem_public_key(data)
    except TypeError:
        return _fail("key.encrypted_pem")
    except (ValueError, UnicodeError) as exc:
        reason = (
            "the text between the BEGIN and END lines is not a valid key"
            if b"-----BEGIN" in data
            else "it has no -----BEGIN ...----- line"
        )
        del exc
        return _fail("key.bad_pem", fault=reason)
    except Exception:  # cryptography raises several types for odd inputs
        return _fail("key.bad_pem", fault="the key could not be parsed")
    parsed = _public_from_object(obj)
    if parsed is None:
        return _fail("key.bad_pem", fault=f"keys of type {type(obj).__name__} cannot verify JWTs")
    kind, public, was_private = parsed
    description = describe_public_key(kind, public) + (f" from an {origin}" if origin != "PEM" else "")
    return KeyLoad(key=_finish_key(kind, public, description, "pem", private=was_private))


def _finish_key(
    kind: str,
    public: Any,
    description: str,
    source: str,
    *,
    private: bool,
    alg: str | None = None,
    kid: str | None = None,
    members: tuple[str, ...] = (),
) -> VerificationKey:
    jwk = public_jwk(kind, public)
    return VerificationKey(
        kind=kind,
        key=public,
        description=description,
        source=source,
        alg=alg,
        kid=kid,
        private=private,
        thumbprint=thumbprint(jwk),
        problems=tuple(weak_key_problems(kind, public)),
        jwk_members=members,
    )


def _load_jwk(jwk: dict[str, Any], *, source: str) -> KeyLoad:
    kty = jwk.get("kty")
    use = jwk.get("use")
    if use is not None and use != "sig":
        return _fail("key.jwk_use", member="use", actual=explain.short_json(use))
    key_ops = jwk.get("key_ops")
    if key_ops is not None and (not isinstance(key_ops, list) or "verify" not in key_ops):
        return _fail("key.jwk_use", member="key_ops", actual=explain.short_json(key_ops))
    alg = jwk.get("alg")
    if alg is not None and not isinstance(alg, str):
        return _fail("key.bad_jwk", fault="'alg' must be a string")
    kid = jwk.get("kid") if isinstance(jwk.get("kid"), str) else None
    private = any(member in jwk for member in PRIVATE_MEMBERS)
    members = tuple(sorted(str(k) for k in jwk))
    if kty == "oct":
        k = jwk.get("k")
        if not isinstance(k, str):
            return _fail("key.bad_jwk", fault="an oct JWK needs 'k', the base64url secret")
        try:
            secret = b64url_decode(k)
        except SegmentError as exc:
            return _fail("key.bad_jwk", fault=f"'k' is not valid base64url: {exc}")
        if not secret:
            return _fail("key.empty_secret")
        return KeyLoad(
            key=VerificationKey(
                kind="hmac",
                key=secret,
                description=f"an HMAC secret of {len(secret)} bytes from an oct JWK",
                source=source,
                alg=alg,
                kid=kid,
                jwk_members=members,
            )
        )
    loaders = {"RSA": RSAAlgorithm.from_jwk, "EC": ECAlgorithm.from_jwk, "OKP": OKPAlgorithm.from_jwk}
    loader = loaders.get(kty) if isinstance(kty, str) else None
    if loader is None:
        return _fail(
            "key.bad_jwk", fault=f"unsupported key type (kty) {explain.short_json(kty)}; use RSA, EC, OKP or oct"
        )
    if kty == "EC" and not (isinstance(jwk.get("crv"), str) and jwk["crv"] in JWK_CURVES):
        return _fail(
            "key.bad_jwk", fault=f"unsupported curve {explain.short_json(jwk.get('crv'))}; use P-256, P-384 or P-521"
        )
    try:
        obj = loader(dict(jwk))
    except Exception as exc:  # PyJWT and cryptography raise many types on bad members
        fault = str(exc) or type(exc).__name__
        return _fail("key.bad_jwk", fault=fault[:200])
    parsed = _public_from_object(obj)
    if parsed is None:
        return _fail("key.bad_jwk", fault="this key type cannot verify JWTs")
    kind, public, _ = parsed
    description = describe_public_key(kind, public) + " from a JWK" + (f" (kid '{kid}')" if kid else "")
    return KeyLoad(
        key=_finish_key(kind, public, description, source, private=private, alg=alg, kid=kid, members=members)
    )


def load_key_set(jwks: dict[str, Any]) -> KeyLoad:
    keys = jwks.get("keys")
    if not isinstance(keys, list):
        return _fail("key.bad_jwks", fault="this one has no 'keys' list")
    if not keys:
        return _fail("key.jwks_empty")
    if len(keys) > MAX_JWKS_KEYS:
        return _fail("key.jwks_too_many", count=len(keys), limit=MAX_JWKS_KEYS)
    if not all(isinstance(k, dict) for k in keys):
        return _fail("key.bad_jwks", fault="every entry of 'keys' must be a JSON object")
    ktys = {k.get("kty") if isinstance(k.get("kty"), str) else None for k in keys}
    if "oct" in ktys and ktys - {"oct"}:
        return _fail("key.jwks_mixed")
    return KeyLoad(key_set=KeySet(keys=tuple(keys)))


# ---- choosing and judging ------------------------------------------------------------


def select_from_set(key_set: KeySet, header: dict[str, Any], alg: str) -> KeyLoad:
    """Pick the key for this token from a set: by kid, never by trial."""
    kid = header.get("kid")
    family = ALGORITHMS[alg][0]
    if isinstance(kid, str):
        matches = [k for k in key_set.keys if k.get("kid") == kid]
        if not matches:
            known = [k.get("kid") for k in key_set.keys if isinstance(k.get("kid"), str)]
            check = key_check(Status.FAIL, "key.jwks_kid_unknown", kid=kid)
            return KeyLoad(failure=replace(check, expected={"kid": kid}, actual={"unknown_kid": kid, "kids": known}))
        if len(matches) > 1:
            return _fail("key.jwks_kid_duplicate", count=len(matches), kid=kid)
        chosen = matches[0]
    else:
        kty_for = {"hmac": "oct", "rsa": "RSA", "ec": "EC", "okp": "OKP"}[family]
        candidates = [k for k in key_set.keys if k.get("kty") == kty_for and k.get("use", "sig") == "sig"]
        if len(candidates) > 1 or (not candidates and len(key_set.keys) > 1):
            return _fail("key.jwks_no_kid", count=len(candidates) or len(key_set.keys))
        chosen = candidates[0] if candidates else key_set.keys[0]
    loaded = _load_jwk(chosen, source=key_set.source)
    if loaded.key is not None:
        label = f" (kid '{loaded.key.kid}')" if loaded.key.kid else ""
        description = (
            loaded.key.description.replace(" from a JWK", " from the JWK Set").replace(f" (kid '{loaded.key.kid}')", "")
            + label
        )
        loaded = KeyLoad(key=_replace_description(loaded.key, description))
    return loaded


def _replace_description(key: VerificationKey, description: str) -> VerificationKey:
    return replace(key, description=description)


def match_key_to_alg(key: VerificationKey, alg: str) -> Check | None:
    """A failed `key` check when this key cannot be used with `alg`, else None."""
    family, detail = ALGORITHMS[alg]
    if key.alg is not None and key.alg != alg:
        return key_check(Status.FAIL, "key.jwk_alg", key_alg=key.alg, alg=alg)
    if key.kind != family:
        return key_check(Status.FAIL, "key.family", alg=alg, needed=KIND_WORDS[family], actual=KIND_WORDS[key.kind])
    if family == "ec" and key.curve != detail:
        return key_check(
            Status.FAIL,
            "key.curve",
            alg=alg,
            needed=CURVE_NAMES.get(detail, detail),
            actual=CURVE_NAMES.get(key.curve or "", key.curve),
        )
    if family == "okp" and not isinstance(key.key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        return key_check(Status.FAIL, "key.family", alg=alg, needed="an Ed25519 key", actual="another key")
    return None


def short_secret_problem(key: VerificationKey, alg: str) -> Check | None:
    family, need = ALGORITHMS[alg]
    if family == "hmac" and len(key.key) < need:
        return key_check(Status.FAIL, "key.short_secret", size=len(key.key), alg=alg, need=need)
    return None


# ROCA (CVE-2017-15361): moduli from the vulnerable Infineon generator are, modulo each of
# these small primes, in the subgroup generated by 65537. Random moduli almost never are.
_ROCA_PRIMES = (
    3,
    5,
    7,
    11,
    13,
    17,
    19,
    23,
    29,
    31,
    37,
    41,
    43,
    47,
    53,
    59,
    61,
    67,
    71,
    73,
    79,
    83,
    89,
    97,
    101,
    103,
    107,
    109,
    113,
    127,
    131,
    137,
    139,
    149,
    151,
    157,
    163,
    167,
)


def _roca_subgroups() -> dict[int, frozenset[int]]:
    groups = {}
    for prime in _ROCA_PRIMES:
        members = set()
        value = 1
        while value not in members:
            members.add(value)
            value = (value * 65537) % prime
        groups[prime] = frozenset(members)
    return groups


_ROCA_GROUPS = _roca_subgroups()


def is_roca_modulus(n: int) -> bool:
    return all(n % prime in group for prime, group in _ROCA_GROUPS.items())


def weak_key_problems(kind: str, public: Any) -> list[Check]:
    if kind != "rsa":
        return []
    numbers = public.public_numbers()
    problems = []
    if public.key_size < 2048:
        problems.append(key_check(Status.FAIL, "key.weak_rsa_size", bits=public.key_size))
    if numbers.e == 1 or numbers.e % 2 == 0:
        problems.append(key_check(Status.FAIL, "key.weak_rsa_exponent", e=numbers.e))
    if is_roca_modulus(numbers.n):
        problems.append(key_check(Status.FAIL, "key.weak_rsa_roca"))
    return problems


# ---- the key-set view ----------------------------------------------------------------


def describe_key_set(
    keys: tuple[dict[str, Any], ...] | list[dict[str, Any]], matched: VerificationKey | None
) -> list[dict[str, Any]]:
    """Every key of a set as a person needs to see it: kid, type, size or curve, use, alg,
    RFC 7638 thumbprint, whether it was the one used, and plain-English problems."""
    described = []
    for jwk in keys:
        if not isinstance(jwk, dict):
            continue
        kty = jwk.get("kty")
        problems = []
        if any(m in jwk for m in PRIVATE_MEMBERS):
            problems.append(explain.message("key_set.private"))
        if jwk.get("use") == "enc" or (isinstance(jwk.get("key_ops"), list) and "verify" not in jwk["key_ops"]):
            problems.append(explain.message("key_set.encryption"))
        print_ = thumbprint(jwk)
        described.append(
            {
                "kid": jwk.get("kid") if isinstance(jwk.get("kid"), str) else None,
                "kty": kty if isinstance(kty, str) else None,
                "size": _key_size(jwk),
                "use": jwk.get("use") if isinstance(jwk.get("use"), str) else None,
                "alg": jwk.get("alg") if isinstance(jwk.get("alg"), str) else None,
                "thumbprint": print_,
                "matched": matched is not None
                and print_ is not None
                and (print_ == matched.thumbprint or (matched.kind == "hmac" and jwk.get("kid") == matched.kid)),
                "problems": problems,
            }
        )
    return described


def _key_size(jwk: dict[str, Any]) -> str | None:
    kty = jwk.get("kty")
    if kty in ("EC", "OKP"):
        return jwk.get("crv") if isinstance(jwk.get("crv"), str) else None
    member = {"RSA": "n", "oct": "k"}.get(kty) if isinstance(kty, str) else None
    value = jwk.get(member) if member else None
    if not isinstance(value, str):
        return None
    try:
        data = b64url_decode(value)
    except SegmentError:
        return None
    bits = len(data) * 8 if kty == "oct" else int.from_bytes(data, "big").bit_length()
    return f"{bits} bits"
