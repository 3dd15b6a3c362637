"""What a stored report keeps, and what it never keeps."""

from __future__ import annotations

import json

import pytest

from jwtdebugger.core import Expectations, KeyInput, inspect
from jwtdebugger.reports.documents import build_document, credential_forms, key_input_facts, storable, without_userinfo
from jwtdebugger.reports.redaction import REMOVED
from tests.keys import NOW, SECRET, ec_key, make_token, public_jwk, public_pem, rsa_key


def build(token, key=None, expect=None, hide=()):
    expect = expect or Expectations()
    data = inspect(token, key=key, expect=expect, at=NOW).to_dict()
    return data, build_document(data, token_text=token, key=key, expect=expect, hide=hide)


def test_signature_is_dropped_and_the_rest_of_the_token_kept():
    token = make_token({"sub": "alice", "exp": NOW + 60})
    data, document = build("Bearer " + token, KeyInput("secret", SECRET))
    assert data["token"]["signature"] == token.split(".")[2]
    assert document["token"] == {**data["token"], "signature": None}
    assert document["token"]["cleaned"] == data["token"]["cleaned"] != []
    assert document["verdict"] == "valid"
    assert [(c["id"], c["lesson"]) for c in document["checks"]] == [(c["id"], c.get("lesson")) for c in data["checks"]]
    assert document["evaluated_at"] == NOW and document["leeway"] == 0


def test_an_hmac_key_keeps_its_description_but_no_thumbprint():
    _, document = build(make_token(), KeyInput("secret", SECRET, "utf8"))
    assert document["key_input"] == {"type": "secret", "encoding": "utf8"}
    assert document["key"]["kind"] == "hmac"
    assert document["key"]["thumbprint"] is None
    assert document["key"]["description"] == "an HMAC secret of 69 bytes (utf8)"


def test_a_public_key_keeps_its_rfc7638_thumbprint():
    token = make_token(alg="RS256", key=rsa_key())
    data, document = build(token, KeyInput("pem", public_pem(rsa_key())))
    assert document["key_input"] == {"type": "pem"}
    assert document["key"]["thumbprint"] == data["key"]["thumbprint"]
    assert len(document["key"]["thumbprint"]) == 43


def test_a_key_set_keeps_only_the_listed_members_of_each_key():
    jwks = {"keys": [public_jwk(ec_key(), kid="k1", use="sig"), public_jwk(rsa_key(), kid="k2")]}
    token = make_token(alg="ES256", key=ec_key(), headers={"kid": "k1"})
    data, document = build(token, KeyInput("jwks", jwks))
    assert data["verdict"] == "valid"
    assert [set(entry) for entry in document["key_set"]] == [
        {"kid", "kty", "size", "use", "alg", "thumbprint", "matched"}
    ] * 2
    assert [(e["kid"], e["kty"], e["matched"]) for e in document["key_set"]] == [
        ("k1", "EC", True),
        ("k2", "RSA", False),
    ]


def test_an_oct_key_in_a_set_loses_its_thumbprint():
    jwks = {"keys": [{"kty": "oct", "kid": "h1", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0"}]}
    _, document = build(
        make_token(headers={"kid": "h1"}, key="secret-secret-secret-secret-secret-1234"), KeyInput("jwks", jwks)
    )
    assert document["key_set"][0]["kty"] == "oct"
    assert document["key_set"][0]["thumbprint"] is None
    assert document["verdict"] == "valid"
    assert (document["key"]["kind"], document["key"]["thumbprint"]) == ("hmac", None)


def test_remote_key_kinds_keep_where_the_keys_came_from_without_credentials():
    assert key_input_facts(KeyInput("jwks_url", " https://idp.example/jwks.json ")) == {
        "type": "jwks_url",
        "url": "https://idp.example/jwks.json",
    }
    assert key_input_facts(KeyInput("jwks_url", "https://user:pw@idp.example/jwks")) == {
        "type": "jwks_url",
        "url": "https://idp.example/jwks",
    }
    assert key_input_facts(KeyInput("issuer", "")) == {"type": "issuer", "issuer": None}
    assert key_input_facts(None) is None
    assert without_userinfo("https://idp.example/a@b") == "https://idp.example/a@b"


def test_expectations_used_are_kept():
    expect = Expectations(iss="https://issuer", aud=("a", "b"), required=("jti",))
    _, document = build(make_token(), KeyInput("secret", SECRET), expect)
    assert document["expectations"] == {"iss": "https://issuer", "aud": ["a", "b"], "required": ["jti"]}


def test_the_secret_is_scrubbed_even_from_claims_that_repeat_it():
    token = make_token({"note": f"my secret is {SECRET}", "exp": NOW + 60})
    _, document = build(token, KeyInput("secret", SECRET))
    assert document["token"]["payload"]["note"] == f"my secret is {REMOVED}"
    assert SECRET not in json.dumps(document)


def test_credential_forms_cover_token_segments_pem_lines_and_jwk_members():
    token = make_token(alg="RS256", key=rsa_key())
    pem = public_pem(rsa_key())
    forms = credential_forms(token, KeyInput("pem", pem))
    assert token in forms and token.split(".")[2] in forms
    assert all(line in forms for line in pem.splitlines() if not line.startswith("-----"))
    jwk = public_jwk(rsa_key())
    forms = credential_forms(token, KeyInput("jwk", json.dumps(jwk)))
    assert jwk["n"] in forms
    assert str(rsa_key().public_key().public_numbers().n) in forms


def test_storable_text_for_postgresql_jsonb():
    assert storable({"a\x00": ["x\x00y", "\ud800", 1.5, float("inf")]}) == {
        "a\ufffd": ["x\ufffdy", "\ufffd", 1.5, "inf"]
    }


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # weak on purpose
def test_a_weak_secret_found_by_the_audit_is_not_stored():
    token = make_token({"sub": "x", "exp": NOW + 60}, key="secret")
    data, document = build(token)  # no key given: the audit finds "secret" on its own
    weak = next(c for c in data["checks"] if c["id"] == "lint.weak_secret")
    assert (weak["status"], weak["actual"]) == ("fail", "secret") and "'secret'" in weak["message"]
    stored = next(c for c in document["checks"] if c["id"] == "lint.weak_secret")
    assert stored["actual"] == REMOVED
    assert stored["message"].startswith(
        f"Anyone can forge tokens: this token is signed with {REMOVED}, a known weak or leaked secret"
    )
    assert "'secret'" not in json.dumps(document) and '"secret"' not in json.dumps(document)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # weak on purpose
def test_the_jwt_io_example_secret_is_not_stored():
    token = make_token({"sub": "1234567890", "name": "John Doe", "iat": 1516239022}, key="your-256-bit-secret")
    _, document = build(token, KeyInput("secret", "your-256-bit-secret"))
    assert "your-256-bit-secret" not in json.dumps(document)
    assert next(c for c in document["checks"] if c["id"] == "lint.weak_secret")["actual"] == REMOVED
