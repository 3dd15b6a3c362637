"""POST /api/v1/sign with "encrypt": every key management algorithm and content encryption the
builder makes round-trips through the debugger's own decryption (jwtdebugger.core.jwe) to a
signed token the engine finds valid; bad combinations get a 400 with the API's error shape; no
answer repeats a pasted key, secret or password."""

from __future__ import annotations

import datetime
import json
import secrets
import warnings
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, x448, x25519
from cryptography.x509.oid import NameOID
from joserfc.jwk import OKPKey

from jwtdebugger.builder import encryption
from jwtdebugger.core import KeyInput, inspect
from jwtdebugger.core.jwe import MAX_PBES2_ITERATIONS, DecryptKey, decrypt
from jwtdebugger.core.tokens import b64url_decode, b64url_encode
from tests.keys import NOW, ec_key, ed_key, private_pem, public_jwk, public_pem, rsa_key

PAYLOAD = {"sub": "user-1", "iat": NOW - 60, "exp": NOW + 3600}
RSA_ALGS = ("RSA-OAEP-256", "RSA-OAEP")
ECDH_ALGS = ("ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW")
KW_ALGS = {"A128KW": 16, "A192KW": 24, "A256KW": 32, "A128GCMKW": 16, "A192GCMKW": 24, "A256GCMKW": 32}
PBES2_ALGS = ("PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW")
ENCS = {"A128GCM": 16, "A192GCM": 24, "A256GCM": 32, "A128CBC-HS256": 32, "A192CBC-HS384": 48, "A256CBC-HS512": 64}
PASSWORD = "correct horse battery staple"


def sign(client, body: Any) -> tuple[int, dict[str, Any], str]:
    text = body if isinstance(body, str) else json.dumps(body)
    response = client.post("/api/v1/sign", text, content_type="application/json")
    assert response["Cache-Control"] == "no-store"
    return response.status_code, response.json(), response.content.decode()


def body(alg: str, key: dict[str, Any], enc: str | None = "A256GCM", **extra: Any) -> dict[str, Any]:
    encrypt: dict[str, Any] = {"alg": alg, "key": key, **extra}
    if enc is not None:
        encrypt["enc"] = enc
    return {"payload": PAYLOAD, "alg": "ES256", "key": {"type": "generate"}, "encrypt": encrypt}


def header_of(token: str) -> dict[str, Any]:
    return json.loads(b64url_decode(token.split(".")[0]))


def opens(answer: dict[str, Any], key: DecryptKey) -> dict[str, Any]:
    """The token decrypts with `key` to the signed token, which verifies: the JWE header."""
    token = answer["token"]
    assert token.count(".") == 4
    result = decrypt(token, key)
    assert result.ok, result.message
    assert result.status == "decrypted" and result.nested
    assert result.header is not None and result.header["cty"] == "JWT"
    assert result.plaintext is not None and result.plaintext.decode() == answer["signed_token"]
    assert answer["signed_token"].count(".") == 2
    report = inspect(answer["signed_token"], key=KeyInput(type="pem", value=answer["public_pem"]), at=NOW)
    assert report.verdict == "valid", [(c.id, c.message) for c in report.failing]
    return result.header


def test_the_builder_makes_what_the_debugger_opens():
    from jwtdebugger.core import jwe

    assert set(encryption.ALGS) == jwe.SUPPORTED_ALGS - {"RSA1_5"}
    assert set(encryption.ENCS) == jwe.SUPPORTED_ENCS
    assert encryption.MAX_P2C == MAX_PBES2_ITERATIONS
    assert encryption.MIN_P2C <= encryption.DEFAULT_P2C <= encryption.MAX_P2C


# ---- round trips: every alg with every enc -----------------------------------------------


