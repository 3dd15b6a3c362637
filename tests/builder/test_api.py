"""POST /api/v1/sign: every algorithm and key type round-trips through the engine, every bad
request gets a 400 with the API's error shape, and no answer repeats a secret or private key."""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, rsa

from jwtdebugger.core import KeyInput, inspect
from jwtdebugger.core.tokens import b64url_decode, b64url_encode
from tests.keys import NOW, ec_key, ed_key, private_pem, public_jwk, public_pem, rsa_key

PAYLOAD = {"sub": "user-1", "iat": NOW - 60, "exp": NOW + 3600}
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
EC_FOR = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}


def sign(client, body: Any) -> tuple[int, dict[str, Any], str]:
    text = body if isinstance(body, str) else json.dumps(body)
    response = client.post("/api/v1/sign", text, content_type="application/json")
    assert response["Cache-Control"] == "no-store"
    return response.status_code, response.json(), response.content.decode()


def verdict(token: str, key: KeyInput) -> str:
    report = inspect(token, key=key, at=NOW)
    assert report.verdict == "valid", [(c.id, c.message) for c in report.failing]
    return str(report.verdict)


def segments(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload)), signature


def private_for(alg: str) -> Any:
    if alg.startswith(("RS", "PS")):
        return rsa_key(2048)
    if alg == "EdDSA":
        return ed_key()
    return ec_key(EC_FOR[alg])


# ---- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ASYMMETRIC)
def test_generated_key_round_trips_with_pem_and_jwk_set(client, alg):
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "generate"}})
    assert status == 200
    assert sorted(answer) == ["private_jwk", "private_pem", "public_jwk", "public_pem", "token"]
    header, payload, _ = segments(answer["token"])
    assert header == {"alg": alg, "typ": "JWT"}
    assert payload == PAYLOAD
    assert verdict(answer["token"], KeyInput(type="pem", value=answer["public_pem"])) == "valid"
    assert verdict(answer["token"], KeyInput(type="jwks", value={"keys": [answer["public_jwk"]]})) == "valid"
    assert answer["public_jwk"]["alg"] == alg and answer["public_jwk"]["use"] == "sig"
    assert answer["private_jwk"]["kid"] == answer["public_jwk"]["kid"]
    assert "d" in answer["private_jwk"] and "d" not in answer["public_jwk"]
    assert answer["private_pem"].startswith("-----BEGIN PRIVATE KEY-----")


@pytest.mark.parametrize(("size", "alg"), [(3072, "PS384"), (4096, "RS512")])
def test_generated_rsa_sizes(client, size, alg):
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "generate", "size": size}})
    assert status == 200
    public = serialization.load_pem_public_key(answer["public_pem"].encode())
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == size
    assert verdict(answer["token"], KeyInput(type="jwk", value=answer["public_jwk"])) == "valid"


@pytest.mark.parametrize(
    ("curve", "alg"), [("P-256", "ES256"), ("P-384", "ES384"), ("P-521", "ES512"), ("Ed25519", "EdDSA")]
)
def test_generated_curves(client, curve, alg):
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "generate", "curve": curve}})
    assert status == 200
    assert answer["public_jwk"]["crv"] == curve
    assert verdict(answer["token"], KeyInput(type="pem", value=answer["public_pem"])) == "valid"


@pytest.mark.parametrize("alg", ASYMMETRIC)
def test_pasted_pem_private_key_round_trips_and_is_never_echoed(client, alg):
    private = private_for(alg)
    pem = private_pem(private)
    status, answer, body = sign(client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "pem", "value": pem}})
    assert status == 200
    assert sorted(answer) == ["public_jwk", "public_pem", "token"]
    assert answer["public_pem"] == public_pem(private)
    assert verdict(answer["token"], KeyInput(type="pem", value=answer["public_pem"])) == "valid"
    for line in pem.splitlines()[1:-1]:
        if len(line) < 16:  # a short last line can occur by chance in other base64 text
            continue
        assert line not in body
        assert line.replace("/", "\\/") not in body


