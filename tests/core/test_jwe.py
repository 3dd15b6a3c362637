"""Decrypting encrypted tokens (jwtdebugger.core.jwe), scored against vectors written by others.

Vectors (tests/vectors/jwe/README.md):

* Project Wycheproof ``json_web_encryption_test.json``: all 139 cases run, each named by its
  tcId. Valid ones must decrypt to ``pt``; invalid ones must not decrypt. Invalid cases that
  are cryptographic (tampered tag, ciphertext, IV, encrypted key, header bytes, bad RSA1_5
  padding) must end in exactly the one "wrong key or corrupted token" message, so that no
  answer tells a padding or unwrap failure from a tag failure. The others are refused earlier
  for reasons that depend only on the token text or the key typed, which are named
  (:data:`WYCHEPROOF_BEFORE_CRYPTO`). No Wycheproof JWE algorithm is unsupported, and none is
  mislabelled, so nothing here accepts either verdict.
* RFC 7520 (JOSE cookbook) section 5, the JWE examples, and section 6, a JWS nested in a JWE;
  plus the X25519 ECDH-ES example of the cookbook's curve25519 folder. Scored where they have
  a compact serialization. Skipped, because they exist only in the JSON serializations, which
  the debugger does not accept (a pasted token is compact): 5.10 (it uses JWE AAD, which
  compact form cannot carry), 5.11 (some header members unprotected), 5.12 (all header
  members unprotected) and 5.13 (three recipients). :func:`test_cookbook_json_only_examples`
  pins that list, so an example cannot drop out silently.

Then the rules of our own: every supported alg/enc pair round-trips (tokens made by joserfc),
unsupported names are reported as unsupported and named, the key must fit the algorithm, a
public key is refused, a zip bomb and an oversized PBES2 count are refused, and garbage never
raises (Hypothesis).
"""

from __future__ import annotations

import base64
import json
import time
import warnings
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jwe as jose_jwe
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey

from jwtdebugger.core import jwe
from jwtdebugger.core.jwe import (
    MAX_PBES2_ITERATIONS,
    MAX_PLAINTEXT_BYTES,
    PUBLIC_KEY_MESSAGE,
    RSA1_5_WARNING,
    SUPPORTED_ALGS,
    SUPPORTED_ENCS,
    WRONG_KEY_MESSAGE,
    DecryptKey,
    DecryptResult,
    decrypt,
)
from jwtdebugger.core.tokens import parse_json_strict
from tests.keys import ec_key, rsa_key

# Tokens made here with RSA1_5 go through joserfc's own registry, which warns about it.
pytestmark = pytest.mark.filterwarnings("ignore::joserfc.errors.SecurityWarning")

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "jwe"
STATUSES = {"decrypted", "failed", "unsupported", "refused"}
CLAIMS = b'{"sub":"alice","exp":1795719600}'


def _load(relative: str) -> Any:
    return json.loads((VECTORS / relative).read_text(encoding="utf-8"))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pem(private_key: Any) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_pem(private_key: Any) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def assert_sane(result: DecryptResult) -> None:
    assert isinstance(result, DecryptResult)
    assert result.status in STATUSES
    assert result.ok is (result.status == "decrypted")
    assert isinstance(result.message, str) and result.message
    assert (result.plaintext is not None) is result.ok
    assert result.header is None or isinstance(result.header, dict)
    assert all(isinstance(w, str) and w for w in result.warnings)


# ---- making tokens (joserfc, with every algorithm allowed) -------------------------------

ENC_KEY_BYTES = {
    "A128GCM": 16,
    "A192GCM": 24,
    "A256GCM": 32,
    "A128CBC-HS256": 32,
    "A192CBC-HS384": 48,
    "A256CBC-HS512": 64,
}
PASSWORD = "correct horse battery staple"


@cache
def symmetric(size: int) -> bytes:
    return bytes(range(7, 7 + size))


@cache
def _maker() -> jose_jwe.JWERegistry:
    return jose_jwe.JWERegistry(algorithms=sorted(SUPPORTED_ALGS | SUPPORTED_ENCS | {"DEF"}), strict_check_header=False)


def decrypt_key_for(alg: str, enc: str) -> DecryptKey:
    """The right key, in the form a user would paste it."""
    if alg.startswith("RSA"):
        return DecryptKey("pem", pem(rsa_key()))
    if alg.startswith("ECDH"):
        return DecryptKey("pem", pem(ec_key("P-256")))
    if alg.startswith("PBES2"):
        return DecryptKey("password", PASSWORD)
    size = ENC_KEY_BYTES[enc] if alg == "dir" else int(alg[1:4]) // 8
    return DecryptKey("secret", b64(symmetric(size)))