@pytest.mark.filterwarnings("error")  # joserfc's SecurityWarnings would land in the server log
@pytest.mark.parametrize("enc", ENCS)
@pytest.mark.parametrize("alg", RSA_ALGS)
def test_rsa_with_a_pasted_public_key(client, alg, enc):
    key = rsa_key(2048)
    status, answer, _ = sign(client, body(alg, {"type": "pem", "value": public_pem(key)}, enc))
    assert status == 200
    assert sorted(answer) == ["private_jwk", "private_pem", "public_jwk", "public_pem", "signed_token", "token"]
    header = opens(answer, DecryptKey(type="pem", value=private_pem(key)))
    assert header == {"alg": alg, "enc": enc, "cty": "JWT"}


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("enc", ENCS)
@pytest.mark.parametrize("alg", ECDH_ALGS)
def test_ecdh_with_a_pasted_public_jwk(client, alg, enc):
    key = ec_key("P-256")
    jwk = public_jwk(key, kid="recipient-1", use="enc")
    status, answer, _ = sign(client, body(alg, {"type": "jwk", "value": jwk}, enc))
    assert status == 200
    header = opens(answer, DecryptKey(type="jwk", value={**jwk, "d": private_jwk_d(key)}))
    assert (header["alg"], header["enc"], header["kid"], header["epk"]["crv"]) == (alg, enc, "recipient-1", "P-256")


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("enc", ENCS)
@pytest.mark.parametrize("alg", KW_ALGS)
def test_key_wrapping_with_a_pasted_secret(client, alg, enc):
    secret = b64url_encode(secrets.token_bytes(KW_ALGS[alg]))
    status, answer, body_text = sign(client, body(alg, {"type": "secret", "value": secret}, enc))
    assert status == 200
    assert sorted(answer) == ["private_jwk", "private_pem", "public_jwk", "public_pem", "signed_token", "token"]
    assert secret not in body_text
    assert opens(answer, DecryptKey(type="secret", value=secret))["alg"] == alg


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("enc", ENCS)
def test_dir_with_a_key_of_the_content_key_size(client, enc):
    secret = b64url_encode(secrets.token_bytes(ENCS[enc]))
    status, answer, body_text = sign(client, body("dir", {"type": "secret", "value": secret}, enc))
    assert status == 200
    assert secret not in body_text
    assert opens(answer, DecryptKey(type="secret", value=secret)) == {"alg": "dir", "enc": enc, "cty": "JWT"}
    assert answer["token"].split(".")[1] == ""  # no encrypted key: the shared key is the content key


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("enc", ENCS)
@pytest.mark.parametrize("alg", PBES2_ALGS)
def test_pbes2_with_a_password(client, alg, enc):
    status, answer, body_text = sign(client, body(alg, {"type": "password", "value": PASSWORD}, enc))
    assert status == 200
    assert PASSWORD not in body_text
    header = opens(answer, DecryptKey(type="password", value=PASSWORD))
    assert header["p2c"] == encryption.DEFAULT_P2C == 8192
    assert len(b64url_decode(header["p2s"])) == 16


def private_jwk_d(key: Any) -> str:
    from jwt.algorithms import ECAlgorithm

    return str(ECAlgorithm.to_jwk(key, as_dict=True)["d"])