@pytest.mark.parametrize("alg", ASYMMETRIC)
def test_pasted_jwk_private_key_round_trips_and_is_never_echoed(client, alg):
    private = private_for(alg)
    loaders = {"RS": "RSAAlgorithm", "PS": "RSAAlgorithm", "ES": "ECAlgorithm", "Ed": "OKPAlgorithm"}
    from jwt import algorithms

    jwk = getattr(algorithms, loaders[alg[:2]]).to_jwk(private, as_dict=True)
    jwk["kid"] = "my-key-1"
    # Half the cases send the JWK as an object, half as its text, as the API allows both.
    value: Any = jwk if alg.endswith(("256", "DSA")) else json.dumps(jwk)
    status, answer, body = sign(client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "jwk", "value": value}})
    assert status == 200
    assert answer["public_jwk"]["kid"] == "my-key-1"
    assert verdict(answer["token"], KeyInput(type="jwks", value={"keys": [answer["public_jwk"]]})) == "valid"
    private_members = [jwk[m] for m in ("d", "p", "q", "dp", "dq", "qi") if m in jwk]
    assert private_members and not any(member in body for member in private_members)


@pytest.mark.parametrize(
    ("private", "fmt", "alg"),
    [
        (lambda: rsa_key(2048), serialization.PrivateFormat.TraditionalOpenSSL, "RS256"),
        (lambda: ec_key("P-384"), serialization.PrivateFormat.TraditionalOpenSSL, "ES384"),
        (lambda: ed_key(), serialization.PrivateFormat.OpenSSH, "EdDSA"),
    ],
    ids=["rsa-pkcs1", "ec-sec1", "ed25519-openssh"],
)
def test_other_private_pem_formats(client, private, fmt, alg):
    key = private()
    pem = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode()
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "pem", "value": pem}})
    assert status == 200
    assert verdict(answer["token"], KeyInput(type="pem", value=answer["public_pem"])) == "valid"


def test_ed448_private_key_signs_eddsa(client):
    key = ed448.Ed448PrivateKey.generate()
    status, answer, _ = sign(
        client, {"payload": PAYLOAD, "alg": "EdDSA", "key": {"type": "pem", "value": private_pem(key)}}
    )
    assert status == 200
    assert answer["public_jwk"]["crv"] == "Ed448"
    assert verdict(answer["token"], KeyInput(type="pem", value=answer["public_pem"])) == "valid"