def make(alg: str, enc: str, plaintext: bytes = CLAIMS, **header: Any) -> str:
    """A compact JWE for `decrypt_key_for(alg, enc)`."""
    if alg.startswith("RSA"):
        key: Any = RSAKey(rsa_key().public_key(), None)
    elif alg.startswith("ECDH"):
        key = ECKey(ec_key("P-256").public_key(), None)
    elif alg.startswith("PBES2"):
        key = OctKey(PASSWORD.encode(), None)
    else:
        key = OctKey(b64decode(decrypt_key_for(alg, enc).value), None)
    # joserfc's own registry caps p2c at 300,000; ours allows up to MAX_PBES2_ITERATIONS.
    registry = jwe._REGISTRY if header.get("p2c", 0) > 300_000 else _maker()
    return jose_jwe.encrypt_compact({"alg": alg, "enc": enc, **header}, plaintext, key, registry=registry)


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def with_header(token: str, **changes: Any) -> str:
    """The token with its protected header rewritten (the tag no longer matches)."""
    parts = token.split(".")
    header = json.loads(b64decode(parts[0]))
    header.update(changes)
    header = {k: v for k, v in header.items() if v is not None}
    return ".".join([b64(json.dumps(header).encode()), *parts[1:]])


def flip_last_tag_byte(token: str) -> str:
    parts = token.split(".")
    tag = bytearray(b64decode(parts[4]))
    tag[-1] ^= 1
    return ".".join([*parts[:4], b64(bytes(tag))])


# ---- the constants ---------------------------------------------------------------------------


def test_supported_algorithms_are_the_issues_list_plus_rsa1_5_and_a192gcmkw():
    assert SUPPORTED_ALGS == {
        "RSA-OAEP", "RSA-OAEP-256", "RSA1_5",
        "A128KW", "A192KW", "A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW", "dir",
        "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
        "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
    }  # fmt: skip
    assert SUPPORTED_ENCS == {"A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"}
    assert MAX_PBES2_ITERATIONS == 310_000
    assert MAX_PLAINTEXT_BYTES == 256 * 1024


# ---- Wycheproof ------------------------------------------------------------------------------

WYCHEPROOF = _load("wycheproof/json_web_encryption_test.json")
WYCHEPROOF_CASES = [(group["private"], test) for group in WYCHEPROOF["testGroups"] for test in group["tests"]]

# Invalid cases refused before any decryption is tried, with the reason each is refused for.
# Everything else that is invalid must end in WRONG_KEY_MESSAGE.
WYCHEPROOF_BEFORE_CRYPTO = {
    # the tag's last base64url character has non-zero unused bits: not a canonical encoding
    3: "not valid base64url", 24: "not valid base64url",
    # a part and its dot removed, or the JSON serialization: not five parts
    9: "has 5 parts", 12: "has 5 parts", 15: "has 5 parts", 18: "has 5 parts", 21: "has 5 parts",
    22: "has 5 parts", 38: "has 5 parts", 41: "has 5 parts", 44: "has 5 parts", 47: "has 5 parts", 50: "has 5 parts",
    # the header removed (empty first part), or "alg" renamed to "Alg"
    20: "not valid JSON", 49: "not valid JSON", 48: "has no 'alg'",
    # the private JWK's "alg" names another algorithm than the token's
    **{tc: "(its 'alg'), but the token uses" for tc in (94, 95, 96, 97, 98, 99, 106, 107, 108, 109, 110, 111, 122, 123, 124, 125, 126, 127)},
}  # fmt: skip


@pytest.mark.parametrize(("private", "test"), WYCHEPROOF_CASES, ids=[f"tc{t['tcId']}" for _, t in WYCHEPROOF_CASES])
def test_wycheproof_vector(private, test):
    result = decrypt(test["jwe"], DecryptKey("jwk", private))
    assert_sane(result)
    if test["result"] == "valid":
        assert result.status == "decrypted", result.message
        assert result.plaintext == bytes.fromhex(test["pt"])
        assert (
            result.header is not None
            and result.header["alg"] == json.loads(b64decode(test["jwe"].split(".")[0]))["alg"]
        )
        return
    assert test["result"] == "invalid"
    assert result.status == "failed"
    reason = WYCHEPROOF_BEFORE_CRYPTO.get(test["tcId"])
    if reason is None:
        assert result.message == WRONG_KEY_MESSAGE
    else:
        assert reason in result.message
        assert result.message != WRONG_KEY_MESSAGE