# ---- keys made now -------------------------------------------------------------------------


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("alg", "key", "description"),
    [
        ("RSA-OAEP-256", {"type": "generate"}, "RSA 2048"),
        ("RSA-OAEP", {"type": "generate", "size": 3072}, "RSA 3072"),
        ("ECDH-ES", {"type": "generate"}, "P-256"),
        ("ECDH-ES+A128KW", {"type": "generate", "curve": "P-384"}, "P-384"),
        ("ECDH-ES+A256KW", {"type": "generate", "curve": "P-521"}, "P-521"),
        ("ECDH-ES+A192KW", {"type": "generate", "curve": "X25519"}, "X25519"),
    ],
)
def test_generated_key_pair_is_handed_out_once_and_opens_the_token(client, alg, key, description):
    status, answer, _ = sign(client, body(alg, key))
    assert status == 200
    assert sorted(answer) == [
        "decrypt_private_jwk",
        "decrypt_private_pem",
        "private_jwk",
        "private_pem",
        "public_jwk",
        "public_pem",
        "signed_token",
        "token",
    ]
    assert answer["decrypt_private_pem"].startswith("-----BEGIN PRIVATE KEY-----")
    jwk = answer["decrypt_private_jwk"]
    assert list(jwk)[0] == "kty" and "d" in jwk
    assert (jwk["use"], jwk["alg"]) == ("enc", alg)
    header = opens(answer, DecryptKey(type="pem", value=answer["decrypt_private_pem"]))
    assert header["kid"] == jwk["kid"]  # the JWE names its recipient key (RFC 7638 thumbprint)
    assert opens(answer, DecryptKey(type="jwk", value=jwk)) == header
    loaded = serialization.load_pem_private_key(answer["decrypt_private_pem"].encode(), password=None)
    if description.startswith("RSA"):
        assert isinstance(loaded, rsa.RSAPrivateKey) and loaded.key_size == int(description[4:])
    elif description == "X25519":
        assert isinstance(loaded, x25519.X25519PrivateKey) and header["epk"]["crv"] == "X25519"
    else:
        assert isinstance(loaded, ec.EllipticCurvePrivateKey) and header["epk"]["crv"] == description
    # The signing key pair is another key: the decryption key does not verify, nor the reverse.
    assert answer["decrypt_private_pem"] != answer["private_pem"]


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("alg", "enc", "size"),
    [*((alg, "A256GCM", n) for alg, n in KW_ALGS.items()), *(("dir", enc, n) for enc, n in ENCS.items())],
)
def test_generated_symmetric_key_has_the_size_the_algorithms_need(client, alg, enc, size):
    status, answer, _ = sign(client, body(alg, {"type": "generate"}, enc))
    assert status == 200
    assert sorted(answer) == [
        "decrypt_secret",
        "private_jwk",
        "private_pem",
        "public_jwk",
        "public_pem",
        "signed_token",
        "token",
    ]
    assert len(b64url_decode(answer["decrypt_secret"])) == size
    opens(answer, DecryptKey(type="secret", value=answer["decrypt_secret"]))


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("alg", PBES2_ALGS)
def test_generated_password(client, alg):
    status, answer, _ = sign(client, body(alg, {"type": "generate"}, "A128GCM"))
    assert status == 200
    password = answer["decrypt_password"]
    assert len(password) == 24 and len(set(password)) > 8
    opens(answer, DecryptKey(type="password", value=password))
    assert "decrypt_secret" not in answer and "decrypt_private_pem" not in answer


def test_enc_defaults_to_a256gcm(client):
    status, answer, _ = sign(client, body("ECDH-ES", {"type": "generate"}, enc=None))
    assert status == 200
    assert header_of(answer["token"])["enc"] == "A256GCM"


# ---- other key forms -----------------------------------------------------------------------


def _certificate_pem(key: Any) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "recipient.test")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("alg", "private", "send"),
    [
        ("RSA-OAEP-256", lambda: rsa_key(2048), lambda k: {"type": "pem", "value": private_pem(k)}),
        (
            "RSA-OAEP-256",
            lambda: rsa_key(2048),
            lambda k: {
                "type": "pem",
                "value": k.public_key()
                .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
                .decode(),
            },
        ),
        ("RSA-OAEP", lambda: rsa_key(2048), lambda k: {"type": "pem", "value": _certificate_pem(k)}),
        (
            "RSA-OAEP-256",
            lambda: rsa_key(2048),
            lambda k: {"type": "jwk", "value": json.dumps({**public_jwk(k), "key_ops": ["encrypt", "wrapKey"]})},
        ),
        ("ECDH-ES", lambda: ec_key("P-384"), lambda k: {"type": "pem", "value": public_pem(k)}),
        ("ECDH-ES+A128KW", lambda: ec_key("P-521"), lambda k: {"type": "pem", "value": private_pem(k)}),
        ("ECDH-ES", lambda: x25519.X25519PrivateKey.generate(), lambda k: {"type": "pem", "value": public_pem(k)}),
        (
            "ECDH-ES+A256KW",
            lambda: x25519.X25519PrivateKey.generate(),
            lambda k: {"type": "jwk", "value": OKPKey(k.public_key(), None).as_dict()},
        ),
        ("ECDH-ES+A128KW", lambda: x448.X448PrivateKey.generate(), lambda k: {"type": "pem", "value": public_pem(k)}),
    ],
    ids=[
        "rsa-private-pem",
        "rsa-pkcs1-public",
        "rsa-certificate",
        "rsa-jwk-text",
        "p384-public-pem",
        "p521-private-pem",
        "x25519-pem",
        "x25519-jwk",
        "x448-pem",
    ],
)
def test_recipient_key_forms(client, alg, private, send):
    key = private()
    status, answer, body_text = sign(client, body(alg, send(key)))
    assert status == 200, answer
    opens(answer, DecryptKey(type="pem", value=private_pem(key)))
    # A pasted private key is never repeated. Its last base64 line can be a few characters
    # ("NA==") that occur by chance in other base64 text, so only full lines are looked for.
    for line in private_pem(key).splitlines()[1:-1]:
        if len(line) >= 16:
            assert line not in body_text and line.replace("/", "\\/") not in body_text