@pytest.mark.parametrize(("alg", "size"), [("HS256", 32), ("HS384", 48), ("HS512", 64)])
@pytest.mark.parametrize("encoding", ["utf8", "base64", "base64url"])
def test_secret_in_each_encoding_round_trips_and_is_never_echoed(client, alg, size, encoding):
    raw = secrets.token_bytes(size)
    value = {
        "utf8": secrets.token_hex(size // 2 + 1) * 2,  # text of more than `size` bytes
        "base64": base64.b64encode(raw).decode(),
        "base64url": b64url_encode(raw),
    }[encoding]
    status, answer, body = sign(
        client, {"payload": PAYLOAD, "alg": alg, "key": {"type": "secret", "value": value, "encoding": encoding}}
    )
    assert status == 200
    assert answer["public_jwk"] is None and answer["public_pem"] is None
    assert sorted(answer) == ["public_jwk", "public_pem", "token"]
    assert value not in body
    assert verdict(answer["token"], KeyInput(type="secret", value=value, encoding=encoding)) == "valid"


def test_oct_jwk_signs_hmac(client):
    k = b64url_encode(secrets.token_bytes(32))
    status, answer, body = sign(
        client, {"payload": PAYLOAD, "alg": "HS256", "key": {"type": "jwk", "value": {"kty": "oct", "k": k}}}
    )
    assert status == 200
    assert k not in body
    assert verdict(answer["token"], KeyInput(type="secret", value=k, encoding="base64url")) == "valid"


def test_unsecured_token_only_when_asked(client):
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": "none", "unsecured": True})
    assert status == 200
    header, payload, signature = segments(answer["token"])
    assert header == {"alg": "none", "typ": "JWT"} and payload == PAYLOAD and signature == ""
    assert answer == {"token": answer["token"], "public_jwk": None, "public_pem": None}
    # Unsecured tokens are never valid in the debugger, which is the point of making one.
    assert inspect(answer["token"], at=NOW).verdict == "invalid"
    status, answer, _ = sign(client, {"payload": PAYLOAD, "unsecured": True})
    assert status == 200 and segments(answer["token"])[0]["alg"] == "none"


def test_header_is_signed_as_given_with_alg_first_and_kid_reaches_the_jwk(client):
    header = {"typ": "at+jwt", "kid": "key-2024", "x-note": "ünïcode"}
    status, answer, _ = sign(
        client, {"header": header, "payload": {"b": 1, "a": [1, 2]}, "alg": "ES256", "key": {"type": "generate"}}
    )
    assert status == 200
    encoded_header, encoded_payload, _ = answer["token"].split(".")
    assert (
        b64url_decode(encoded_header) == '{"alg":"ES256","typ":"at+jwt","kid":"key-2024","x-note":"ünïcode"}'.encode()
    )
    assert b64url_decode(encoded_payload) == b'{"b":1,"a":[1,2]}'
    assert answer["public_jwk"]["kid"] == "key-2024"


def test_header_may_repeat_the_same_alg(client):
    status, answer, _ = sign(
        client, {"header": {"alg": "ES256"}, "payload": {}, "alg": "ES256", "key": {"type": "generate"}}
    )
    assert status == 200
    assert segments(answer["token"])[0] == {"alg": "ES256"}


def test_alg_can_come_from_the_header(client):
    status, answer, _ = sign(
        client, {"header": {"alg": "EdDSA", "typ": "JWT"}, "payload": PAYLOAD, "key": {"type": "generate"}}
    )
    assert status == 200
    assert segments(answer["token"])[0] == {"alg": "EdDSA", "typ": "JWT"}


# ---- refusals ------------------------------------------------------------------------------

SECRET = "s" * 64


def _public_pem() -> str:
    return public_pem(rsa_key(2048))


def _encrypted_pem() -> str:
    return (
        rsa_key(2048)
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"pw")
        )
        .decode()
    )


def _weak_rsa_pem() -> str:
    return private_pem(rsa.generate_private_key(public_exponent=65537, key_size=1024))