def test_wycheproof_rsa1_5_padding_probes_all_answer_alike():
    """tc113-120 alter the PKCS #1 v1.5 padding in eight ways: one answer for all (no oracle)."""
    cases = [(private, test) for private, test in WYCHEPROOF_CASES if "ModifiedPkcs15Padding" in test["flags"]]
    assert len(cases) == 8
    answers = {(r.status, r.message, r.warnings) for r in (decrypt(t["jwe"], DecryptKey("jwk", p)) for p, t in cases)}
    assert answers == {("failed", WRONG_KEY_MESSAGE, (RSA1_5_WARNING,))}


# ---- RFC 7520 (the cookbook) -------------------------------------------------------------------

COOKBOOK_COMPACT = [
    "jwe/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json",
    "jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json",
    "jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json",
    "jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json",
    "jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json",
    "jwe/5_6.direct_encryption_using_aes-gcm.json",
    "jwe/5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json",
    "jwe/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json",
    "jwe/5_9.compressed_content.json",
    "curve25519/ecdh-es.json",
]
COOKBOOK_JSON_ONLY = {
    "5_10.including_additional_authentication_data.json",
    "5_11.protecting_specific_header_fields.json",
    "5_12.protecting_content_only.json",
    "5_13.encrypting_to_multiple_recipients.json",
}


def cookbook_key(example: dict[str, Any]) -> DecryptKey:
    given_ = example["input"]
    return DecryptKey("password", given_["pwd"]) if "pwd" in given_ else DecryptKey("jwk", given_["key"])


@pytest.mark.parametrize("name", COOKBOOK_COMPACT, ids=[n.split("/")[-1].split(".")[0] for n in COOKBOOK_COMPACT])
def test_cookbook_example_decrypts(name):
    example = _load(f"jose-cookbook/{name}")
    result = decrypt(example["output"]["compact"], cookbook_key(example))
    assert result.status == "decrypted", result.message
    assert result.plaintext == example["input"]["plaintext"].encode("utf-8")
    assert result.header == example["encrypting_content"]["protected"]
    expected_warnings = {"RSA1_5": (RSA1_5_WARNING,)}.get(example["input"]["alg"], ()) + (
        (jwe.ZIP_WARNING,) if "zip" in example["input"] else ()
    )
    assert result.warnings == expected_warnings
    assert result.nested is False


@pytest.mark.parametrize(
    "name", COOKBOOK_COMPACT[2:], ids=[n.split("/")[-1].split(".")[0] for n in COOKBOOK_COMPACT[2:]]
)
def test_cookbook_example_tampered_gives_the_one_failure_message(name):
    example = _load(f"jose-cookbook/{name}")
    result = decrypt(flip_last_tag_byte(example["output"]["compact"]), cookbook_key(example))
    assert (result.status, result.message, result.plaintext) == ("failed", WRONG_KEY_MESSAGE, None)
    assert result.header == example["encrypting_content"]["protected"]


def test_cookbook_json_only_examples():
    on_disk = {p.name for p in (VECTORS / "jose-cookbook" / "jwe").glob("*.json")}
    scored = {n.split("/")[-1] for n in COOKBOOK_COMPACT if n.startswith("jwe/")}
    assert on_disk - scored == COOKBOOK_JSON_ONLY
    for name in COOKBOOK_JSON_ONLY:
        assert "compact" not in _load(f"jose-cookbook/jwe/{name}")["output"]


def test_cookbook_nested_jwt_is_detected():
    example = _load("jose-cookbook/6.nesting_signatures_and_encryption.json")
    result = decrypt(example["encrypt"]["output"]["compact"], DecryptKey("jwk", example["encrypt"]["input"]["key"]))
    assert result.status == "decrypted"
    assert result.nested is True
    assert result.header == {"alg": "RSA-OAEP", "cty": "JWT", "enc": "A128GCM"}
    assert result.plaintext == example["sign"]["output"]["compact"].encode("ascii")
    assert result.plaintext is not None and jwe.is_compact_jwt(result.plaintext)


# ---- round trips: every supported pair ---------------------------------------------------------


@pytest.mark.parametrize("enc", sorted(SUPPORTED_ENCS))
@pytest.mark.parametrize("alg", sorted(SUPPORTED_ALGS))
def test_every_supported_pair_decrypts(alg, enc):
    result = decrypt(make(alg, enc), decrypt_key_for(alg, enc))
    assert (result.status, result.plaintext, result.nested) == ("decrypted", CLAIMS, False), result.message
    assert result.message == f"Decrypted with {alg} and {enc}."
    assert result.warnings == ((RSA1_5_WARNING,) if alg == "RSA1_5" else ())


