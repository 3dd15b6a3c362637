"""The remote key fetcher (jwtdebugger.jwks): SSRF guard first, then the fetch rules.

Every server here listens on 127.0.0.1. DNS is never used (resolve is patched), and a
safety net refuses any connection to a non-loopback address, so no packet leaves.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import time

import pytest
import time_machine
import urllib3.util.connection
from django.core.cache import cache

from jwtdebugger import jwks
from jwtdebugger.jwks import (
    NOT_REACHABLE,
    FetchResult,
    check_url,
    discover_jwks,
    fetch_jwks,
    is_public_address,
    refetch_for_unknown_kid,
)
from tests.jwks_servers import LOOPBACK, Reply, json_reply, make_test_ca, trickle

KEYS_A = {"keys": [{"kty": "oct", "kid": "a", "k": "AAAA"}]}
KEYS_B = {"keys": [{"kty": "oct", "kid": "b", "k": "BBBB"}]}
KEYS_C = {"keys": [{"kty": "oct", "kid": "c", "k": "CCCC"}]}


# --- Fixtures --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clean_state(settings, monkeypatch):
    """No allow-list unless a test sets one, and an empty cache around every test."""
    monkeypatch.delenv("JWTDEBUGGER_FETCH_ALLOWLIST", raising=False)
    settings.JWTDEBUGGER_FETCH_ALLOWLIST = ""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def dns_calls(monkeypatch):
    """No DNS in tests: resolve() records the call and fails. Tests that need names patch it."""
    calls: list[tuple[str, int]] = []

    def no_dns(host: str, port: int):
        calls.append((host, port))
        raise socket.gaierror("no DNS in tests")

    monkeypatch.setattr(jwks, "resolve", no_dns)
    return calls


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Safety net under the fetcher: urllib3 may only ever connect to loopback."""
    real = urllib3.util.connection.create_connection
    attempts: list[tuple[str, int]] = []

    def guarded(address, *args, **kwargs):
        attempts.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"tried to connect to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", guarded)
    return attempts