BAD_REQUESTS = [
    ("body-array", [], "invalid_body", "The body must be a JSON object."),
    ("unknown-field", {"payload": {}, "alg": "ES256", "claims": {}}, "invalid_field", "Unknown field 'claims'."),
    ("payload-missing", {"alg": "ES256", "key": {"type": "generate"}}, "missing_payload", "The body needs a 'payload'"),
    (
        "payload-array",
        {"payload": [1], "alg": "ES256", "key": {"type": "generate"}},
        "invalid_payload",
        "'payload' must be a JSON object (the claims), not an array.",
    ),
    (
        "payload-string",
        {"payload": "sub=1", "alg": "ES256", "key": {"type": "generate"}},
        "invalid_payload",
        "not a string",
    ),
    (
        "header-string",
        {"header": "x", "payload": {}, "alg": "ES256", "key": {"type": "generate"}},
        "invalid_header",
        "'header' must be a JSON object, not a string.",
    ),
    (
        "unknown-alg",
        {"payload": {}, "alg": "HS257", "key": {"type": "secret", "value": SECRET}},
        "unknown_alg",
        'Unknown algorithm "HS257".',
    ),
    (
        "alg-not-string",
        {"payload": {}, "alg": 256, "key": {"type": "secret", "value": SECRET}},
        "unknown_alg",
        "Unknown algorithm 256.",
    ),
    ("missing-alg", {"payload": {}, "key": {"type": "secret", "value": SECRET}}, "missing_alg", "Say which algorithm"),
    ("none-without-unsecured", {"payload": {}, "alg": "none"}, "unsecured_not_requested", '"unsecured": true'),
    (
        "header-none-without-unsecured",
        {"header": {"alg": "none"}, "payload": {}},
        "unsecured_not_requested",
        "without a signature",
    ),
    (
        "unsecured-with-rs256",
        {"payload": {}, "alg": "RS256", "unsecured": True},
        "unsecured_alg",
        "An unsecured token has alg 'none'",
    ),
    (
        "unsecured-with-key",
        {"payload": {}, "alg": "none", "unsecured": True, "key": {"type": "generate"}},
        "key_with_unsecured",
        "leave 'key' out",
    ),
    (
        "unsecured-not-bool",
        {"payload": {}, "alg": "none", "unsecured": "yes"},
        "invalid_field",
        "'unsecured' must be true or false.",
    ),
    (
        "header-sets-other-alg",
        {"header": {"alg": "HS256"}, "payload": {}, "alg": "RS256", "key": {"type": "generate"}},
        "alg_mismatch",
        'The header sets alg "HS256" but the token is to be signed with "RS256"',
    ),
    ("missing-key", {"payload": {}, "alg": "RS256"}, "missing_key", "RS256 needs a key"),
    (
        "key-type",
        {"payload": {}, "alg": "RS256", "key": {"type": "x509"}},
        "invalid_field",
        "'key.type' must be one of: secret, pem, jwk, generate.",
    ),
    (
        "secret-for-rs256",
        {"payload": {}, "alg": "RS256", "key": {"type": "secret", "value": SECRET}},
        "wrong_key_type",
        "RS256 signs with an RSA key's private half, not a shared secret.",
    ),
    (
        "generate-for-hs256",
        {"payload": {}, "alg": "HS256", "key": {"type": "generate"}},
        "wrong_key_type",
        "HS256 signs with a shared secret, not a key pair",
    ),
    (
        "pem-for-hs256",
        {"payload": {}, "alg": "HS256", "key": {"type": "pem", "value": "x"}},
        "wrong_key_type",
        "HS256 signs with a shared secret, not a PEM key.",
    ),
    (
        "short-secret",
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": "your-256-bit-secret"}},
        "short_secret",
        "The secret is 19 bytes; HS256 needs at least 32 bytes (256 bits), the size of its hash",
    ),
    (
        "short-secret-hs512",
        {"payload": {}, "alg": "HS512", "key": {"type": "secret", "value": "s" * 63}},
        "short_secret",
        "HS512 needs at least 64 bytes (512 bits)",
    ),
    (
        "empty-secret",
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": ""}},
        "bad_secret",
        "The secret is empty.",
    ),
    (
        "bad-base64-secret",
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": "!!!!", "encoding": "base64"}},
        "bad_secret",
        "The secret is not valid base64",
    ),
    (
        "bad-encoding",
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": SECRET, "encoding": "hex"}},
        "invalid_field",
        "'key.encoding' must be one of: utf8, base64, base64url.",
    ),
    (
        "secret-not-string",
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": None}},
        "invalid_field",
        "'key.value' must be a string",
    ),
    (
        "garbage-pem",
        {
            "payload": {},
            "alg": "RS256",
            "key": {"type": "pem", "value": "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----"},
        },
        "bad_pem",
        "The PEM text could not be read: the text between the BEGIN and END lines is not a valid private key.",
    ),
    (
        "not-pem",
        {"payload": {}, "alg": "RS256", "key": {"type": "pem", "value": "hello"}},
        "bad_pem",
        "it has no -----BEGIN PRIVATE KEY----- line",
    ),
    (
        "garbage-jwk",
        {"payload": {}, "alg": "ES256", "key": {"type": "jwk", "value": "{not json"}},
        "bad_jwk",
        "The JWK is not valid JSON.",
    ),
    (
        "jwk-bad-members",
        {
            "payload": {},
            "alg": "ES256",
            "key": {"type": "jwk", "value": {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "d": "AAAA"}},
        },
        "bad_jwk",
        "The members of this EC JWK do not make a valid private key",
    ),
    (
        "jwk-set",
        {"payload": {}, "alg": "ES256", "key": {"type": "jwk", "value": {"keys": []}}},
        "bad_jwk",
        "This is a JWK Set",
    ),
    (
        "jwk-kty",
        {"payload": {}, "alg": "ES256", "key": {"type": "jwk", "value": {"kty": "DSA", "d": "x"}}},
        "bad_jwk",
        'Unsupported key type (kty) "DSA"',
    ),
    (
        "jwk-for-encryption",
        {"payload": {}, "alg": "ES256", "key": {"type": "jwk", "value": {"kty": "EC", "use": "enc"}}},
        "bad_jwk",
        'marked for "enc"',
    ),
    (
        "rsa-size",
        {"payload": {}, "alg": "RS256", "key": {"type": "generate", "size": 1024}},
        "bad_size",
        "RSA keys are generated with 2048, 3072 or 4096 bits, not 1024.",
    ),
    (
        "size-for-ec",
        {"payload": {}, "alg": "ES256", "key": {"type": "generate", "size": 2048}},
        "bad_size",
        "'size' is for RSA keys; ES256 uses the curve P-256.",
    ),
    (
        "size-not-int",
        {"payload": {}, "alg": "RS256", "key": {"type": "generate", "size": "2048"}},
        "invalid_field",
        "'key.size' must be a number of bits",
    ),
    (
        "curve-for-rsa",
        {"payload": {}, "alg": "RS256", "key": {"type": "generate", "curve": "P-256"}},
        "bad_curve",
        "'curve' is for EC and Ed25519 keys",
    ),
    (
        "curve-mismatch",
        {"payload": {}, "alg": "ES256", "key": {"type": "generate", "curve": "P-384"}},
        "curve_mismatch",
        "ES256 signs with the curve P-256, not P-384. P-384 keys go with ES384.",
    ),
    (
        "ed25519-for-es256",
        {"payload": {}, "alg": "ES256", "key": {"type": "generate", "curve": "Ed25519"}},
        "curve_mismatch",
        "Ed25519 keys go with EdDSA.",
    ),
    (
        "size-for-secret",
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": SECRET, "size": 2048}},
        "invalid_field",
        "apply to generated keys only",
    ),
    (
        "value-for-generate",
        {"payload": {}, "alg": "ES256", "key": {"type": "generate", "value": "x"}},
        "invalid_field",
        "'key.value' is not used with type 'generate'",
    ),
    (
        "payload-nan",
        '{"payload": {"exp": NaN}, "alg": "ES256", "key": {"type": "generate"}}',
        "invalid_payload",
        "The payload cannot go into a token: it holds NaN or an infinite number",
    ),
    (
        "payload-huge-number",
        '{"payload": {"exp": ' + "9" * 60 + '}, "alg": "ES256", "key": {"type": "generate"}}',
        "invalid_payload",
        "longer than 48 digits",
    ),
    (
        "header-deep",
        {"header": {"a": json.loads("[" * 40 + "]" * 40)}, "payload": {}, "alg": "ES256", "key": {"type": "generate"}},
        "invalid_header",
        "nested more than 32 levels",
    ),
    (
        "payload-surrogate",
        '{"payload": {"n": "\\ud800"}, "alg": "ES256", "key": {"type": "generate"}}',
        "invalid_payload",
        "lone UTF-16 surrogate",
    ),
    (
        "token-too-large",
        {"payload": {"blob": "x" * 60_000}, "alg": "ES256", "key": {"type": "generate"}},
        "too_large",
        "read at most 64 KiB",
    ),
    ("not-json", "{", "invalid_json", "The body is not valid JSON (UTF-8)."),
]