@pytest.mark.parametrize("kind", ["jwk", "pem"])
def test_ec_and_rsa_keys_work_as_jwk_and_pem(kind):
    jwks = {
        "RSA-OAEP-256": RSAKey(rsa_key(), None).as_dict(private=True),
        "ECDH-ES+A256KW": ECKey(ec_key("P-256"), None).as_dict(private=True),
    }
    pems = {"RSA-OAEP-256": pem(rsa_key()), "ECDH-ES+A256KW": pem(ec_key("P-256"))}
    for alg in jwks:
        key = DecryptKey("pem", pems[alg]) if kind == "pem" else DecryptKey("jwk", jwks[alg])
        assert decrypt(make(alg, "A256GCM"), key).status == "decrypted"


def test_symmetric_key_works_as_oct_jwk_and_secret_with_padding_or_spaces():
    token = make("A256KW", "A128CBC-HS256")
    secret = b64(symmetric(32))
    for key in (
        DecryptKey("jwk", {"kty": "oct", "k": secret}),
        DecryptKey("jwk", json.dumps({"kty": "oct", "k": secret, "use": "enc"})),
        DecryptKey("secret", f"  {secret}=\n"),
    ):
        assert decrypt(token, key).plaintext == CLAIMS


def test_dir_key_may_name_the_enc_as_its_alg():
    """RFC 7520 5.6 does this: with dir, the key is the content key for that enc."""
    token = make("dir", "A128GCM")
    jwk = {"kty": "oct", "k": b64(symmetric(16)), "alg": "A128GCM"}
    assert decrypt(token, DecryptKey("jwk", jwk)).status == "decrypted"


def test_x25519_private_key_as_pem():
    private = x25519.X25519PrivateKey.generate()
    token = jose_jwe.encrypt_compact(
        {"alg": "ECDH-ES", "enc": "A128GCM"}, CLAIMS, OKPKey(private.public_key(), None), registry=_maker()
    )
    assert decrypt(token, DecryptKey("pem", pem(private))).plaintext == CLAIMS


def test_decrypt_emits_no_python_warnings():
    """The library's SecurityWarnings would go to the server log; ours go in the result."""
    cases = [
        (make("RSA1_5", "A128GCM"), decrypt_key_for("RSA1_5", "A128GCM")),
        (make("PBES2-HS256+A128KW", "A128GCM", p2c=10), DecryptKey("password", PASSWORD)),
        (make("A128KW", "A128GCM"), DecryptKey("secret", b64(symmetric(16)))),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [decrypt(token, key) for token, key in cases]
    assert [r.status for r in results] == ["decrypted"] * 3
    assert caught == []
    assert results[1].warnings == (
        "The PBES2 iteration count (p2c) is 10; RFC 7518 recommends at least 1000, and current guidance far more.",
    )


def test_small_rsa_key_decrypts_with_a_warning():
    small = rsa.generate_private_key(65537, 1024)
    # joserfc will not encrypt to a key under 2048 bits, so the token is put together by hand.
    cek, iv = symmetric(16), bytes(12)
    protected = b64(b'{"alg":"RSA-OAEP","enc":"A128GCM"}')
    encrypted_key = small.public_key().encrypt(cek, padding.OAEP(padding.MGF1(hashes.SHA1()), hashes.SHA1(), None))  # noqa: S303 - RSA-OAEP is SHA-1 by definition
    sealed = AESGCM(cek).encrypt(iv, CLAIMS, protected.encode())
    token = ".".join([protected, b64(encrypted_key), b64(iv), b64(sealed[:-16]), b64(sealed[-16:])])
    result = decrypt(token, DecryptKey("pem", pem(small)))
    assert result.status == "decrypted"
    assert result.warnings == (jwe.SMALL_RSA_WARNING.format(bits=1024),)


# ---- the same words for every cryptographic failure ----------------------------------------------


@pytest.mark.parametrize(
    "alg", ["A128KW", "A128GCMKW", "dir", "RSA-OAEP", "RSA1_5", "ECDH-ES", "ECDH-ES+A128KW", "PBES2-HS256+A128KW"]
)
def test_wrong_key_and_corrupted_token_answer_alike(alg):
    enc = "A128CBC-HS256"
    token = make(alg, enc)
    right = decrypt_key_for(alg, enc)
    if alg.startswith("RSA"):
        wrong = DecryptKey("pem", pem(rsa.generate_private_key(65537, 2048)))
    elif alg.startswith("ECDH"):
        wrong = DecryptKey("pem", pem(ec.generate_private_key(ec.SECP256R1())))
    elif alg.startswith("PBES2"):
        wrong = DecryptKey("password", PASSWORD + "!")
    else:
        wrong = DecryptKey("secret", b64(bytes(len(b64decode(right.value)))))
    wrong_key = decrypt(token, wrong)
    corrupted = decrypt(flip_last_tag_byte(token), right)
    assert (
        (wrong_key.status, wrong_key.message) == (corrupted.status, corrupted.message) == ("failed", WRONG_KEY_MESSAGE)
    )
    assert wrong_key.header == corrupted.header == json.loads(b64decode(token.split(".")[0]))


# ---- unsupported is not wrong --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"alg": "RSA-OAEP-384"}, "'RSA-OAEP-384'"),
        ({"alg": "ECDH-1PU"}, "'ECDH-1PU'"),
        ({"alg": "HS256"}, "'HS256'"),
        ({"alg": "none"}, "'none'"),
        ({"alg": ["A128KW"]}, '["A128KW"]'),
        ({"enc": "A128CBC"}, "'A128CBC'"),
        ({"enc": "C20P"}, "'C20P'"),
        ({"zip": "GZIP"}, "'GZIP'"),
        ({"crit": ["exp"], "exp": 1}, "'exp'"),
    ],
)
def test_unsupported_names_are_reported_as_unsupported(changes, named):
    token = with_header(make("A128KW", "A128GCM"), **changes)
    result = decrypt(token, DecryptKey("secret", b64(symmetric(16))))
    assert result.status == "unsupported"
    assert named in result.message
    assert result.message != WRONG_KEY_MESSAGE
    assert result.header is not None and all(result.header[k] == v for k, v in changes.items())


