"""Remote keys through the API: a JWKS URL, discovery from the issuer, caching, rotation,
and refusals that stay ordinary failed checks. Loopback servers only."""

import ipaddress
import json
import socket

import pytest
import urllib3

from jwtdebugger import jwks
from tests.jwks_servers import json_reply
from tests.keys import NOW, make_token, public_jwk, rsa_key

URL = "/api/v1/inspect"


@pytest.fixture(autouse=True)
def _clean(fresh_cache, settings, monkeypatch):
    """Empty cache and allow-list; no DNS; and a safety net under the fetcher so that even a
    broken guard could only ever connect to loopback."""
    settings.JWTDEBUGGER_FETCH_ALLOWLIST = ""

    def no_dns(host, port):
        raise socket.gaierror("no DNS in tests")

    real = urllib3.util.connection.create_connection

    def loopback_only(address, *args, **kwargs):
        assert ipaddress.ip_address(address[0]).is_loopback, f"tried to connect to {address[0]}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(jwks, "resolve", no_dns)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", loopback_only)


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def key_check(body):
    return next(c for c in body["checks"] if c["id"] == "key")


def test_jwks_url_validates_and_reports_source_and_key_set(client, serve, allow):
    other = rsa_key(3072)
    server = serve(
        {
            "/jwks.json": json_reply(
                {"keys": [public_jwk(other, kid="old"), public_jwk(rsa_key(), kid="k1", use="sig", alg="RS256")]}
            )
        }
    )
    allow(server.origin)
    token = make_token({"sub": "u", "exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})
    body = post(
        client, {"token": token, "key": {"type": "jwks_url", "value": server.url("/jwks.json")}, "at": NOW}
    ).json()
    assert body["verdict"] == "valid"
    assert body["key_source"] == {
        "type": "jwks_url",
        "url": server.url("/jwks.json"),
        "discovered_from": None,
        "from_cache": False,
        "ok": True,
        "message": None,
    }
    assert body["key"]["kid"] == "k1"
    kids = {k["kid"]: k for k in body["key_set"]}
    assert kids["k1"]["matched"] is True and kids["old"]["matched"] is False
    assert kids["old"]["size"] == "3072 bits" and kids["k1"]["alg"] == "RS256"
    assert len(kids["k1"]["thumbprint"]) == 43
    from tests.test_api import schema

    schema("InspectResponse").validate(body)
    again = post(
        client, {"token": token, "key": {"type": "jwks_url", "value": server.url("/jwks.json")}, "at": NOW}
    ).json()
    assert again["key_source"]["from_cache"] is True
    assert server.count == 1


def test_hundred_inspections_make_one_fetch(client, serve, allow):
    server = serve({"/jwks.json": json_reply({"keys": [public_jwk(rsa_key(), kid="k1")]})})
    allow(server.origin)
    for i in range(100):
        token = make_token({"sub": f"user-{i}", "exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})
        body = post(
            client, {"token": token, "key": {"type": "jwks_url", "value": server.url("/jwks.json")}, "at": NOW}
        ).json()
        assert body["verdict"] == "valid"
    assert server.count == 1


def test_issuer_discovery_from_the_tokens_own_iss(client, serve, allow):
    routes = {"/jwks": json_reply({"keys": [public_jwk(rsa_key(), kid="k1")]})}
    server = serve(routes)
    issuer = server.url("/tenant")
    routes["/tenant/.well-known/openid-configuration"] = json_reply({"issuer": issuer, "jwks_uri": server.url("/jwks")})
    allow(server.origin)
    token = make_token({"iss": issuer, "exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})
    body = post(client, {"token": token, "key": {"type": "issuer"}, "expect": {"iss": issuer}, "at": NOW}).json()
    assert body["verdict"] == "valid", [c for c in body["checks"] if c["status"] == "fail"]
    assert body["key_source"]["discovered_from"] == issuer + "/.well-known/openid-configuration"
    assert body["key_source"]["url"] == server.url("/jwks")


def test_rotated_key_is_found_by_one_refetch(client, serve, allow):
    routes = {"/jwks.json": json_reply({"keys": [public_jwk(rsa_key(3072), kid="old")]})}
    server = serve(routes)
    allow(server.origin)
    url = server.url("/jwks.json")
    old = make_token({"exp": NOW + 60}, alg="RS256", key=rsa_key(3072), headers={"kid": "old"})
    assert (
        post(client, {"token": old, "key": {"type": "jwks_url", "value": url}, "at": NOW}).json()["verdict"] == "valid"
    )
    routes["/jwks.json"] = json_reply({"keys": [public_jwk(rsa_key(), kid="new")]})  # the issuer rotates
    new = make_token({"exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "new"})
    body = post(client, {"token": new, "key": {"type": "jwks_url", "value": url}, "at": NOW}).json()
    assert body["verdict"] == "valid"
    assert server.count == 2
    # A made-up kid right after: no third fetch (penalty box), and the answer says rotated.
    fake = make_token({"exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "made-up"})
    body = post(client, {"token": fake, "key": {"type": "jwks_url", "value": url}, "at": NOW}).json()
    assert "may have rotated its keys" in key_check(body)["message"]
    assert server.count == 2


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/jwks.json",
        "https://localhost:{port}/jwks.json",
        "file:///etc/passwd",
        "https://169.254.169.254/latest/meta-data",
    ],
)
def test_refused_targets_are_a_failed_key_check_in_a_200(client, serve, url):
    server = serve({"/jwks.json": json_reply({"keys": []})})
    token = make_token({"exp": NOW + 60}, alg="RS256", key=rsa_key())
    response = post(
        client, {"token": token, "key": {"type": "jwks_url", "value": url.format(port=server.port)}, "at": NOW}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "invalid"
    check = key_check(body)
    assert check["status"] == "fail" and check["message"].startswith("Could not get the keys:")
    assert body["key_source"]["ok"] is False
    assert server.count == 0


def test_issuer_without_iss_is_explained(client):
    token = make_token({"sub": "x"}, alg="RS256", key=rsa_key())
    body = post(client, {"token": token, "key": {"type": "issuer"}}).json()
    assert "the token has no 'iss'" in key_check(body)["message"]


def test_html_answer_is_explained(client, serve, allow):
    from tests.jwks_servers import Reply

    server = serve({"/jwks.json": Reply(200, b"<html><body>login</body></html>", {"Content-Type": "text/html"})})
    allow(server.origin)
    token = make_token({"exp": NOW + 60}, alg="RS256", key=rsa_key())
    body = post(client, {"token": token, "key": {"type": "jwks_url", "value": server.url("/jwks.json")}}).json()
    assert "HTML" in key_check(body)["message"]
    assert "login" not in json.dumps(body)


def test_keys_named_by_the_token_are_never_fetched(client, serve, allow):
    server = serve({"/evil.json": json_reply({"keys": [public_jwk(rsa_key(), kid="k1")]})})
    allow(server.origin)
    token = make_token(
        {"exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1", "jku": server.url("/evil.json")}
    )
    body = post(client, {"token": token, "at": NOW}).json()
    hint = next(c for c in body["checks"] if c["id"] == "lint.header_key")
    assert hint["status"] == "warn" and "never fetched or trusted" in hint["message"]
    assert body["verdict"] == "unverified"
    assert server.count == 0