@pytest.fixture
def no_connect(monkeypatch):
    """For tests of refused targets: any connection attempt at all is recorded and fails."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("the guard let a connection through")

    monkeypatch.setattr(jwks, "_open_connection", refuse)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory):
    return make_test_ca(tmp_path_factory.mktemp("ca"))


# --- Fetching from an allow-listed local server ----------------------------------------


def test_fetches_a_key_set(serve, allow):
    server = serve({"/jwks": json_reply(KEYS_A)})
    allow(server.origin)
    result = fetch_jwks(server.url("/jwks"))
    assert result == FetchResult(ok=True, url=server.url("/jwks"), jwks=KEYS_A, from_cache=False, message="")
    assert server.count == 1
    path, headers = server.requests[0]
    assert path == "/jwks"
    assert headers["Host"] == f"127.0.0.1:{server.port}"
    assert headers["Accept-Encoding"] == "identity"


def test_allowlist_falls_back_to_the_environment(serve, settings, monkeypatch):
    server = serve({"/jwks": json_reply(KEYS_A)})
    del settings.JWTDEBUGGER_FETCH_ALLOWLIST
    monkeypatch.setenv("JWTDEBUGGER_FETCH_ALLOWLIST", f"https://example.com, {server.origin}")
    assert fetch_jwks(server.url("/jwks")).ok
    assert server.count == 1


def test_allowlist_matches_scheme_host_and_port_exactly(serve, allow, no_connect):
    server = serve({"/jwks": json_reply(KEYS_A)})
    allow(f"http://127.0.0.1:{server.port + 1}", f"https://127.0.0.1:{server.port}", f"http://localhost:{server.port}")
    assert not fetch_jwks(server.url("/jwks")).ok
    assert server.count == 0 and no_connect == []


def test_discovery_finds_the_jwks_uri(serve, allow):
    server = serve({})
    issuer = server.url("/realms/demo")
    config_url = issuer + "/.well-known/openid-configuration"
    server.routes.update(
        {
            "/realms/demo/.well-known/openid-configuration": json_reply(
                {"issuer": issuer, "jwks_uri": server.url("/certs")}
            ),
            "/certs": json_reply(KEYS_A),
        }
    )
    allow(server.origin)
    result = discover_jwks(issuer)
    assert result == FetchResult(True, server.url("/certs"), KEYS_A, False, "", discovered_from=config_url)
    assert [path for path, _ in server.requests] == ["/realms/demo/.well-known/openid-configuration", "/certs"]
    again = discover_jwks(issuer)
    assert again.ok and again.from_cache and again.discovered_from == config_url
    assert server.count == 2


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"issuer": "ISSUER/", "jwks_uri": "ORIGIN/certs"}, "issuer is not exactly the token's iss"),
        ({"issuer": "ISSUER"}, "has no jwks_uri"),
        ({"issuer": "ISSUER", "jwks_uri": "https://10.0.0.1/certs"}, f"jwks_uri is refused: {NOT_REACHABLE}"),
        ({"issuer": "ISSUER", "jwks_uri": "http://keys.example.com/certs"}, "jwks_uri is refused: only https://"),
        (["not", "an", "object"], "not a discovery document"),
    ],
)
def test_discovery_refuses_bad_documents(serve, allow, loopback_only, dns_calls, document, message):
    server = serve({})
    issuer = server.url("/iss")
    text = json.dumps(document).replace("ISSUER", issuer).replace("ORIGIN", server.origin)
    server.routes["/iss/.well-known/openid-configuration"] = Reply(body=text.encode())
    allow(server.origin)
    result = discover_jwks(issuer)
    assert not result.ok
    assert message in result.message
    assert result.discovered_from == issuer + "/.well-known/openid-configuration"
    assert server.count == 1  # the discovery document only; the jwks_uri was never fetched
    assert loopback_only == [("127.0.0.1", server.port)]
    assert dns_calls == []


def test_discovery_refuses_a_non_https_issuer(no_connect, dns_calls):
    result = discover_jwks("http://issuer.example.com")
    assert not result.ok and "issuer cannot be used for discovery: only https://" in result.message
    assert no_connect == [] and dns_calls == []


def test_cognito_issuer_skips_discovery(monkeypatch, dns_calls):
    iss = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
    fetched: list[str] = []

    def fake_fetch(url: str, *, force_refresh: bool = False) -> FetchResult:
        fetched.append(url)
        return FetchResult(True, url, KEYS_A, False, "")

    monkeypatch.setattr(jwks, "fetch_jwks", fake_fetch)
    result = discover_jwks(iss)
    assert fetched == [iss + "/.well-known/jwks.json"]
    assert result.ok and result.discovered_from is None
    assert dns_calls == []


def test_redirects_are_not_followed(serve, allow):
    elsewhere = serve({"/jwks": json_reply(KEYS_A)})  # loopback, NOT allow-listed
    server = serve({"/jwks": Reply(302, b"", {"Location": elsewhere.url("/jwks")})})
    allow(server.origin)
    result = fetch_jwks(server.url("/jwks"))
    assert not result.ok
    assert result.message == "the URL redirected; redirects are not followed"
    assert server.count == 1
    assert elsewhere.count == 0


def test_a_trickling_body_is_cut_at_five_seconds(serve, allow):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    server = serve({"/jwks": trickle(head, b'{"keys": []}' + b" " * 88)})
    allow(server.origin)
    started = time.monotonic()
    result = fetch_jwks(server.url("/jwks"))
    elapsed = time.monotonic() - started
    assert not result.ok
    assert result.message == "the key server did not answer within 5 seconds"
    assert 4.5 < elapsed < 7


def test_trickling_headers_are_cut_at_the_deadline(serve, allow, monkeypatch):
    monkeypatch.setattr(jwks, "FETCH_TOTAL_SECONDS", 1.5)  # same mechanism, shorter wait
    server = serve({"/jwks": trickle(b"", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", pause=0.5)})
    allow(server.origin)
    started = time.monotonic()
    result = fetch_jwks(server.url("/jwks"))
    assert not result.ok and "did not answer within" in result.message
    assert time.monotonic() - started < 3


def _close_delimited(body: bytes):
    def route(handler) -> None:
        try:
            handler.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body)
        except OSError:
            pass
        handler.close_connection = True

    return route


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "no-length"])
def test_a_huge_body_is_refused(serve, allow, declared):
    huge = b'{"keys": [], "pad": "' + b"x" * (600 * 1024) + b'"}'
    route = json_reply({}) if declared else _close_delimited(huge)
    if declared:
        route.body = huge
    server = serve({"/jwks": route})
    allow(server.origin)
    result = fetch_jwks(server.url("/jwks"))
    assert not result.ok
    assert result.message == "the answer is larger than 512 KiB"


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (
            Reply(body=b"<html><body>SECRET-MARKER</body></html>", headers={"Content-Type": "text/html"}),
            "the URL answered with HTML, not a key set",
        ),
        (Reply(body=b"  <!doctype html>SECRET-MARKER"), "the URL answered with HTML, not a key set"),
        (Reply(body=b'{"keys": [SECRET-MARKER'), "the answer is not JSON"),
        (Reply(body=b"\xff\xfeSECRET-MARKER"), "the answer is not JSON"),
        (Reply(body=b'{"SECRET-MARKER": []}'), "the answer is JSON but has no keys list"),
        (Reply(body=b'[{"kid": "SECRET-MARKER"}]'), "the answer is JSON but has no keys list"),
        (Reply(body=b'{"keys": "SECRET-MARKER"}'), "the answer is JSON but has no keys list"),
        (Reply(body=b'{"keys": ["SECRET-MARKER"]}'), "the keys list holds something other than JSON objects"),
        (json_reply({"keys": [{"kid": str(i)} for i in range(101)]}), "the key set has more than 100 keys"),
        (Reply(404, b"<html>SECRET-MARKER</html>", {"Content-Type": "text/html"}), "the URL answered 404, not 200"),
        (Reply(500, b"SECRET-MARKER"), "the URL answered 500, not 200"),
        (Reply(body=b"SECRET-MARKER", headers={"Content-Encoding": "gzip"}), "the answer is compressed"),
    ],
)
def test_bad_answers_fail_without_echoing_the_body(serve, allow, reply, message):
    server = serve({"/jwks": reply})
    allow(server.origin)
    result = fetch_jwks(server.url("/jwks"))
    assert not result.ok and result.jwks is None
    assert result.message.startswith(message)
    assert "SECRET" not in result.message
    assert cache.get(jwks._cache_key("jwks", server.url("/jwks"))) is None  # failures are not cached


def test_exactly_100_keys_are_accepted(serve, allow):
    many = {"keys": [{"kid": str(i)} for i in range(100)]}
    server = serve({"/jwks": json_reply(many)})
    allow(server.origin)
    assert fetch_jwks(server.url("/jwks")).jwks == many


def test_logs_carry_no_query_string_or_body(serve, allow, caplog):
    caplog.set_level(logging.DEBUG)
    server = serve({"/jwks": Reply(404, b"BODY-MARKER")})
    allow(server.origin)
    assert not fetch_jwks(server.url("/jwks?token=QUERY-MARKER")).ok
    assert "QUERY-MARKER" not in caplog.text and "BODY-MARKER" not in caplog.text
    assert server.requests[0][0] == "/jwks?token=QUERY-MARKER"


# --- Key rotation and the refetch penalty box ------------------------------------------


def test_unknown_kid_refetches_once_per_30_seconds(serve, allow, settings):
    # Time travel moves this process's clock, not a Redis server's TTLs: use a local cache here.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    server = serve({"/jwks": json_reply(KEYS_A)})
    allow(server.origin)
    url = server.url("/jwks")
    assert fetch_jwks(url).jwks == KEYS_A
    server.routes["/jwks"] = json_reply(KEYS_B)  # the issuer rotates its keys
    assert fetch_jwks(url).jwks == KEYS_A  # still cached
    assert server.count == 1

    refetched = refetch_for_unknown_kid(url)
    assert refetched.ok and refetched.jwks == KEYS_B and not refetched.from_cache
    assert server.count == 2
    assert fetch_jwks(url).jwks == KEYS_B  # the refetch refreshed the cache

    server.routes["/jwks"] = json_reply(KEYS_C)
    boxed = refetch_for_unknown_kid(url)  # within 30 s: the cached set, no request
    assert boxed.ok and boxed.jwks == KEYS_B and boxed.from_cache
    assert server.count == 2

    with time_machine.travel(time.time() + 31, tick=True):
        later = refetch_for_unknown_kid(url)
    assert later.jwks == KEYS_C and not later.from_cache
    assert server.count == 3


def test_penalty_box_without_a_cached_set(serve, allow):
    server = serve({"/jwks": Reply(503, b"")})
    allow(server.origin)
    first = refetch_for_unknown_kid(server.url("/jwks"))
    assert not first.ok and "answered 503" in first.message
    second = refetch_for_unknown_kid(server.url("/jwks"))
    assert not second.ok and "refetched less than 30 seconds ago" in second.message
    assert server.count == 1


# --- Caching and concurrency -----------------------------------------------------------


def test_one_request_for_a_hundred_fetches(serve, allow):
    server = serve({"/jwks": json_reply(KEYS_A)})
    allow(server.origin)
    results = [fetch_jwks(server.url("/jwks")) for _ in range(100)]
    assert all(r.ok and r.jwks == KEYS_A for r in results)
    assert [r.from_cache for r in results] == [False] + [True] * 99
    assert server.count == 1


def test_concurrent_misses_make_one_request(serve, allow):
    server = serve({"/jwks": json_reply(KEYS_A, delay=0.3)})
    allow(server.origin)
    barrier = threading.Barrier(10)
    results: list[FetchResult] = []

    def worker() -> None:
        barrier.wait()
        results.append(fetch_jwks(server.url("/jwks")))

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(results) == 10 and all(r.ok and r.jwks == KEYS_A for r in results)
    assert sum(not r.from_cache for r in results) == 1
    assert server.count == 1


def test_force_refresh_fetches_again(serve, allow):
    server = serve({"/jwks": json_reply(KEYS_A)})
    allow(server.origin)
    fetch_jwks(server.url("/jwks"))
    assert not fetch_jwks(server.url("/jwks"), force_refresh=True).from_cache
    assert server.count == 2


# --- Refused targets: nothing is sent ---------------------------------------------------


@pytest.fixture
def loopback_server(serve):
    return serve({"/jwks": json_reply(KEYS_A), "/etc/passwd": json_reply(KEYS_A)})


REFUSED_URLS = [
    "http://127.0.0.1:{port}/jwks",
    "https://127.0.0.1:{port}/jwks",
    "https://127.0.0.1/jwks",
    "https://localhost:{port}/jwks",
    "https://localhost/jwks",
    "https://keys.localhost/jwks",
    "https://printer.local/jwks",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://[::1]:{port}/jwks",
    "https://[::1]/jwks",
    "https://[0:0:0:0:0:0:0:1]/jwks",
    "https://2130706433:{port}/jwks",
    "https://2130706433/jwks",
    "https://0x7f.1:{port}/jwks",
    "https://0x7f000001/jwks",
    "https://127.1:{port}/jwks",
    "https://127.1/jwks",
    "https://0177.0.0.1/jwks",
    "https://127.0.0.1./jwks",
    "https://127.000.000.001/jwks",
    "https://[::ffff:127.0.0.1]:{port}/jwks",
    "https://[::ffff:127.0.0.1]/jwks",
    "https://[::ffff:7f00:1]/jwks",
    "https://[fe80::1%25lo]/jwks",
    "https://0.0.0.0/jwks",
    "https://169.254.169.254/latest/meta-data/",
    "https://[64:ff9b::7f00:1]/jwks",
    "https://user:pass@127.0.0.1:{port}/jwks",
    "https://example.com@127.0.0.1:{port}/jwks",
    "https://127.0.0.1\t.example.com/jwks",
    "file:///etc/passwd",
    "file://127.0.0.1/etc/passwd",
    "gopher://127.0.0.1:{port}/jwks",
    "ftp://127.0.0.1:{port}/jwks",
    "//127.0.0.1:{port}/jwks",
    "127.0.0.1:{port}/jwks",
]


@pytest.mark.parametrize("template", REFUSED_URLS)
def test_local_targets_are_refused_before_any_connection(loopback_server, no_connect, dns_calls, template):
    url = template.format(port=loopback_server.port)
    result = fetch_jwks(url)
    assert not result.ok and result.jwks is None and result.message
    assert check_url(url)[0] is None
    assert loopback_server.count == 0
    assert no_connect == [] and dns_calls == []


@pytest.mark.parametrize(
    "template", ["https://127.0.0.1/jwks", "https://localhost/jwks", "https://[::1]/jwks", "https://10.1.2.3/jwks"]
)
def test_non_public_targets_get_the_unreachable_wording(no_connect, template):
    assert fetch_jwks(template).message == NOT_REACHABLE


PRIVATE = [
    "10.0.0.1",
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "192.0.0.8",
    "192.0.2.1",
    "198.18.0.1",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::127.0.0.1",
    "fd00::1",
    "fc00::1",
    "fe80::1",
    "fec0::1",
    "ff02::1",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
    "64:ff9b::7f00:1",
    "64:ff9b:1::808:808",
    "2002:0a00:0001::1",
    "2002:7f00:0001::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "2001:db8::1",
    "100::1",
]
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "2a00:1450:4001::1",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:0808:0808::1",
]


@pytest.mark.parametrize("address", PRIVATE)
def test_non_public_addresses(address):
    assert is_public_address(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address):
    assert is_public_address(ipaddress.ip_address(address)) is True


@pytest.mark.parametrize(
    "answers",
    [
        ["10.0.0.1"],
        ["169.254.169.254"],
        ["fd00::1"],
        ["::ffff:10.0.0.1"],
        ["8.8.8.8", "192.168.1.1"],
        ["2606:4700:4700::1111", "::1"],
    ],
)
def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch, no_connect, answers):
    asked: list[tuple[str, int]] = []

    def fake_resolve(host: str, port: int):
        asked.append((host, port))
        return [ipaddress.ip_address(a) for a in answers]

    monkeypatch.setattr(jwks, "resolve", fake_resolve)
    result = fetch_jwks("https://keys.example.com/jwks")
    assert not result.ok and result.message == NOT_REACHABLE
    assert asked == [("keys.example.com", 443)]
    assert no_connect == []  # not one connection attempt, to any address


def test_connects_to_the_checked_address_with_the_name_for_tls(monkeypatch, no_connect):
    monkeypatch.setattr(jwks, "resolve", lambda host, port: [ipaddress.ip_address("93.184.215.14")])
    result = fetch_jwks("https://keys.example.com/jwks")
    assert result.message == NOT_REACHABLE  # the patched connection layer refused
    ((target, ip, _deadline),) = no_connect
    assert ip == ipaddress.ip_address("93.184.215.14")
    assert (target.scheme, target.host, target.port, target.host_header) == (
        "https",
        "keys.example.com",
        443,
        "keys.example.com",
    )


def test_unreachable_cases_share_one_message(serve, allow, monkeypatch):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    allow(f"http://127.0.0.1:{closed_port}", "http://keys.test:80")
    refused = fetch_jwks(f"http://127.0.0.1:{closed_port}/jwks")
    unresolvable = fetch_jwks("http://keys.test/jwks")  # resolve() fails (no DNS in tests)

    def connect_timeout(*args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", connect_timeout)
    timed_out = fetch_jwks(f"http://127.0.0.1:{closed_port}/jwks")
    non_public = fetch_jwks("https://10.0.0.1/jwks")
    assert {refused.message, unresolvable.message, timed_out.message, non_public.message} == {NOT_REACHABLE}


# --- check_url ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://user:pass@example.com/", "must not contain a user name or password"),
        ("https://user@example.com/", "must not contain a user name or password"),
        ("https://example.com:8443/jwks", "only the standard https port 443"),
        ("https://example.com:0/jwks", "port is not a number"),
        ("https://example.com:/jwks", "port is not a number"),
        ("http://example.com/jwks", "only https://"),
        ("ftp://example.com/", "only https://"),
        ("example.com/jwks", "only https://"),
        ("https://exa mple.com/", "must not contain spaces"),
        ("https://example.com/\njwks", "must not contain spaces"),
        ("https://example.com./jwks", "no trailing dot"),
        ("https://ex%61mple.com/", "must be a domain name"),
        ("https://例え.jp/", "non-ASCII"),
        ("https://xn--r8jz45g.jp/", None),
        ("https://intranet/jwks", "full domain name"),
        ("https://1.2.3.4.5/", "plain dotted IPv4"),
        ("https://[::1/", "not a valid URL"),
        ("", "enter a URL"),
        ("https://" + "a" * 2048 + ".com/", "longer than 2048"),
    ],
)
def test_check_url_messages(url, message):
    target, problem = check_url(url)
    if message is None:
        assert target is not None and problem is None
    else:
        assert target is None and problem is not None and message in problem


def test_check_url_normalizes():
    target, problem = check_url("HTTPS://Keys.Example.COM/jwks?x=1#frag")
    assert problem is None and target is not None
    assert (target.url, target.request_target, target.host_header) == (
        "https://keys.example.com/jwks?x=1",
        "/jwks?x=1",
        "keys.example.com",
    )
    target, _ = check_url("https://8.8.8.8")
    assert target is not None and target.ip == ipaddress.ip_address("8.8.8.8") and target.url == "https://8.8.8.8/"
    target, _ = check_url("https://[2606:4700:4700:0::1111]/k")
    assert target is not None and target.url == "https://[2606:4700:4700::1111]/k"


# --- TLS: the checked address, the name for SNI and the certificate ----------------------


def _tls_server(serve, test_ca, name: str):
    sni: list[str] = []
    server = serve({"/jwks": json_reply(KEYS_A)}, tls=test_ca.server_context(name, sni))
    return server, sni


def test_https_uses_the_name_for_sni_host_and_certificate(serve, allow, test_ca, monkeypatch):
    server, sni = _tls_server(serve, test_ca, "jwks.test")
    asked: list[tuple[str, int]] = []

    def fake_resolve(host: str, port: int):
        asked.append((host, port))
        return [LOOPBACK]

    monkeypatch.setattr(jwks, "resolve", fake_resolve)
    monkeypatch.setattr(jwks, "CA_CERTS", str(test_ca.ca_file))
    allow(f"https://jwks.test:{server.port}")
    result = fetch_jwks(f"https://jwks.test:{server.port}/jwks")
    assert result.ok and result.jwks == KEYS_A, result.message
    assert asked == [("jwks.test", server.port)]
    assert sni == ["jwks.test"]
    assert server.requests[0][1]["Host"] == f"jwks.test:{server.port}"


@pytest.mark.parametrize("trusted", [True, False], ids=["wrong-name", "untrusted-ca"])
def test_https_certificate_is_verified(serve, allow, test_ca, monkeypatch, trusted):
    server, _sni = _tls_server(serve, test_ca, "other.test" if trusted else "jwks.test")
    monkeypatch.setattr(jwks, "resolve", lambda host, port: [LOOPBACK])
    if trusted:
        monkeypatch.setattr(jwks, "CA_CERTS", str(test_ca.ca_file))
    allow(f"https://jwks.test:{server.port}")
    result = fetch_jwks(f"https://jwks.test:{server.port}/jwks")
    assert not result.ok and result.message == jwks.TLS_FAILED
    assert server.count == 0