# ---- the key must fit the algorithm ------------------------------------------------------------------


def test_public_keys_cannot_decrypt():
    rsa_token, ec_token = make("RSA-OAEP", "A128GCM"), make("ECDH-ES", "A128GCM")
    cases = [
        (rsa_token, DecryptKey("pem", public_pem(rsa_key()))),
        (rsa_token, DecryptKey("jwk", RSAKey(rsa_key().public_key(), None).as_dict())),
        (rsa_token, DecryptKey("pem", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host")),
        (ec_token, DecryptKey("pem", public_pem(ec_key("P-256")))),
        (ec_token, DecryptKey("jwk", json.dumps(ECKey(ec_key("P-256").public_key(), None).as_dict()))),
    ]
    for token, key in cases:
        result = decrypt(token, key)
        assert (result.status, result.message) == ("failed", PUBLIC_KEY_MESSAGE)
        assert "a public key cannot decrypt; give the private key" in result.message
        assert result.header is not None


@pytest.mark.parametrize(
    ("alg", "key", "expected"),
    [
        (
            "A128KW",
            DecryptKey("password", PASSWORD),
            "'A128KW' needs a symmetric key (base64url secret or an oct JWK); you gave a password.",
        ),
        (
            "PBES2-HS256+A128KW",
            DecryptKey("secret", b64(symmetric(16))),
            "'PBES2-HS256+A128KW' needs a password; you gave a symmetric secret.",
        ),
        (
            "RSA-OAEP",
            DecryptKey("secret", b64(symmetric(16))),
            "'RSA-OAEP' needs an RSA private key (PEM or JWK); you gave a symmetric secret.",
        ),
        (
            "RSA-OAEP",
            DecryptKey("pem", pem(ec_key("P-256"))),
            "'RSA-OAEP' needs an RSA private key (PEM or JWK); you gave an EC P-256 key.",
        ),
        (
            "ECDH-ES",
            DecryptKey("pem", pem(rsa_key())),
            "'ECDH-ES' needs an EC private key (P-256, P-384 or P-521; or X25519/X448), as PEM or JWK; you gave an RSA key.",
        ),
        (
            "ECDH-ES",
            DecryptKey("pem", pem(ec_key("P-384"))),
            "The token's ephemeral key (epk) is on P-256, but your key is on P-384: they must match.",
        ),
        (
            "A128KW",
            DecryptKey("jwk", RSAKey(rsa_key(), None).as_dict(private=True)),
            "'A128KW' needs a symmetric key (base64url secret or an oct JWK); you gave an RSA key.",
        ),
        (
            "A128KW",
            DecryptKey("secret", b64(symmetric(32))),
            "'A128KW' needs a 128-bit (16-byte) key; this one is 32 bytes.",
        ),
        (
            "dir",
            DecryptKey("secret", b64(symmetric(16))),
            "'dir' with 'A256CBC-HS512' needs a 512-bit (64-byte) key; this one is 16 bytes.",
        ),
        (
            "A128KW",
            DecryptKey("jwk", {"kty": "oct", "k": b64(symmetric(16)), "alg": "A128GCMKW"}),
            "The JWK is for 'A128GCMKW' (its 'alg'), but the token uses 'A128KW'.",
        ),
        (
            "A128KW",
            DecryptKey("jwk", {"kty": "oct", "k": b64(symmetric(16)), "use": "sig"}),
            "The JWK's 'use' is 'sig', not 'enc', so it is not an encryption key.",
        ),
        (
            "A128KW",
            DecryptKey("jwk", {"kty": "oct", "k": b64(symmetric(16)), "key_ops": ["sign"]}),
            "The JWK's 'key_ops' does not allow decryption (it needs 'decrypt', 'unwrapKey' or 'deriveKey').",
        ),
        (
            "A128KW",
            DecryptKey("jwk", {"keys": [{"kty": "oct", "k": b64(symmetric(16))}]}),
            "This is a JWK Set; give the one private JWK to decrypt with.",
        ),
        ("A128KW", DecryptKey("jwk", "{not json"), "The JWK is not valid JSON."),
        (
            "A128KW",
            DecryptKey("secret", "c2VjcmV0+/"),
            "The secret must be the key bytes in base64url, but it contains '+' or '/' from standard base64, not base64url.",
        ),
        ("A128KW", DecryptKey("hex", "00"), "Unknown key type 'hex'; use pem, jwk, secret or password."),
        (
            "RSA-OAEP",
            DecryptKey("pem", "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----"),
            "The text between the BEGIN and END lines is not a valid private key.",
        ),
        (
            "RSA-OAEP",
            DecryptKey("pem", '{"kty": "RSA"}'),
            "This looks like a JWK, not PEM text: choose JWK as the key type.",
        ),
        ("PBES2-HS256+A128KW", DecryptKey("password", ""), "The password is empty."),
    ],
)
def test_key_that_does_not_fit_says_what_the_alg_needs(alg, key, expected):
    enc = "A256CBC-HS512" if alg == "dir" else "A128GCM"
    result = decrypt(make(alg, enc), key)
    assert (result.status, result.message) == ("failed", expected)


def test_encrypted_pem_is_asked_for_without_passphrase():
    encrypted = (
        rsa_key()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"pw")
        )
        .decode()
    )
    result = decrypt(make("RSA-OAEP", "A128GCM"), DecryptKey("pem", encrypted))
    assert result.status == "failed"
    assert "encrypted with a passphrase" in result.message