def test_private_jwk_is_accepted_for_its_public_half_and_never_echoed(client):
    from joserfc.jwk import RSAKey

    jwk = dict(RSAKey(rsa_key(2048), None).as_dict(private=True))
    status, answer, body_text = sign(client, body("RSA-OAEP-256", {"type": "jwk", "value": {**jwk, "kid": "k-1"}}))
    assert status == 200
    assert header_of(answer["token"])["kid"] == "k-1"
    assert not any(jwk[member] in body_text for member in ("d", "p", "q", "dp", "dq", "qi"))
    opens(answer, DecryptKey(type="pem", value=private_pem(rsa_key(2048))))


@pytest.mark.parametrize("alg", ["A256KW", "dir"])
def test_oct_jwk_for_symmetric_algorithms(client, alg):
    k = b64url_encode(secrets.token_bytes(32))
    jwk = {"kty": "oct", "k": k, "alg": "A256GCM" if alg == "dir" else alg, "kid": "shared"}
    status, answer, body_text = sign(client, body(alg, {"type": "jwk", "value": jwk}))
    assert status == 200
    assert k not in body_text
    assert header_of(answer["token"])["kid"] == "shared"
    opens(answer, DecryptKey(type="secret", value=k))


def test_secret_with_padding_or_spaces_is_read_like_the_debugger_reads_it(client):
    raw = secrets.token_bytes(16)
    padded = b64url_encode(raw) + "=="
    status, answer, _ = sign(client, body("A128KW", {"type": "secret", "value": f" {padded}\n"}))
    assert status == 200
    opens(answer, DecryptKey(type="secret", value=padded))


@pytest.mark.parametrize("p2c", [1000, 20_000, MAX_PBES2_ITERATIONS])
def test_p2c_can_be_chosen_up_to_the_debuggers_cap(client, p2c):
    status, answer, _ = sign(client, body("PBES2-HS256+A128KW", {"type": "password", "value": PASSWORD}, p2c=p2c))
    assert status == 200
    header = opens(answer, DecryptKey(type="password", value=PASSWORD))
    assert header["p2c"] == p2c


def test_unsecured_token_can_be_encrypted(client):
    status, answer, _ = sign(
        client,
        {
            "payload": PAYLOAD,
            "unsecured": True,
            "encrypt": {"alg": "A128KW", "key": {"type": "generate"}},
        },
    )
    assert status == 200
    assert sorted(answer) == ["decrypt_secret", "public_jwk", "public_pem", "signed_token", "token"]
    result = decrypt(answer["token"], DecryptKey(type="secret", value=answer["decrypt_secret"]))
    assert result.ok and result.plaintext is not None and result.plaintext.decode() == answer["signed_token"]
    assert inspect(answer["signed_token"], at=NOW).verdict == "invalid"  # still no signature inside


def test_hmac_signed_token_encrypted_keeps_its_answer_free_of_the_secret(client):
    secret = secrets.token_hex(32)
    status, answer, body_text = sign(
        client,
        {
            "payload": PAYLOAD,
            "alg": "HS256",
            "key": {"type": "secret", "value": secret},
            "encrypt": {"alg": "dir", "enc": "A128GCM", "key": {"type": "generate"}},
        },
    )
    assert status == 200
    assert secret not in body_text
    result = decrypt(answer["token"], DecryptKey(type="secret", value=answer["decrypt_secret"]))
    assert result.ok and result.plaintext is not None
    report = inspect(result.plaintext.decode(), key=KeyInput(type="secret", value=secret), at=NOW)
    assert report.verdict == "valid"


