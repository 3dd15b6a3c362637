import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jwtdebugger.core import KeyInput, Status, inspect
from jwtdebugger.core.keys import decode_secret, is_roca_modulus, load_key, thumbprint
from tests.keys import NOW, SECRET, ec_key, ed_key, make_token, private_pem, public_jwk, public_pem, rsa_key


def forge_hs256(payload, secret: bytes) -> str:
    """What an attacker does: HMAC the token with the public key's bytes (PyJWT refuses to)."""
    import hashlib
    import hmac

    from jwtdebugger.core.tokens import b64url_encode

    signing_input = b64url_encode(b'{"alg":"HS256","typ":"JWT"}') + "." + b64url_encode(json.dumps(payload).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url_encode(signature)


def _key(report):
    return report.check("key")


def _sig(report):
    return report.check("signature").status


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf8", SECRET),
        ("base64", base64.b64encode(SECRET.encode()).decode()),
        ("base64url", base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("=")),
    ],
)
def test_secret_encodings(encoding, text):
    report = inspect(make_token(), key=KeyInput("secret", text, encoding), at=NOW)
    assert _sig(report) is Status.PASS
    assert report.verdict == "valid"


def test_bad_base64_secret_is_a_key_failure():
    report = inspect(make_token(), key=KeyInput("secret", "not base64!!", "base64"), at=NOW)
    assert _key(report).status is Status.FAIL
    assert "not valid base64" in _key(report).message
    assert _sig(report) is Status.SKIP


def test_decode_secret_base64url_rejects_standard_alphabet():
    with pytest.raises(ValueError):
        decode_secret("ab+/", "base64url")


def test_wrong_secret_fails_signature():
    report = inspect(make_token(), key=KeyInput("secret", SECRET + "x"), at=NOW)
    assert _sig(report) is Status.FAIL
    assert "does not match" in report.check("signature").message
    assert report.verdict == "invalid"


def test_short_hmac_secret_is_refused_but_signature_reported():
    token = make_token(key="short-secret")
    report = inspect(token, key=KeyInput("secret", "short-secret"), at=NOW)
    assert _key(report).status is Status.FAIL
    assert "12 bytes; HS256 needs at least 32 bytes" in _key(report).message
    assert _sig(report) is Status.FAIL
    assert "signature matches, but the key was refused" in report.check("signature").message
    assert report.verdict == "invalid"


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"])
def test_rsa_pem_spki_verifies(alg):
    token = make_token(alg=alg, key=rsa_key())
    report = inspect(token, key=KeyInput("pem", public_pem(rsa_key())), at=NOW)
    assert report.verdict == "valid", [c.message for c in report.failing]


def test_rsa_pem_pkcs1_and_certificate():
    token = make_token(alg="RS256", key=rsa_key())
    pkcs1 = public_pem(rsa_key(), serialization.PublicFormat.PKCS1)
    assert inspect(token, key=KeyInput("pem", pkcs1), at=NOW).verdict == "valid"
    cert = _self_signed_certificate(rsa_key())
    report = inspect(token, key=KeyInput("pem", cert), at=NOW)
    assert report.verdict == "valid"
    assert "X.509 certificate" in _key(report).message


def _self_signed_certificate(private):
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test")])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def test_private_key_pem_is_accepted_with_a_warning():
    token = make_token(alg="RS256", key=rsa_key())
    report = inspect(token, key=KeyInput("pem", private_pem(rsa_key())), at=NOW)
    assert report.verdict == "valid"
    assert _key(report).status is Status.WARN
    assert "only the public part is needed" in _key(report).message


@pytest.mark.parametrize(("alg", "curve"), [("ES256", "P-256"), ("ES384", "P-384"), ("ES512", "P-521")])
def test_ec_jwk_verifies(alg, curve):
    token = make_token(alg=alg, key=ec_key(curve))
    report = inspect(token, key=KeyInput("jwk", public_jwk(ec_key(curve))), at=NOW)
    assert report.verdict == "valid"


def test_ec_curve_must_match_alg():
    token = make_token(alg="ES256", key=ec_key("P-256"))
    report = inspect(token, key=KeyInput("jwk", public_jwk(ec_key("P-384"))), at=NOW)
    assert _key(report).status is Status.FAIL
    assert "ES256 needs the curve P-256, but the key is on P-384" in _key(report).message


def test_eddsa_pem_verifies():
    token = make_token(alg="EdDSA", key=ed_key())
    assert inspect(token, key=KeyInput("pem", public_pem(ed_key())), at=NOW).verdict == "valid"


def test_public_key_is_never_an_hmac_secret():
    pem = public_pem(rsa_key())
    forged = forge_hs256({"sub": "admin", "exp": NOW + 60}, pem.encode())
    # As a PEM key: the key decides the family, so HS256 cannot be used with it.
    report = inspect(forged, key=KeyInput("pem", pem), at=NOW)
    assert _key(report).status is Status.FAIL
    assert "HS256 needs an HMAC secret, but the key is an RSA key" in _key(report).message
    assert _sig(report) is Status.SKIP
    # Pasted as a "secret": refused too.
    report = inspect(forged, key=KeyInput("secret", pem), at=NOW)
    assert _key(report).status is Status.FAIL
    assert "looks like a public key" in _key(report).message
    assert report.verdict == "invalid"


