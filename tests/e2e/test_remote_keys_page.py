"""End to end: an RS256 token validated through the JWKS URL field."""

import ipaddress
import socket

import pytest
import urllib3
from playwright.sync_api import Page, expect

from jwtdebugger import jwks
from tests.jwks_servers import json_reply
from tests.keys import make_token, public_jwk, rsa_key


@pytest.fixture
def guarded(monkeypatch, fresh_cache):
    monkeypatch.setattr(jwks, "resolve", lambda host, port: (_ for _ in ()).throw(socket.gaierror("no DNS in tests")))
    real = urllib3.util.connection.create_connection

    def loopback_only(address, *args, **kwargs):
        assert ipaddress.ip_address(address[0]).is_loopback
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", loopback_only)


def test_rs256_through_the_jwks_url_field(live_server, page: Page, serve, allow, guarded, shot):
    server = serve(
        {
            "/jwks.json": json_reply(
                {
                    "keys": [
                        public_jwk(rsa_key(3072), kid="old"),
                        public_jwk(rsa_key(), kid="k1", use="sig", alg="RS256"),
                    ]
                }
            )
        }
    )
    allow(server.origin)
    page.goto(live_server.url + "/")
    page.locator("#token").fill(
        make_token({"sub": "alice", "exp": 4102444800}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})
    )
    page.locator("#key_type").select_option("jwks_url")
    page.locator("#key").fill(server.url("/jwks.json"))
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")
    expect(page.locator(".key-source")).to_contain_text(server.url("/jwks.json"))
    expect(page.locator(".key-set tr.matched")).to_contain_text("k1")
    shot(page, "07-jwks-url")
    assert server.count == 1