# ---- the caps ---------------------------------------------------------------------------------------


def test_zip_bomb_is_refused():
    bomb = b"\0" * (16 * 1024 * 1024)  # 16 MiB of zeros deflate to about 16 KB
    token = make("A128KW", "A128GCM", bomb, zip="DEF")
    assert len(token) < 64 * 1024
    started = time.perf_counter()
    result = decrypt(token, decrypt_key_for("A128KW", "A128GCM"))
    assert time.perf_counter() - started < 1
    assert result.status == "refused"
    assert (
        result.message
        == "The content is compressed (zip: DEF) and inflates to more than 262,144 bytes, so it was not decompressed (a guard against zip bombs)."
    )
    assert result.plaintext is None


def test_zip_at_the_cap_decrypts_and_one_byte_over_is_refused():
    key = decrypt_key_for("A128KW", "A128GCM")
    at_cap = decrypt(make("A128KW", "A128GCM", b"a" * MAX_PLAINTEXT_BYTES, zip="DEF"), key)
    assert at_cap.status == "decrypted" and at_cap.plaintext == b"a" * MAX_PLAINTEXT_BYTES
    assert at_cap.warnings == (jwe.ZIP_WARNING,)
    assert decrypt(make("A128KW", "A128GCM", b"a" * (MAX_PLAINTEXT_BYTES + 1), zip="DEF"), key).status == "refused"


@pytest.mark.parametrize("extra", [1, 100, 197, 258, 1000])
def test_zip_just_over_the_cap_is_refused_never_truncated(extra):
    """joserfc's own DEF model returns such plaintexts cut to its cap without an error."""
    plaintext = (b"ab" * MAX_PLAINTEXT_BYTES)[: MAX_PLAINTEXT_BYTES + extra]
    result = decrypt(make("A128KW", "A128GCM", plaintext, zip="DEF"), decrypt_key_for("A128KW", "A128GCM"))
    assert (result.status, result.plaintext) == ("refused", None)


