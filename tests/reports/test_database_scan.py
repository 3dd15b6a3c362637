"""After sharing, nothing of the credential is anywhere in the database.

Share reports made with (a) an HS256 token and its secret, (b) an RS256 token and a PEM key,
(c) a JWK, (d) a JWK Set, through the API and through the page; then read every row of every
table as text (base64 values, like the database cache's, decoded too) and look for the token,
its signature and segments, the secret, the PEM's lines, the JWK members and the modulus.
"""

from __future__ import annotations

import base64
import binascii
import json

import pytest
from django.db import connection

from tests.keys import NOW, SECRET, ec_key, make_token, public_jwk, public_pem, rsa_key
from tests.reports.conftest import api_post

pytestmark = pytest.mark.django_db


def database_text() -> str:
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                for value in row:
                    text = bytes(value).decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value)
                    chunks.append(text)
                    try:
                        chunks.append(base64.b64decode(text, validate=True).decode("latin-1"))
                    except (binascii.Error, ValueError):
                        pass
    return "\n".join(chunks)


def needles_for(token: str) -> dict[str, str]:
    header, payload, signature = token.split(".")
    return {"token": token, "signature": signature, "header segment": header, "payload segment": payload}


def modulus_needles(private) -> dict[str, str]:
    numbers = private.public_key().public_numbers()
    return {"modulus (decimal)": str(numbers.n), "modulus (hex)": format(numbers.n, "x")}


def test_no_token_signature_secret_or_key_material_is_stored(client):
    claims = {"sub": "scan-subject-7f3a", "aud": "orders", "exp": NOW + 600}
    rsa, ec = rsa_key(), ec_key()
    jwk_rsa, jwk_ec = public_jwk(rsa, kid="r1"), public_jwk(ec, kid="e1")
    pem = public_pem(rsa)
    cases = {
        "a": ({"type": "secret", "value": SECRET}, make_token(claims)),
        "b": ({"type": "pem", "value": pem}, make_token(claims, alg="RS256", key=rsa)),
        "c": ({"type": "jwk", "value": jwk_rsa}, make_token(claims, alg="RS256", key=rsa, headers={"kid": "r1"})),
        "d": (
            {"type": "jwks", "value": {"keys": [jwk_rsa, jwk_ec]}},
            make_token(claims, alg="ES256", key=ec, headers={"kid": "e1"}),
        ),
    }
    forbidden: dict[str, str] = {"secret": SECRET, **modulus_needles(rsa)}
    forbidden |= {f"PEM line {i}": line for i, line in enumerate(pem.splitlines()) if not line.startswith("-----")}
    forbidden |= {f"JWK {m}": jwk_rsa[m] for m in ("n",)} | {f"EC JWK {m}": jwk_ec[m] for m in ("x", "y")}
    forbidden |= {'JWK "e" member': '"e": "AQAB"', 'JWK "e" member (compact)': '"e":"AQAB"'}
    thumbprints = []
    for name, (key, token) in cases.items():
        forbidden |= {f"{name}: {k}": v for k, v in needles_for(token).items()}
        created = api_post(client, {"token": token, "key": key, "at": NOW})
        assert created.status_code == 201
        report = created.json()["report"]
        assert report["verdict"] == "valid", (name, [c for c in report["checks"] if c["status"] == "fail"])
        if report["key"]["thumbprint"]:
            thumbprints.append(report["key"]["thumbprint"])
        # The page's share form goes through the same service; share each case that way too.
        form = {
            "token": token,
            "key_type": key["type"],
            "key": key["value"] if isinstance(key["value"], str) else json.dumps(key["value"]),
            "encoding": "utf8",
            "share_ttl": "3600",
        }
        assert client.post("/r/", form).status_code == 200

    text = database_text()
    # The scan sees the stored reports: their claims and public-key thumbprints are there.
    assert text.count("scan-subject-7f3a") >= 8
    assert len(thumbprints) == 3 and all(t in text for t in thumbprints)
    found = sorted(name for name, needle in forbidden.items() if needle in text)
    assert found == []


def test_the_scan_finds_a_credential_planted_in_a_report_or_the_cache():
    """The scan is not blind: it reads JSON columns and the database cache's base64 pickles."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    from jwtdebugger.reports.models import Report

    token = make_token({"sub": "planted"})
    Report.objects.create(
        document={"token": {"text": token}}, delete_token_hash="0" * 64, expires_at="2030-01-01T00:00:00Z"
    )
    caches["default"].set("probe", {"secret": SECRET})
    text = database_text()
    assert token in text
    assert (SECRET in text) == isinstance(caches["default"], DatabaseCache)
