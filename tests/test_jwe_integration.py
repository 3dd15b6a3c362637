"""Encrypted tokens through the API and the page: decrypt, show both layers, explain."""

import json

import pytest
from joserfc import jwe as jose_jwe
from joserfc.jwk import OctKey, RSAKey

from jwtdebugger.core.jwe import WRONG_KEY_MESSAGE
from tests.keys import NOW, make_token, private_pem, public_pem, rsa_key

SYMMETRIC = "GawgguFyGrWKav7AX4VKUg"  # 16 bytes, base64url (RFC 7520 5.8's key)


def nested(alg="RSA-OAEP-256", enc="A256GCM", key=None, claims=None):
    inner = make_token(claims or {"sub": "alice", "aud": "orders", "exp": NOW + 600}, alg="RS256", key=rsa_key())
    registry = jose_jwe.JWERegistry(algorithms=[alg, enc])
    recipient = key or RSAKey.import_key(public_pem(rsa_key(3072)))
    return inner, jose_jwe.encrypt_compact(
        {"alg": alg, "enc": enc, "cty": "JWT"}, inner.encode(), recipient, registry=registry
    )


def post(client, body):
    response = client.post("/api/v1/inspect", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_nested_token_is_decrypted_and_the_inner_token_verified(client):
    from tests.test_api import schema

    inner, token = nested()
    body = post(
        client,
        {
            "token": token,
            "key": {"type": "pem", "value": public_pem(rsa_key())},
            "decrypt_key": {"type": "pem", "value": private_pem(rsa_key(3072))},
            "expect": {"aud": "orders"},
            "at": NOW,
        },
    )
    assert body["verdict"] == "valid"
    assert body["token"]["format"] == "jwe"
    assert next(c for c in body["checks"] if c["id"] == "decrypt")["status"] == "pass"
    layer = body["jwe"]
    assert layer["header"]["cty"] == "JWT" and layer["nested"] is True
    assert layer["plaintext"] == inner
    assert layer["inner"]["verdict"] == "valid"
    assert next(c for c in layer["inner"]["checks"] if c["id"] == "claim.aud")["status"] == "pass"
    schema("InspectResponse").validate(body)


def test_inner_failures_make_the_whole_token_invalid(client):
    _, token = nested(claims={"sub": "alice", "exp": NOW - 60})
    body = post(
        client,
        {
            "token": token,
            "key": {"type": "pem", "value": public_pem(rsa_key())},
            "decrypt_key": {"type": "pem", "value": private_pem(rsa_key(3072))},
            "at": NOW,
        },
    )
    assert body["verdict"] == "invalid"
    assert next(c for c in body["jwe"]["inner"]["checks"] if c["id"] == "claim.exp")["status"] == "fail"


@pytest.mark.parametrize("tamper", [False, True])
def test_wrong_key_and_corrupted_token_get_the_same_words(client, tamper):
    _, token = nested()
    key = private_pem(rsa_key(3072))
    if tamper:
        parts = token.split(".")
        parts[3] = ("A" if parts[3][0] != "A" else "B") + parts[3][1:]
        token = ".".join(parts)
    else:
        key = private_pem(rsa_key())
    body = post(client, {"token": token, "decrypt_key": {"type": "pem", "value": key}, "at": NOW})
    decrypt = next(c for c in body["checks"] if c["id"] == "decrypt")
    assert decrypt["status"] == "fail" and decrypt["message"] == WRONG_KEY_MESSAGE
    assert body["verdict"] == "invalid"


def test_symmetric_key_and_non_jwt_content(client):
    registry = jose_jwe.JWERegistry(algorithms=["A128KW", "A128CBC-HS256"])
    token = jose_jwe.encrypt_compact(
        {"alg": "A128KW", "enc": "A128CBC-HS256"},
        b'{"note": "hello"}',
        OctKey.import_key({"kty": "oct", "k": SYMMETRIC}),
        registry=registry,
    )
    body = post(client, {"token": token, "decrypt_key": {"type": "secret", "value": SYMMETRIC}})
    assert body["jwe"]["plaintext"] == '{"note": "hello"}'
    assert body["jwe"]["nested"] is False and body["jwe"]["inner"] is None
    assert body["verdict"] == "unverified"


def test_unsupported_algorithm_is_reported_as_unsupported(client):
    from jwtdebugger.core.tokens import b64url_encode

    header = b64url_encode(b'{"alg":"RSA-OAEP-384","enc":"A256GCM"}')
    body = post(
        client,
        {
            "token": f"{header}.AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA",
            "decrypt_key": {"type": "pem", "value": private_pem(rsa_key())},
        },
    )
    decrypt = next(c for c in body["checks"] if c["id"] == "decrypt")
    assert decrypt["status"] == "warn" and "RSA-OAEP-384" in decrypt["message"]
    assert WRONG_KEY_MESSAGE not in decrypt["message"]
    assert body["verdict"] == "unverified"


def test_bad_decrypt_key_field_is_a_400(client):
    response = client.post(
        "/api/v1/inspect",
        data=json.dumps({"token": "x", "decrypt_key": {"type": "rsa", "value": "x"}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_field"


def test_page_shows_both_layers(client):
    inner, token = nested()
    html = client.post(
        "/",
        {
            "token": token,
            "key_type": "pem",
            "key": public_pem(rsa_key()),
            "decrypt_type": "pem",
            "decrypt_key": private_pem(rsa_key(3072)),
            "at": str(NOW),
        },
    ).content.decode()
    assert '<p class="verdict-word">Valid</p>' in html
    assert "Encrypted layer (JWE)" in html
    assert "<code>cty</code>" in html and "Content type of the payload" in html
    assert inner.split(".")[1] in html  # the inner token's parts are shown
    assert "Subject (sub)" in html