def test_zip_with_bad_deflate_data_is_the_one_failure_message():
    """Encrypted fine, but the content is not a complete DEFLATE stream."""
    truncated = zlib.compress(CLAIMS * 50)[2:-10]  # raw deflate, cut short
    for content in (truncated, b"\xff\xff\xff\xff"):
        token = jose_jwe.encrypt_compact(
            {"alg": "A128KW", "enc": "A128GCM", "zip": "DEF"},
            b"",
            OctKey(symmetric(16), None),
            registry=_RawZipRegistry(content),
        )
        result = decrypt(token, decrypt_key_for("A128KW", "A128GCM"))
        assert (result.status, result.message) == ("failed", WRONG_KEY_MESSAGE)


class _RawZipRegistry(jose_jwe.JWERegistry):
    """Encrypts a fixed byte string as the 'compressed' content, whatever the plaintext."""

    def __init__(self, raw: bytes) -> None:
        super().__init__(algorithms=["A128KW", "A128GCM", "DEF"])
        self._raw = raw

    def get_zip(self, name: str) -> Any:
        raw = self._raw

        class Fixed:
            def compress(self, s: bytes) -> bytes:
                return raw

        return Fixed()


def test_pbes2_count_above_the_cap_is_refused_before_pbkdf2():
    token = with_header(make("PBES2-HS512+A256KW", "A256GCM"), p2c=2**31 - 1)
    started = time.perf_counter()
    result = decrypt(token, DecryptKey("password", PASSWORD))
    assert time.perf_counter() - started < 1
    assert result.status == "refused"
    assert result.message == (
        "The token asks for 2,147,483,647 PBES2 iterations (p2c); the limit is 310,000, "
        "so decryption was not attempted (a huge count is a way to burn the server's CPU)."
    )
    assert result.header is not None and result.header["p2c"] == 2**31 - 1
    assert (
        decrypt(with_header(token, p2c=MAX_PBES2_ITERATIONS + 1), DecryptKey("password", PASSWORD)).status == "refused"
    )


def test_pbes2_count_at_the_cap_decrypts():
    """joserfc alone stops at 300,000; the module's own registry allows the documented cap."""
    token = make("PBES2-HS512+A256KW", "A256GCM", p2c=MAX_PBES2_ITERATIONS)
    result = decrypt(token, DecryptKey("password", PASSWORD))
    assert (result.status, result.plaintext) == ("decrypted", CLAIMS)


@pytest.mark.parametrize("p2c", [0, -5, "1000", 1000.0, True, None])
def test_pbes2_count_that_is_not_a_positive_integer_fails_by_name(p2c):
    token = with_header(make("PBES2-HS256+A128KW", "A128GCM"), p2c=p2c)
    result = decrypt(token, DecryptKey("password", PASSWORD))
    assert result.status == "failed"
    assert result.message.startswith("The PBES2 iteration count (p2c) must be a positive whole number")


@pytest.mark.parametrize("p2s", [b64(b"7bytes!"), "not base64!", 12, None])
def test_pbes2_salt_must_be_base64url_of_8_bytes_or_more(p2s):
    token = with_header(make("PBES2-HS256+A128KW", "A128GCM"), p2s=p2s)
    result = decrypt(token, DecryptKey("password", PASSWORD))
    assert (result.status, result.message) == (
        "failed",
        "A PBES2 token needs 'p2s', the salt input, as base64url text of at least 8 bytes (RFC 7518 section 4.8.1.1).",
    )


# ---- malformed tokens --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("", "An encrypted token (JWE) in compact form has 5 parts separated by dots; this one has 1."),
        ("a.b.c", "An encrypted token (JWE) in compact form has 5 parts separated by dots; this one has 3."),
        ("e30.e30.e30.e30.e30", "The header has no 'alg', so the key management algorithm is unknown."),
        ("W10....", "The protected header is an array, not a JSON object."),
        ("e30=....", "The protected header is not valid base64url: it has '=' padding, which JWTs must not use."),
        (
            b64(b'{"alg":"A128KW","alg":"dir","enc":"A128GCM"}') + "....",
            parse_json_strict(b'{"alg":"A128KW","alg":"dir","enc":"A128GCM"}', "header")[1][0].message,
        ),
        (
            b64(b'{"alg":"A128KW","enc":"A128GCM"}') + ".a+b...",
            "The encrypted key is not valid base64url: it contains '+' or '/' from standard base64, not base64url.",
        ),
        (
            b64(b'{"alg":"ECDH-ES","enc":"A128GCM"}') + "....",
            "An ECDH-ES token needs 'epk', the sender's ephemeral public key, as a JWK object.",
        ),
        (
            b64(b'{"alg":"A128GCMKW","enc":"A128GCM"}') + "....",
            "An A128GCMKW token needs 'iv' and 'tag' (of the key wrapping) as base64url text.",
        ),
        ("A" * (64 * 1024 + 1), "The token is 65,537 bytes; the limit is 65,536."),
    ],
)
def test_malformed_token_says_why(token, expected):
    result = decrypt(token, DecryptKey("secret", b64(symmetric(16))))
    assert result.status == "failed"
    assert result.message == expected