@pytest.mark.parametrize(
    ("body", "code", "message"), [case[1:] for case in BAD_REQUESTS], ids=[case[0] for case in BAD_REQUESTS]
)
def test_bad_requests_get_400_with_the_error_shape(client, body, code, message):
    status, answer, _ = sign(client, body)
    assert status == 400
    assert list(answer) == ["error"] and sorted(answer["error"]) == ["code", "message"]
    assert answer["error"]["code"] == code
    assert message in answer["error"]["message"]


@pytest.mark.parametrize(
    ("alg", "key", "code", "message"),
    [
        (
            "RS256",
            lambda: {"type": "pem", "value": _public_pem()},
            "public_key",
            "This is a public key (or a certificate). Public keys only verify; signing needs the private half",
        ),
        (
            "ES256",
            lambda: {"type": "jwk", "value": public_jwk(ec_key("P-256"))},
            "public_key",
            "This EC JWK is a public key (it has no 'd').",
        ),
        ("EdDSA", lambda: {"type": "pem", "value": public_pem(ed_key())}, "public_key", "Public keys only verify"),
        (
            "ES256",
            lambda: {"type": "pem", "value": private_pem(ec_key("P-384"))},
            "curve_mismatch",
            "ES256 signs with the curve P-256, but this key is on P-384. P-384 keys go with ES384.",
        ),
        (
            "ES256",
            lambda: {"type": "pem", "value": private_pem(rsa_key(2048))},
            "wrong_key_type",
            "ES256 signs with an EC key, but this is an RSA key: it signs RS256/384/512 or PS256/384/512.",
        ),
        (
            "RS256",
            lambda: {"type": "pem", "value": private_pem(ed_key())},
            "wrong_key_type",
            "RS256 signs with an RSA key, but this is an Ed25519 key",
        ),
        (
            "ES256",
            lambda: {"type": "pem", "value": private_pem(ec.generate_private_key(ec.SECP256K1()))},
            "curve_mismatch",
            "this key is on secp256k1",
        ),
        (
            "RS256",
            lambda: {"type": "pem", "value": _encrypted_pem()},
            "encrypted_key",
            "This private key is encrypted with a password.",
        ),
        (
            "RS256",
            lambda: {"type": "pem", "value": _weak_rsa_pem()},
            "weak_key",
            "The RSA key is 1024 bits; at least 2048 are required",
        ),
        (
            "ES256",
            lambda: {"type": "jwk", "value": {**public_jwk(ec_key("P-256")), "d": "AA", "alg": "ES384"}},
            "alg_mismatch",
            'This JWK says it is for alg "ES384", but you chose ES256.',
        ),
        (
            "HS256",
            lambda: {"type": "secret", "value": _public_pem()},
            "secret_is_public_key",
            "key-confusion attack (CVE-2016-10555)",
        ),
    ],
    ids=[
        "public-pem",
        "public-jwk",
        "public-ed25519",
        "ec-curve",
        "rsa-for-es256",
        "ed-for-rs256",
        "secp256k1",
        "encrypted",
        "rsa-1024",
        "jwk-alg",
        "pem-as-secret",
    ],
)
def test_keys_that_cannot_sign_get_400(client, alg, key, code, message):
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": alg, "key": key()})
    assert status == 400
    assert answer["error"]["code"] == code
    assert message in answer["error"]["message"]


