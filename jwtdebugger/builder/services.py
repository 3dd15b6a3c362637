"""Builder services: sign a token (and hand out the key that verifies it), apply claim helpers.

Keyword-only, no request objects: the API and the page call the same functions.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from typing import Any

from jwtdebugger.core import KeyInput
from jwtdebugger.core.jwe import DecryptKey
from jwtdebugger.core.tokens import MAX_TOKEN_BYTES

from . import encryption, jsontext, signing
from .forms import EncryptSpec, KeySpec, SignRequest
from .signing import SigningError, SigningKey


@dataclass(frozen=True)
class Encryption:
    """How a signed token was encrypted, and the key that opens it when the builder made it."""

    alg: str
    enc: str
    key_description: str
    kid: str | None = None
    p2c: int | None = None
    generated: bool = False
    private_pem: str | None = None  # a generated key pair: shown once
    private_jwk: dict[str, Any] | None = None
    secret: str | None = None  # a generated symmetric key (base64url): shown once
    password: str | None = None  # a generated password: shown once
    # What "Open in the debugger" decrypts with: the generated key, or the private key, secret or
    # password as the user gave it; None when only a public key was given. Page only.
    debugger_key: DecryptKey | None = None

    def to_api(self) -> dict[str, Any]:
        """Only what the builder made: a pasted key, secret or password is never repeated."""
        answer: dict[str, Any] = {}
        if self.private_pem is not None:
            answer["decrypt_private_pem"] = self.private_pem
            answer["decrypt_private_jwk"] = self.private_jwk
        if self.secret is not None:
            answer["decrypt_secret"] = self.secret
        if self.password is not None:
            answer["decrypt_password"] = self.password
        return answer


@dataclass(frozen=True)
class SignedToken:
    token: str  # the JWE when encrypted, else the JWS
    alg: str
    key_description: str
    kid: str | None = None
    public_pem: str | None = None
    public_jwk: dict[str, Any] | None = None
    private_pem: str | None = None  # generated keys only
    private_jwk: dict[str, Any] | None = None
    # What "Open in the debugger" verifies with: the public PEM, or the secret as given.
    # It can hold a secret, so it is for the page only and never part of an API answer.
    debugger_key: KeyInput | None = None
    signed_token: str | None = None  # the JWS inside, when `token` is its encryption
    encryption: Encryption | None = None

    @property
    def public_jwks(self) -> dict[str, Any] | None:
        return {"keys": [self.public_jwk]} if self.public_jwk else None

    def to_api(self) -> dict[str, Any]:
        """The API answer: the token and public halves; private halves only of a key we made."""
        answer: dict[str, Any] = {"token": self.token, "public_jwk": self.public_jwk, "public_pem": self.public_pem}
        if self.private_pem is not None:
            answer["private_pem"] = self.private_pem
            answer["private_jwk"] = self.private_jwk
        if self.encryption is not None:
            answer = {"token": self.token, "signed_token": self.signed_token, **answer, **self.encryption.to_api()}
        return answer


def token_sign(*, request: SignRequest) -> SignedToken:
    """Sign `request`'s header and payload, then encrypt the token when asked. Raises
    SigningError (the API's 400) when it cannot."""
    signed = _sign(request)
    if request.encrypt is None:
        return signed
    return token_encrypt(signed, spec=request.encrypt)


def token_encrypt(signed: SignedToken, *, spec: EncryptSpec) -> SignedToken:
    """`signed` with its token encrypted for the recipient: a nested JWT (JWS in JWE, cty JWT)."""
    alg, enc = encryption.check_algorithms(spec.alg, spec.enc)
    p2c = encryption.check_p2c(spec.p2c, alg)
    key = encryption.recipient_key(
        key_type=spec.key.type, value=spec.key.value, alg=alg, enc=enc, size=spec.key.size, curve=spec.key.curve
    )
    token = encryption.encrypt(token=signed.token, alg=alg, enc=enc, key=key, p2c=p2c)
    if len(token) > MAX_TOKEN_BYTES:
        raise SigningError(
            "too_large",
            f"The encrypted token would be {len(token) // 1024} KiB; decrypters (this debugger included) read at most "
            f"{MAX_TOKEN_BYTES // 1024} KiB. Make the payload smaller: encryption adds about a third.",
            field="payload",
        )
    debugger_key = (
        DecryptKey(type=key.decrypt_type, value=key.decrypt_value)
        if key.decrypt_type is not None and key.decrypt_value is not None
        else None
    )
    return replace(
        signed,
        token=token,
        signed_token=signed.token,
        encryption=Encryption(
            alg=alg,
            enc=enc,
            key_description=key.description,
            kid=key.kid,
            p2c=p2c,
            generated=key.generated,
            private_pem=key.private_pem,
            private_jwk=key.private_jwk,
            secret=key.secret,
            password=key.password,
            debugger_key=debugger_key,
        ),
    )


def _sign(request: SignRequest) -> SignedToken:
    for name, value in (("header", request.header), ("payload", request.payload)):
        problem = jsontext.value_problem(value)
        if problem:
            raise SigningError(f"invalid_{name}", f"The {name} cannot go into a token: {problem}.", field=name)
    alg = _chosen_alg(request)
    if alg == signing.UNSECURED_ALG:
        if request.key is not None:
            raise SigningError(
                "key_with_unsecured",
                "An unsecured token (alg 'none') has no signature, so it takes no key: leave 'key' out.",
            )
        return _finish(
            token=signing.sign(header=request.header, payload=request.payload, alg=alg, key=None),
            alg=alg,
            description="no key: unsecured, no signature",
        )
    if request.key is None:
        raise SigningError(
            "missing_key",
            f'{alg} needs a key: a secret, a private key (PEM or JWK), or {{"type": "generate"}} for a new key pair.',
        )
    key = _signing_key(request.key, alg)
    token = signing.sign(header=request.header, payload=request.payload, alg=alg, key=key)
    if key.kind == "hmac":
        # The debugger gets the secret exactly as the user gave it (an oct JWK's k is base64url).
        given = request.key
        debugger_key = (
            KeyInput(type="secret", value=given.value, encoding=given.encoding)
            if given.type == "secret"
            else KeyInput(type="secret", value=_oct_k(given.value), encoding="base64url")
        )
        return _finish(token=token, alg=alg, description=key.description, debugger_key=debugger_key)
    header_kid = request.header.get("kid")
    kid = header_kid if isinstance(header_kid, str) else key.kid
    public = signing.public_jwk_for(key, alg=alg, kid=kid)
    public_pem = signing.public_pem(key)
    private_pem = private_jwk = None
    if key.generated:
        private_pem = signing.private_pem(key)
        private_jwk = signing.private_jwk_for(key, alg=alg, kid=public["kid"])
    return _finish(
        token=token,
        alg=alg,
        description=key.description,
        kid=public["kid"],
        public_pem=public_pem,
        public_jwk=public,
        private_pem=private_pem,
        private_jwk=private_jwk,
        debugger_key=KeyInput(type="pem", value=public_pem),
    )


def _chosen_alg(request: SignRequest) -> str:
    header_alg = request.header.get("alg") if "alg" in request.header else None
    alg = request.alg
    if alg is None:
        alg = header_alg if "alg" in request.header else (signing.UNSECURED_ALG if request.unsecured else None)
        if alg is None:
            raise SigningError(
                "missing_alg", 'Say which algorithm to sign with: \'alg\', e.g. "ES256" or "HS256".', field="alg"
            )
    elif "alg" in request.header and header_alg != alg:
        raise SigningError(
            "alg_mismatch",
            f"The header sets alg {json.dumps(header_alg)[:40]} but the token is to be signed with {json.dumps(alg)[:40]}. "
            "Verifiers read the header's alg, so the two must agree: remove 'alg' from the header (it is filled in for you) or make them match.",
            field="header",
        )
    return signing.check_alg(alg, unsecured=request.unsecured)


def _signing_key(spec: KeySpec, alg: str) -> SigningKey:
    if spec.type == "secret":
        return signing.secret_key(value=spec.value, encoding=spec.encoding, alg=alg)
    if spec.type == "pem":
        return signing.pem_key(text=spec.value, alg=alg)
    if spec.type == "jwk":
        return signing.jwk_key(value=spec.value, alg=alg)
    return signing.generated_key(alg=alg, size=spec.size, curve=spec.curve)


def _oct_k(value: Any) -> str:
    jwk = json.loads(value) if isinstance(value, str) else value
    return str(jwk["k"])


def _finish(*, token: str, alg: str, description: str, **halves: Any) -> SignedToken:
    if len(token) > MAX_TOKEN_BYTES:
        raise SigningError(
            "too_large",
            f"The token would be {len(token) // 1024} KiB; verifiers (this debugger included) read at most {MAX_TOKEN_BYTES // 1024} KiB. Make the payload smaller.",
            field="payload",
        )
    return SignedToken(token=token, alg=alg, key_description=description, **halves)


# ---- claim helpers --------------------------------------------------------------------------

HELPERS = {
    "iat_now": "Set iat to now",
    "exp_5m": "exp in 5 min",
    "exp_1h": "exp in 1 h",
    "exp_1d": "exp in 1 day",
    "cognito": "Add Cognito-style claims",
}
_EXP_SECONDS = {"exp_5m": 300, "exp_1h": 3600, "exp_1d": 86400}
# The shape of a Cognito user pool access token, with AWS's documentation placeholders.
COGNITO_ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE"
COGNITO_CLIENT_ID = "1example23456789"


def claims_apply(*, payload: dict[str, Any], action: str, now: float) -> dict[str, Any]:
    """`payload` with the helper `action` applied (a new dict; the order of claims is kept)."""
    seconds = int(now)
    if action == "iat_now":
        return {**payload, "iat": seconds}
    if action in _EXP_SECONDS:
        return {**payload, "exp": seconds + _EXP_SECONDS[action]}
    if action == "cognito":
        subject = str(uuid.uuid4())
        cognito = {
            "sub": subject,
            "iss": COGNITO_ISSUER,
            "client_id": COGNITO_CLIENT_ID,
            "origin_jti": str(uuid.uuid4()),
            "event_id": str(uuid.uuid4()),
            "token_use": "access",
            "scope": "openid email",
            "auth_time": seconds,
            "exp": seconds + 3600,
            "iat": seconds,
            "jti": str(uuid.uuid4()),
            "username": subject,
            "version": 2,
        }
        # Claims the user already wrote win: the helper fills in, it does not overwrite.
        return {**payload, **{name: value for name, value in cognito.items() if name not in payload}}
    raise ValueError(f"unknown helper {action!r}")