def test_not_text_is_failed_not_raised():
    assert decrypt(None, DecryptKey("secret", "AAAA")).message == "The token must be text."  # type: ignore[arg-type]
    assert decrypt(make("A128KW", "A128GCM"), None).message == "No decryption key was given."  # type: ignore[arg-type]


# ---- nesting ---------------------------------------------------------------------------------------


def test_nested_by_cty_in_any_case_or_by_content():
    inner_jws = _load("jose-cookbook/6.nesting_signatures_and_encryption.json")["sign"]["output"]["compact"].encode()
    key = decrypt_key_for("A128KW", "A128GCM")
    assert decrypt(make("A128KW", "A128GCM", inner_jws), key).nested is True  # no cty: by content
    assert decrypt(make("A128KW", "A128GCM", b"not a token", cty="jwt"), key).nested is True
    assert decrypt(make("A128KW", "A128GCM", b"not a token", cty="application/JWT"), key).nested is True
    assert decrypt(make("A128KW", "A128GCM", CLAIMS, cty="json"), key).nested is False
    assert decrypt(make("A128KW", "A128GCM", b"a.b.c"), key).nested is False


# ---- garbage never raises ---------------------------------------------------------------------------

B64URL = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=40)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
HEADER_NAMES = st.sampled_from(
    ["alg", "enc", "zip", "crit", "p2c", "p2s", "epk", "iv", "tag", "cty", "kid", "apu", "apv"]
)
ALG_VALUES = st.sampled_from(sorted(SUPPORTED_ALGS) + ["RSA-OAEP-384", "none", ""]) | JSON_VALUES
HEADERS = st.fixed_dictionaries(
    {"alg": ALG_VALUES, "enc": st.sampled_from(sorted(SUPPORTED_ENCS)) | JSON_VALUES},
    optional={
        "zip": st.sampled_from(["DEF", "deF"]) | JSON_VALUES,
        "p2c": st.sampled_from([0, -1, 1, 1000, 10**12, "x", None, 2.5]),
        "p2s": B64URL | JSON_VALUES,
        "epk": st.just({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}) | JSON_VALUES,
        "iv": B64URL,
        "tag": B64URL,
        "crit": JSON_VALUES,
    },
) | st.dictionaries(HEADER_NAMES, JSON_VALUES, max_size=5)


@cache
def _valid_tokens() -> tuple[str, ...]:
    return tuple(make(alg, "A128GCM") for alg in ("A128KW", "dir", "A128GCMKW", "ECDH-ES", "PBES2-HS256+A128KW"))


@st.composite
def garbage_tokens(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["text", "segments", "header", "mutated"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    if kind == "segments":
        return ".".join(draw(st.lists(B64URL, min_size=4, max_size=6)))
    if kind == "header":
        header = draw(HEADERS)
        return ".".join([b64(json.dumps(header).encode()), *draw(st.lists(B64URL, min_size=4, max_size=4))])
    token = draw(st.sampled_from(_valid_tokens()))
    position = draw(st.integers(0, len(token) - 1))
    return token[:position] + draw(st.sampled_from(list("A_-.=+/ é\0"))) + token[position + 1 :]


KEYS = st.builds(
    DecryptKey,
    type=st.sampled_from(["pem", "jwk", "secret", "password", "bogus"]),
    value=st.one_of(
        st.text(max_size=60),
        st.none(),
        st.integers(),
        st.dictionaries(
            st.sampled_from(["kty", "k", "d", "n", "e", "x", "y", "crv", "alg", "use", "key_ops", "keys"]),
            JSON_VALUES,
            max_size=6,
        ),
        st.sampled_from(
            [
                b64(symmetric(16)),
                PASSWORD,
                pem(ec_key("P-256")),
                public_pem(ec_key("P-256")),
                {"kty": "oct", "k": b64(symmetric(16))},
            ]
        ),
    ),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token=garbage_tokens(), key=KEYS)
def test_garbage_never_raises(token, key):
    assert_sane(decrypt(token, key))