def test_errors_never_echo_the_secret_or_private_key(client):
    short = "short-" + secrets.token_hex(4)
    _, answer, body = sign(client, {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": short}})
    assert answer["error"]["code"] == "short_secret" and short not in body
    pem = private_pem(ec_key("P-384"))
    _, answer, body = sign(client, {"payload": {}, "alg": "ES256", "key": {"type": "pem", "value": pem}})
    assert answer["error"]["code"] == "curve_mismatch"
    assert not any(
        line in body for line in pem.splitlines()[1:-1] if len(line) >= 16
    )  # short last lines can occur by chance
    d = b64url_encode(secrets.token_bytes(32))
    _, answer, body = sign(
        client,
        {
            "payload": {},
            "alg": "ES256",
            "key": {"type": "jwk", "value": {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "d": d}},
        },
    )
    assert answer["error"]["code"] == "bad_jwk" and d not in body


# ---- methods and sizes ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_get_405(client, method):
    response = getattr(client, method)("/api/v1/sign")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json() == {"error": {"code": "method_not_allowed", "message": "Use POST with a JSON body."}}


def test_body_over_256_kib_gets_413(client):
    body = json.dumps({"payload": {"blob": "x" * (256 * 1024)}, "alg": "ES256", "key": {"type": "generate"}})
    response = client.post("/api/v1/sign", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_no_csrf_token_needed(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/api/v1/sign",
        json.dumps({"payload": {}, "alg": "EdDSA", "key": {"type": "generate"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