def test_jwk_use_enc_and_key_ops_without_verify_are_refused():
    token = make_token(alg="RS256", key=rsa_key())
    for extra, member in (
        ({"use": "enc"}, "'use'"),
        ({"key_ops": ["sign"]}, "'key_ops'"),
        ({"key_ops": "verify"}, "'key_ops'"),
    ):
        report = inspect(token, key=KeyInput("jwk", public_jwk(rsa_key(), **extra)), at=NOW)
        assert _key(report).status is Status.FAIL
        assert member in _key(report).message


def test_jwk_alg_must_equal_token_alg():
    token = make_token(alg="RS256", key=rsa_key())
    report = inspect(token, key=KeyInput("jwk", public_jwk(rsa_key(), alg="PS256")), at=NOW)
    assert "The JWK is for PS256, but the token uses RS256" in _key(report).message
    assert report.verdict == "invalid"


def test_jwk_as_json_text_and_garbage():
    token = make_token(alg="RS256", key=rsa_key())
    assert inspect(token, key=KeyInput("jwk", json.dumps(public_jwk(rsa_key()))), at=NOW).verdict == "valid"
    report = inspect(token, key=KeyInput("jwk", "{not json"), at=NOW)
    assert "The JWK is not valid JSON" in _key(report).message
    report = inspect(token, key=KeyInput("jwk", {"kty": "RSA", "n": "AQAB"}), at=NOW)
    assert _key(report).status is Status.FAIL


def _jwks(*keys):
    return {"keys": list(keys)}


def test_jwks_picks_by_kid():
    token = make_token(alg="RS256", key=rsa_key(), headers={"kid": "b"})
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks = _jwks(public_jwk(other, kid="a"), public_jwk(rsa_key(), kid="b"), public_jwk(ec_key(), kid="c"))
    report = inspect(token, key=KeyInput("jwks", jwks), at=NOW)
    assert report.verdict == "valid"
    assert "kid 'b'" in _key(report).message


def test_jwks_unknown_kid_says_rotated():
    token = make_token(alg="RS256", key=rsa_key(), headers={"kid": "zzz"})
    report = inspect(token, key=KeyInput("jwks", _jwks(public_jwk(rsa_key(), kid="a"))), at=NOW)
    assert "may have rotated its keys" in _key(report).message
    assert report.verdict == "invalid"


def test_jwks_without_kid_and_several_candidates_is_refused():
    token = make_token(alg="RS256", key=rsa_key())
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    report = inspect(
        token, key=KeyInput("jwks", _jwks(public_jwk(other, kid="a"), public_jwk(rsa_key(), kid="b"))), at=NOW
    )
    assert "has no 'kid'" in _key(report).message
    assert _sig(report) is Status.SKIP


def test_jwks_without_kid_and_one_candidate_is_used():
    token = make_token(alg="RS256", key=rsa_key())
    report = inspect(token, key=KeyInput("jwks", _jwks(public_jwk(rsa_key()), public_jwk(ec_key(), kid="e"))), at=NOW)
    assert report.verdict == "valid"


def test_jwks_duplicate_kid_and_mixed_sets_are_refused():
    token = make_token(alg="RS256", key=rsa_key(), headers={"kid": "a"})
    report = inspect(
        token, key=KeyInput("jwks", _jwks(public_jwk(rsa_key(), kid="a"), public_jwk(rsa_key(), kid="a"))), at=NOW
    )
    assert "2 keys with kid 'a'" in _key(report).message
    mixed = _jwks(public_jwk(rsa_key(), kid="a"), {"kty": "oct", "k": "c2VjcmV0", "kid": "s"})
    report = inspect(token, key=KeyInput("jwks", mixed), at=NOW)
    assert "mixes secret (oct) keys and public keys" in _key(report).message


def test_weak_rsa_key_is_refused():
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    token = make_token(alg="RS256", key=weak)
    report = inspect(token, key=KeyInput("pem", public_pem(weak)), at=NOW)
    assert "1024 bits; at least 2048" in _key(report).message
    assert report.verdict == "invalid"


def test_roca_detector_flags_fingerprint_not_random_moduli():
    # A modulus built to carry the fingerprint (a product of two numbers of the ROCA form
    # k*M + 65537^a mod M) is flagged; ordinary moduli are not.
    from math import prod

    from jwtdebugger.core.keys import _ROCA_PRIMES

    m = prod(_ROCA_PRIMES)
    p = 12345 * m + pow(65537, 77, m)
    q = 54321 * m + pow(65537, 1234, m)
    assert is_roca_modulus(p * q)
    assert not is_roca_modulus(rsa_key().public_key().public_numbers().n)


def test_rfc7638_thumbprint_example():
    # RFC 7638 section 3.1
    jwk = {
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_load_key_unknown_type():
    assert load_key(KeyInput("x509", "...")).failure is not None


def test_hs_token_with_oct_jwk():
    secret = SECRET.encode()
    jwk = {"kty": "oct", "k": base64.urlsafe_b64encode(secret).decode().rstrip("="), "alg": "HS256"}
    assert inspect(make_token(), key=KeyInput("jwk", jwk), at=NOW).verdict == "valid"