def test_without_encrypt_the_answer_is_unchanged(client):
    status, answer, _ = sign(client, {"payload": PAYLOAD, "alg": "ES256", "key": {"type": "generate"}})
    assert status == 200
    assert "signed_token" not in answer and answer["token"].count(".") == 2


def test_each_token_is_freshly_encrypted(client):
    key = {"type": "pem", "value": public_pem(rsa_key(2048))}
    first = sign(client, body("RSA-OAEP-256", key))[1]["token"]
    second = sign(client, body("RSA-OAEP-256", key))[1]["token"]
    assert first.split(".")[1:] != second.split(".")[1:]  # new content key, IV and ciphertext


# ---- refusals ------------------------------------------------------------------------------

SECRET_16 = b64url_encode(b"\x01" * 16)
SECRET_32 = b64url_encode(b"\x02" * 32)


def _encrypted_pem() -> str:
    return (
        rsa_key(2048)
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"pw")
        )
        .decode()
    )


BAD_ENCRYPTS = [
    ("not-object", "RSA-OAEP", "invalid_field", "'encrypt' must be an object"),
    (
        "unknown-field",
        {"alg": "A128KW", "key": {"type": "generate"}, "zip": "DEF"},
        "invalid_field",
        "Unknown field 'encrypt.zip'",
    ),
    ("missing-alg", {"key": {"type": "generate"}}, "invalid_field", "'encrypt.alg' is missing"),
    ("missing-key", {"alg": "A128KW"}, "invalid_field", "'encrypt.key' must be an object"),
    (
        "key-type",
        {"alg": "A128KW", "key": {"type": "x509"}},
        "invalid_field",
        "'encrypt.key.type' must be one of: pem, jwk, secret, password, generate.",
    ),
    (
        "key-field",
        {"alg": "A128KW", "key": {"type": "secret", "value": SECRET_16, "encoding": "utf8"}},
        "invalid_field",
        "Unknown field 'encrypt.key.encoding'",
    ),
    (
        "value-for-generate",
        {"alg": "A128KW", "key": {"type": "generate", "value": SECRET_16}},
        "invalid_field",
        "not used with type 'generate'",
    ),
    (
        "secret-not-string",
        {"alg": "A128KW", "key": {"type": "secret", "value": 16}},
        "invalid_field",
        "must be a string for key type 'secret'",
    ),
    (
        "size-not-generate",
        {"alg": "RSA-OAEP", "key": {"type": "pem", "value": "x", "size": 2048}},
        "invalid_field",
        "apply to generated keys only",
    ),
    (
        "size-not-int",
        {"alg": "RSA-OAEP", "key": {"type": "generate", "size": "2048"}},
        "invalid_field",
        "must be a number of bits",
    ),
    (
        "unknown-alg",
        {"alg": "A512KW", "key": {"type": "generate"}},
        "unknown_encryption_alg",
        'Unknown key management algorithm (encrypt.alg) "A512KW"',
    ),
    (
        "signing-alg",
        {"alg": "RS256", "key": {"type": "generate"}},
        "unknown_encryption_alg",
        "Use one of: RSA-OAEP-256, RSA-OAEP, ECDH-ES",
    ),
    (
        "rsa1_5",
        {"alg": "RSA1_5", "key": {"type": "generate"}},
        "deprecated_alg",
        "RSA1_5 (RSAES-PKCS1-v1_5) is deprecated",
    ),
    (
        "unknown-enc",
        {"alg": "A128KW", "enc": "A512GCM", "key": {"type": "generate"}},
        "unknown_enc",
        'Unknown content encryption algorithm (encrypt.enc) "A512GCM"',
    ),
    (
        "enc-not-string",
        {"alg": "A128KW", "enc": None, "key": {"type": "generate"}},
        "unknown_enc",
        "(encrypt.enc) null",
    ),
    (
        "password-for-rsa",
        {"alg": "RSA-OAEP-256", "key": {"type": "password", "value": PASSWORD}},
        "wrong_key_type",
        "RSA-OAEP-256 encrypts with the recipient's RSA public key (PEM or JWK), not a password",
    ),
    (
        "secret-for-ecdh",
        {"alg": "ECDH-ES", "key": {"type": "secret", "value": SECRET_32}},
        "wrong_key_type",
        "ECDH-ES encrypts with the recipient's EC public key",
    ),
    (
        "password-for-a128kw",
        {"alg": "A128KW", "key": {"type": "password", "value": PASSWORD}},
        "wrong_key_type",
        "A128KW encrypts with a symmetric key shared with the recipient",
    ),
    (
        "secret-for-pbes2",
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "secret", "value": SECRET_16}},
        "wrong_key_type",
        "PBES2-HS256+A128KW encrypts with a password, not a symmetric secret.",
    ),
    (
        "pem-for-a256kw",
        {"alg": "A256KW", "key": {"type": "pem", "value": "-----BEGIN PUBLIC KEY-----"}},
        "wrong_key_type",
        "not a PEM key",
    ),
    (
        "oct-for-rsa",
        {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": {"kty": "oct", "k": SECRET_32}}},
        "wrong_key_type",
        "not a symmetric key (oct JWK)",
    ),
    (
        "short-a256kw",
        {"alg": "A256KW", "key": {"type": "secret", "value": SECRET_16}},
        "bad_key_size",
        "A256KW needs a 256-bit (32-byte) key; this one is 16 bytes.",
    ),
    (
        "long-a128kw",
        {"alg": "A128KW", "key": {"type": "secret", "value": SECRET_32}},
        "bad_key_size",
        "A128KW needs a 128-bit (16-byte) key; this one is 32 bytes.",
    ),
    (
        "dir-size",
        {"alg": "dir", "enc": "A256CBC-HS512", "key": {"type": "secret", "value": SECRET_32}},
        "bad_key_size",
        "dir with A256CBC-HS512 needs a 512-bit (64-byte) key",
    ),
    (
        "oct-size",
        {"alg": "A192KW", "key": {"type": "jwk", "value": {"kty": "oct", "k": SECRET_16}}},
        "bad_key_size",
        "A192KW needs a 192-bit (24-byte) key",
    ),
    (
        "secret-not-base64url",
        {"alg": "A128KW", "key": {"type": "secret", "value": "not/base64+url"}},
        "bad_secret",
        "must be the key bytes in base64url",
    ),
    (
        "secret-empty",
        {"alg": "A128KW", "key": {"type": "secret", "value": "  "}},
        "bad_secret",
        "The symmetric key is empty.",
    ),
    (
        "password-empty",
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "password", "value": ""}},
        "bad_password",
        "The password is empty.",
    ),
    (
        "p2c-low",
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "generate"}, "p2c": 999},
        "bad_p2c",
        "from 1,000 (RFC 7518's minimum) to 310,000",
    ),
    (
        "p2c-high",
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "generate"}, "p2c": MAX_PBES2_ITERATIONS + 1},
        "bad_p2c",
        "the default is 8,192",
    ),
    (
        "p2c-text",
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "generate"}, "p2c": "4096"},
        "bad_p2c",
        "must be a whole number",
    ),
    (
        "p2c-bool",
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "generate"}, "p2c": True},
        "bad_p2c",
        "must be a whole number",
    ),
    (
        "p2c-not-pbes2",
        {"alg": "A128KW", "key": {"type": "generate"}, "p2c": 4096},
        "bad_p2c",
        "A128KW has none: leave it out.",
    ),
    (
        "garbage-pem",
        {
            "alg": "RSA-OAEP",
            "key": {"type": "pem", "value": "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----"},
        },
        "bad_pem",
        "not a valid key",
    ),
    (
        "no-begin",
        {"alg": "RSA-OAEP", "key": {"type": "pem", "value": "hello"}},
        "bad_pem",
        "has no -----BEGIN PUBLIC KEY-----",
    ),
    (
        "jwk-as-pem",
        {"alg": "RSA-OAEP", "key": {"type": "pem", "value": '{"kty": "RSA"}'}},
        "bad_pem",
        "This looks like a JWK",
    ),
    (
        "jwk-bad-json",
        {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": "{nope"}},
        "bad_jwk",
        "The JWK is not valid JSON.",
    ),
    ("jwk-set", {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": {"keys": []}}}, "bad_jwk", "This is a JWK Set"),
    ("jwk-array", {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": "[1]"}}, "bad_jwk", "A JWK is a JSON object"),
    (
        "jwk-use-sig",
        {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": {"kty": "RSA", "use": "sig"}}},
        "bad_jwk",
        'marked for "sig" (use), not for encryption',
    ),
    (
        "jwk-alg",
        {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": {"kty": "RSA", "alg": "RSA-OAEP-256"}}},
        "alg_mismatch",
        'This JWK says it is for alg "RSA-OAEP-256", but you chose RSA-OAEP.',
    ),
    (
        "jwk-key-ops",
        {"alg": "ECDH-ES", "key": {"type": "jwk", "value": {"kty": "EC", "key_ops": ["verify"]}}},
        "bad_jwk",
        "'key_ops' do not allow encryption",
    ),
    (
        "jwk-kty",
        {"alg": "RSA-OAEP", "key": {"type": "jwk", "value": {"kty": "DSA"}}},
        "bad_jwk",
        'Unsupported key type (kty) "DSA"',
    ),
    (
        "jwk-members",
        {"alg": "ECDH-ES", "key": {"type": "jwk", "value": {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}}},
        "bad_jwk",
        "The members of this EC JWK do not make a valid key",
    ),
    (
        "rsa-jwk-for-a128kw",
        {"alg": "A128KW", "key": {"type": "jwk", "value": {"kty": "RSA"}}},
        "wrong_key_type",
        "not an RSA key",
    ),
    (
        "generate-size-ecdh",
        {"alg": "ECDH-ES", "key": {"type": "generate", "size": 2048}},
        "bad_size",
        "'encrypt.key.size' is for RSA keys",
    ),
    ("generate-size-1024", {"alg": "RSA-OAEP", "key": {"type": "generate", "size": 1024}}, "bad_size", "not 1024"),
    (
        "generate-curve-rsa",
        {"alg": "RSA-OAEP", "key": {"type": "generate", "curve": "P-256"}},
        "bad_curve",
        "'encrypt.key.curve' is for ECDH-ES keys",
    ),
    (
        "generate-curve-ed25519",
        {"alg": "ECDH-ES", "key": {"type": "generate", "curve": "Ed25519"}},
        "bad_curve",
        "generated on P-256, P-384, P-521, X25519",
    ),
]


@pytest.mark.parametrize(
    ("encrypt", "code", "message"), [case[1:] for case in BAD_ENCRYPTS], ids=[case[0] for case in BAD_ENCRYPTS]
)
def test_bad_encrypt_requests_get_400_with_the_error_shape(client, encrypt, code, message):
    status, answer, _ = sign(
        client, {"payload": PAYLOAD, "alg": "ES256", "key": {"type": "generate"}, "encrypt": encrypt}
    )
    assert status == 400, answer
    assert list(answer) == ["error"] and sorted(answer["error"]) == ["code", "message"]
    assert answer["error"]["code"] == code
    assert message in answer["error"]["message"]


@pytest.mark.parametrize(
    ("alg", "key", "code", "message"),
    [
        (
            "ECDH-ES",
            lambda: {"type": "pem", "value": public_pem(rsa_key(2048))},
            "wrong_key_type",
            "ECDH-ES encrypts with the recipient's EC public key (P-256, P-384, P-521, or X25519/X448), as PEM or JWK, but this is an RSA key: it goes with RSA-OAEP-256 or RSA-OAEP.",
        ),
        (
            "RSA-OAEP-256",
            lambda: {"type": "jwk", "value": public_jwk(ec_key("P-256"))},
            "wrong_key_type",
            "but this is an elliptic-curve key: it goes with ECDH-ES",
        ),
        (
            "ECDH-ES",
            lambda: {"type": "pem", "value": public_pem(ed_key())},
            "wrong_key_type",
            "Ed25519 and Ed448 keys only sign.",
        ),
        (
            "ECDH-ES",
            lambda: {"type": "pem", "value": private_pem(ec.generate_private_key(ec.SECP256K1()))},
            "unsupported_curve",
            "this one is on secp256k1",
        ),
        (
            "RSA-OAEP",
            lambda: {
                "type": "pem",
                "value": public_pem(rsa.generate_private_key(public_exponent=65537, key_size=1024)),
            },
            "weak_key",
            "The RSA key is 1024 bits; at least 2048 are required",
        ),
        (
            "RSA-OAEP",
            lambda: {"type": "pem", "value": _encrypted_pem()},
            "encrypted_key",
            "This private key is encrypted with a password.",
        ),
    ],
    ids=["rsa-for-ecdh", "ec-for-rsa", "ed25519", "secp256k1", "rsa-1024", "encrypted-pem"],
)
def test_keys_that_cannot_encrypt_get_400(client, alg, key, code, message):
    status, answer, _ = sign(client, body(alg, key()))
    assert status == 400
    assert answer["error"]["code"] == code
    assert message in answer["error"]["message"]


def test_signing_errors_come_first(client):
    status, answer, _ = sign(
        client,
        {
            "payload": {},
            "alg": "HS256",
            "key": {"type": "secret", "value": "short"},
            "encrypt": {"alg": "A512KW", "key": {"type": "generate"}},
        },
    )
    assert status == 400 and answer["error"]["code"] == "short_secret"


def test_a_jwe_too_large_for_the_debugger_is_refused(client):
    # The signed token fits in 64 KiB; encrypted (a third larger) it would not.
    payload = {"blob": "x" * 45_000}
    status, answer, _ = sign(client, {"payload": payload, "alg": "ES256", "key": {"type": "generate"}})
    assert status == 200
    status, answer, _ = sign(client, {**body("A128KW", {"type": "generate"}), "payload": payload})
    assert status == 400
    assert answer["error"]["code"] == "too_large"
    assert "The encrypted token would be" in answer["error"]["message"]


def test_errors_never_echo_the_secret_password_or_private_key(client):
    short = b64url_encode(secrets.token_bytes(20))
    _, answer, text = sign(client, body("A256KW", {"type": "secret", "value": short}))
    assert answer["error"]["code"] == "bad_key_size" and short not in text
    password = "hunter2-" + secrets.token_hex(4)
    _, answer, text = sign(client, body("RSA-OAEP", {"type": "password", "value": password}))
    assert answer["error"]["code"] == "wrong_key_type" and password not in text
    pem = private_pem(ec_key("P-384"))
    _, answer, text = sign(client, body("RSA-OAEP", {"type": "pem", "value": pem}))
    assert answer["error"]["code"] == "wrong_key_type"
    assert not any(
        line in text for line in pem.splitlines()[1:-1] if len(line) >= 16
    )  # short last lines can occur by chance
    d = b64url_encode(secrets.token_bytes(32))
    _, answer, text = sign(
        client,
        body("ECDH-ES", {"type": "jwk", "value": {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "d": d}}),
    )
    assert answer["error"]["code"] == "bad_jwk" and d not in text
    bad = "secret-with-a-bad-char!" + secrets.token_hex(4)
    _, answer, text = sign(client, body("A128KW", {"type": "secret", "value": bad}))
    assert answer["error"]["code"] == "bad_secret" and bad not in text and "!" not in answer["error"]["message"]


def test_encryption_emits_no_library_warnings():
    # joserfc warns (into the server log) for short oct keys, low p2c and small RSA keys; the
    # builder refuses those or builds keys that do not warn.
    from jwtdebugger.builder.forms import parse_sign_body
    from jwtdebugger.builder.services import token_sign

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for alg in encryption.ALGS:
            request = parse_sign_body(
                {
                    "payload": {},
                    "alg": "HS256",
                    "key": {"type": "secret", "value": "k" * 32},
                    "encrypt": {"alg": alg, "key": {"type": "generate"}},
                }
            )
            assert token_sign(request=request).token.count(".") == 4
