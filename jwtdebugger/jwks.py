"""Fetching a JSON Web Key Set (JWKS) from a URL the user typed: security first.

The server fetches a URL chosen by whoever uses the debugger, so this module is a
server-side request forgery (SSRF) guard before it is an HTTP client:

* only https on port 443 (origins in JWTDEBUGGER_FETCH_ALLOWLIST are exempt, for local
  development and tests), no credentials in the URL, no odd spellings of IP addresses;
* the host is resolved once, every address must be public, and the connection goes to
  that checked address (the name is only used for Host, SNI and the certificate check),
  so a second DNS answer cannot point us at 127.0.0.1 (DNS rebinding);
* no redirects, 2 s to connect, 5 s in all (a timer cuts the socket, because socket
  timeouts are per read and a server trickling one byte a second never trips them),
  512 KiB at most, no decompression, at most 100 keys;
* one message for every "cannot reach it" case, so the tool cannot map a network, and
  no failed body or socket error text is ever echoed or logged.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import contextvars
import hashlib
import ipaddress
import json
import logging
import os
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import urllib3
import urllib3.connection
from django.conf import settings
from django.core.cache import cache

from jwtdebugger.core.cognito import parse_issuer

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

JWKS_CACHE_SECONDS = 600  # a key set is reused for 10 minutes
REFETCH_PENALTY_SECONDS = 30  # an unknown kid refetches a URL at most once per 30 s
CONNECT_TIMEOUT_SECONDS = 2.0
FETCH_TOTAL_SECONDS = 5.0  # DNS, connect, TLS, headers and body together
MAX_BODY_BYTES = 512 * 1024
MAX_KEYS = 100
MAX_URL_LENGTH = 2048
USER_AGENT = "jwt-debugger-jwks-fetcher"
ALLOWLIST_SETTING = "JWTDEBUGGER_FETCH_ALLOWLIST"
# Trust store for https: None means the system's. Tests point it at a throwaway CA.
CA_CERTS: str | None = None

# Deliberately one wording for refused, filtered, timed-out-on-connect, unresolvable and
# non-public targets: different answers would let the tool scan a private network.
NOT_REACHABLE = "could not connect to the key server, or it is not a public address"
TIMED_OUT = f"the key server did not answer within {FETCH_TOTAL_SECONDS:g} seconds"
TLS_FAILED = "could not make a verified https connection: the key server's certificate or TLS set-up was refused"
BAD_HTTP = "the key server closed the connection or did not answer with valid HTTP"
REDIRECTED = "the URL redirected; redirects are not followed"
TOO_BIG = f"the answer is larger than {MAX_BODY_BYTES // 1024} KiB"


@dataclass(frozen=True)
class FetchResult:
    ok: bool
    url: str  # the URL finally fetched (jwks_uri after discovery)
    jwks: dict | None  # the JSON object with a "keys" list, when ok
    from_cache: bool
    message: str  # plain-English reason when not ok
    discovered_from: str | None = None  # the openid-configuration URL when discovery was used


@dataclass(frozen=True)
class ParsedTarget:
    """A URL that passed the syntactic checks, split into what the fetcher needs."""

    scheme: str  # "https", or "http" for an allow-listed origin
    host: str  # lower-case name, or an IP address in its standard text form
    port: int
    request_target: str  # path and query, as sent on the request line
    ip: IPAddress | None = None  # set when the host is an IP literal (no DNS needed)
    allowlisted: bool = False

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if isinstance(self.ip, ipaddress.IPv6Address) else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host_header}"

    @property
    def url(self) -> str:
        return self.origin + self.request_target


# --- Addresses -------------------------------------------------------------------------

# Explicit tables rather than only ip.is_global: Python's own tables changed between
# patch releases (3.12.4 fixed several), and a guard should not depend on the patch level.
_V4_BLOCKED = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network": 0.0.0.0 reaches the local host on Linux
        "10.0.0.0/8",  # private (RFC 1918)
        "100.64.0.0/10",  # carrier-grade NAT (RFC 6598)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, incl. cloud metadata 169.254.169.254
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, incl. broadcast 255.255.255.255
    )
)
_V6_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")  # IPv4-mapped: judged by the IPv4 inside
_V6_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # well-known NAT64 prefix: likewise
_V6_6TO4 = ipaddress.IPv6Network("2002::/16")  # 6to4: the IPv4 is in bits 16-48
_V6_BLOCKED = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/8",  # unspecified, loopback, IPv4-compatible, local-use NAT64 64:ff9b:1::/48
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, incl. Teredo 2001::/32
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 segment identifiers
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated, still routed by some stacks)
        "ff00::/8",  # multicast
    )
)


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for a globally routable unicast address we may connect to."""
    if isinstance(ip, ipaddress.IPv6Address):
        # Addresses that carry an IPv4 address are as public as that address.
        if ip in _V6_MAPPED:
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip in _V6_NAT64:
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip in _V6_6TO4:
            return is_public_address(ipaddress.IPv4Address((int(ip) >> 80) & 0xFFFFFFFF))
        if any(ip in net for net in _V6_BLOCKED) or ip.is_site_local:
            return False
    elif any(ip in net for net in _V4_BLOCKED):
        return False
    return bool(
        ip.is_global
        and not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified)
        and not (ip.is_multicast or ip.is_reserved)
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the name resolves to. Tests patch this: no DNS in the test suite."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]))
        if ip not in addresses:
            addresses.append(ip)
    return addresses


# getaddrinfo has no timeout of its own; running it in a worker lets us stop waiting.
_resolver = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="jwks-resolve")


def _resolve_within(host: str, port: int, seconds: float) -> list[IPAddress]:
    return _resolver.submit(resolve, host, port).result(timeout=max(seconds, 0.01))


# --- URLs ------------------------------------------------------------------------------

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
# WHATWG's rule: a host whose last label is a number is an IPv4 address. getaddrinfo
# accepts 2130706433, 0x7f.1, 127.1 and 0177.0.0.1 as 127.0.0.1, so we accept only the
# canonical dotted quad and refuse every other numeric spelling outright.
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_DOTTED_QUAD = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
# Names that are local by definition: refused before any DNS lookup.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")

_BAD_URL = "this is not a valid URL"
_BAD_HOST = "the host must be a domain name or a plain dotted IPv4 address (no trailing dot, no other spellings)"


def _parse_host(netloc: str) -> tuple[str, int | None, IPAddress | None] | str:
    """Split "host[:port]" into (host, port or None, ip or None), or return a problem."""
    if "@" in netloc:
        return "the URL must not contain a user name or password"
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0 or "%" in netloc[:end]:  # no zone ids: they name local interfaces
            return _BAD_HOST
        try:
            ip: IPAddress | None = ipaddress.IPv6Address(netloc[1:end])
        except ValueError:
            return _BAD_HOST
        host, rest = str(ip), netloc[end + 1 :]
        if rest and not rest.startswith(":"):
            return _BAD_URL
        port_text: str | None = rest[1:] if rest else None
    else:
        host, sep, port_text_raw = netloc.partition(":")
        port_text = port_text_raw if sep else None
        host = host.lower()
        if not host or not host.isascii():
            return "the host must be an ASCII domain name (write international names in their xn-- form)"
        labels = host.split(".")
        if _NUMERIC_LABEL.fullmatch(labels[-1]):
            if not _DOTTED_QUAD.fullmatch(host):
                return _BAD_HOST
            ip = ipaddress.IPv4Address(host)
        elif len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
            return _BAD_HOST  # also catches a trailing dot (an empty last label)
        else:
            ip = None
    if port_text is None:
        return host, None, ip
    if not re.fullmatch(r"[0-9]{1,5}", port_text) or not 0 < int(port_text) < 65536:
        return "the port is not a number from 1 to 65535"
    return host, int(port_text), ip


def _allowlist() -> frozenset[tuple[str, str, int]]:
    """(scheme, host, port) of origins exempt from the https and public-address rules."""
    raw = getattr(settings, ALLOWLIST_SETTING, None)
    if raw is None:
        raw = os.environ.get(ALLOWLIST_SETTING, "")
    entries = raw.split(",") if isinstance(raw, str) else list(raw)
    origins = set()
    for entry in (str(e).strip() for e in entries):
        if not entry:
            continue
        try:
            parts = urlsplit(entry)
        except ValueError:
            parts = None
        parsed = _parse_host(parts.netloc) if parts and parts.scheme in _DEFAULT_PORTS else None
        if parts is None or not isinstance(parsed, tuple) or parts.path not in ("", "/") or parts.query:
            logger.warning("%s: ignoring an entry that is not an origin like http://127.0.0.1:8081", ALLOWLIST_SETTING)
            continue
        host, port, _ip = parsed
        origins.add((parts.scheme, host, port or _DEFAULT_PORTS[parts.scheme]))
    return frozenset(origins)


def check_url(url: str) -> tuple[ParsedTarget | None, str | None]:
    """The syntactic checks, without DNS: (target, None) or (None, plain-English problem).

    IP literals are judged here too (no DNS needed); names are judged by their
    addresses at fetch time.
    """
    if not isinstance(url, str) or not url.strip():
        return None, "enter a URL starting with https://"
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        return None, f"the URL is longer than {MAX_URL_LENGTH} characters"
    # urlsplit silently drops tabs and newlines, which could hide a different host.
    if not url.isascii() or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None, "the URL must not contain spaces, control or non-ASCII characters (percent-encode them)"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None, _BAD_URL
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None, "only https:// URLs are fetched"
    parsed = _parse_host(parts.netloc)
    if isinstance(parsed, str):
        return None, parsed
    host, explicit_port, ip = parsed
    port = explicit_port or _DEFAULT_PORTS[scheme]
    request_target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not request_target.startswith("/"):
        return None, _BAD_URL
    allowlisted = (scheme, host, port) in _allowlist()
    if not allowlisted:
        if scheme != "https":
            return None, "only https:// URLs are fetched"
        if ip is not None and not is_public_address(ip):
            return None, NOT_REACHABLE
        if ip is None and (host == "localhost" or host.endswith(_LOCAL_SUFFIXES)):
            return None, NOT_REACHABLE
        if ip is None and "." not in host:
            # Single-label names go through resolver search domains to internal hosts.
            return None, "the host must be a full domain name"
        if port != 443:
            return None, "only the standard https port 443 is allowed"
    return ParsedTarget(scheme, host, port, request_target, ip, allowlisted), None


# --- One HTTP GET ----------------------------------------------------------------------


class _Deadline:
    """The total budget of one fetch. Socket timeouts apply per read, so a server that
    trickles one byte a second never trips them: a timer shuts the socket down instead,
    which ends any blocked read (TLS handshake, headers or body) at once."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        # A duplicate: TLS wrapping detaches the original socket object, but shutdown()
        # acts on the kernel socket, which both descriptors share.
        with self._lock:
            self._sock = sock.dup()
        self._timer = threading.Timer(self.remaining(), self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)

    def over(self) -> bool:
        return self.expired or time.monotonic() >= self.end

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None


class _DeadlineHTTPConnection(urllib3.connection.HTTPConnection):
    deadline: _Deadline

    def _new_conn(self) -> socket.socket:  # urllib3's hook where the TCP socket is made
        sock = super()._new_conn()
        self.deadline.watch(sock)
        return sock


class _DeadlineHTTPSConnection(urllib3.connection.HTTPSConnection):
    deadline: _Deadline

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.deadline.watch(sock)
        return sock


def _open_connection(target: ParsedTarget, ip: IPAddress, deadline: _Deadline) -> urllib3.connection.HTTPConnection:
    """Connect to the address that passed the checks, never to the name again (no DNS
    rebinding); the name is used for SNI and the certificate check, and the request's
    Host header. Certificate verification stays on. Tests patch this function."""
    timeout = max(min(CONNECT_TIMEOUT_SECONDS, deadline.remaining()), 0.01)
    conn: urllib3.connection.HTTPConnection
    if target.scheme == "https":
        conn = _DeadlineHTTPSConnection(
            str(ip),
            target.port,
            timeout=timeout,
            server_hostname=target.host,
            cert_reqs=ssl.CERT_REQUIRED,
            ca_certs=CA_CERTS,
        )
    else:  # plain http: only reachable for allow-listed origins (check_url)
        conn = _DeadlineHTTPConnection(str(ip), target.port, timeout=timeout)
    conn.deadline = deadline  # type: ignore[attr-defined]
    try:
        conn.connect()
    except BaseException:
        conn.close()
        raise
    return conn


def _is_tls_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError | ssl.CertificateError | urllib3.exceptions.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# The caller's budget of real outgoing fetches (JWTDEBUGGER_FETCH_RATE): set by the service
# around a fetch; consulted just before any network I/O, so cache hits never count.
_fetch_gate: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar("jwks_fetch_gate", default=None)
RATE_LIMITED = "too many key fetches from your address; try again shortly"


@contextlib.contextmanager
def fetch_gate(allow: Callable[[], bool]):  # type: ignore[no-untyped-def]
    """Within this block every real fetch first asks allow(); False refuses the fetch."""
    token = _fetch_gate.set(allow)
    try:
        yield
    finally:
        _fetch_gate.reset(token)


def _get_json(target: ParsedTarget, what: str) -> tuple[Any, str | None]:
    """GET the target under every rule above: (parsed JSON, None) or (None, problem).
    `what` names the document in messages ("a key set", "a discovery document")."""
    gate = _fetch_gate.get()
    if gate is not None and not gate():
        return None, RATE_LIMITED
    deadline = _Deadline(FETCH_TOTAL_SECONDS)
    try:
        if target.ip is not None:
            addresses = [target.ip]
        else:
            try:
                addresses = _resolve_within(
                    target.host, target.port, min(CONNECT_TIMEOUT_SECONDS, deadline.remaining())
                )
            except Exception:  # unknown name, DNS failure or slow DNS: same as unreachable
                return None, NOT_REACHABLE
        # Every address must be public, not just the first: the resolver's order is not ours.
        if not addresses or not (target.allowlisted or all(is_public_address(a) for a in addresses)):
            return None, NOT_REACHABLE
        try:
            conn = _open_connection(target, addresses[0], deadline)
        except Exception as exc:
            if deadline.over():  # only a trickled TLS handshake gets here: DNS + connect < 5 s
                return None, TIMED_OUT
            return None, TLS_FAILED if _is_tls_error(exc) else NOT_REACHABLE
        try:
            return _read_answer(conn, target, deadline, what)
        except Exception:
            return None, TIMED_OUT if deadline.over() else BAD_HTTP
        finally:
            conn.close()
    finally:
        deadline.close()


def _read_answer(
    conn: urllib3.connection.HTTPConnection, target: ParsedTarget, deadline: _Deadline, what: str
) -> tuple[Any, str | None]:
    conn.timeout = max(deadline.remaining(), 0.01)  # per read; the deadline caps the total
    headers = {
        "Host": target.host_header,
        "Accept": "application/json, application/jwk-set+json",
        "Accept-Encoding": "identity",  # we never decompress: no zip bombs
        "User-Agent": USER_AGENT,
        "Connection": "close",
    }
    conn.request("GET", target.request_target, headers=headers, preload_content=False, decode_content=False)
    response = conn.getresponse()  # urllib3's HTTPConnection never follows redirects
    if 300 <= response.status < 400:
        return None, REDIRECTED
    if response.status != 200:
        return None, f"the URL answered {response.status}, not 200"
    if response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
        return None, "the answer is compressed (Content-Encoding); it must be sent uncompressed"
    length = response.headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > MAX_BODY_BYTES:
        return None, TOO_BIG
    body = bytearray()
    while chunk := response.read(64 * 1024, decode_content=False):
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None, TOO_BIG
        if deadline.over():
            return None, TIMED_OUT
    if deadline.over():  # the timer's shutdown looks like the end of the body
        return None, TIMED_OUT
    content_type = response.headers.get("Content-Type", "").lower()
    if "html" in content_type or bytes(body).lstrip()[:1] == b"<":
        return None, f"the URL answered with HTML, not {what}"
    try:
        return json.loads(bytes(body)), None
    except (ValueError, RecursionError):
        return None, "the answer is not JSON"


# --- Caching and single flight ---------------------------------------------------------


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None


_flights: dict[str, _Flight] = {}
_flights_lock = threading.Lock()


def _single_flight[T](key: str, work: Callable[[], T]) -> tuple[T, bool]:
    """Run work() once per key at a time in this process; callers that arrive while it
    runs wait and share its result. Returns (result, whether this caller ran it)."""
    with _flights_lock:
        flight = _flights.get(key)
        leader = flight is None
        if flight is None:
            flight = _flights[key] = _Flight()
    if not leader:
        flight.done.wait()
        return flight.result, False
    try:
        flight.result = work()
    finally:
        with _flights_lock:
            del _flights[key]
        flight.done.set()
    return flight.result, True


def _cache_key(kind: str, url: str) -> str:
    # Hashed: cache backends limit key length and characters, and keys should not hold URLs.
    return f"jwtdebugger:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def _failed(url: str, message: str, discovered_from: str | None = None) -> FetchResult:
    return FetchResult(ok=False, url=url, jwks=None, from_cache=False, message=message, discovered_from=discovered_from)


def _fetch_and_store(target: ParsedTarget, key: str, force_refresh: bool) -> FetchResult:
    if force_refresh:
        return _fetch_now(target, key)
    cached = cache.get(key)  # a flight may have filled the cache since our first look
    if cached is not None:
        return FetchResult(True, target.url, cached, True, "")
    # Across processes (and instances, with a shared cache): one fetches, the others wait for
    # its result in the cache. The lock expires on its own if its holder dies.
    lock = key + ":lock"
    if cache.add(lock, True, int(FETCH_TOTAL_SECONDS) + 2):
        try:
            result = _fetch_now(target, key)
            if not result.ok and result.message != RATE_LIMITED:  # a refusal is the caller's own
                cache.set(key + ":failed", result.message, 2)
            return result
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + FETCH_TOTAL_SECONDS + 1
    while time.monotonic() < deadline:
        time.sleep(0.05)
        cached = cache.get(key)
        if cached is not None:
            return FetchResult(True, target.url, cached, True, "")
        failed = cache.get(key + ":failed")
        if failed is not None:
            return _failed(target.url, failed)
    return _fetch_now(target, key)  # the other fetch vanished: try ourselves


def _fetch_now(target: ParsedTarget, key: str) -> FetchResult:
    document, problem = _get_json(target, "a key set")
    if problem is None:
        problem = _key_set_problem(document)
    if problem is not None:
        logger.info("JWKS fetch from %s failed: %s", target.origin, problem)  # origin only: no path, query or body
        return _failed(target.url, problem)
    jwks = {"keys": document["keys"]}
    cache.set(key, jwks, JWKS_CACHE_SECONDS)
    return FetchResult(True, target.url, jwks, False, "")


def _key_set_problem(document: Any) -> str | None:
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        return "the answer is JSON but has no keys list"
    if len(document["keys"]) > MAX_KEYS:
        return f"the key set has more than {MAX_KEYS} keys"
    if not all(isinstance(key, dict) for key in document["keys"]):
        return "the keys list holds something other than JSON objects"
    return None


# --- Public API ------------------------------------------------------------------------


def fetch_jwks(url: str, *, force_refresh: bool = False) -> FetchResult:
    """The key set at `url`, from the cache when fresh. Concurrent misses make one fetch."""
    target, problem = check_url(url)
    if target is None:
        return _failed(url, problem or _BAD_URL)
    key = _cache_key("jwks", target.url)
    if not force_refresh:
        cached = cache.get(key)
        if cached is not None:
            return FetchResult(True, target.url, cached, True, "")
    result, ran = _single_flight(key, lambda: _fetch_and_store(target, key, force_refresh))
    # Callers that waited for another thread's fetch did not touch the network themselves.
    return result if ran or not result.ok else replace(result, from_cache=True)


def refetch_for_unknown_kid(url: str) -> FetchResult:
    """Refetch once because a token names a kid the cached set lacks (keys rotate), but
    at most once per URL in REFETCH_PENALTY_SECONDS, so tokens with made-up kids cannot
    turn the debugger into a request amplifier."""
    target, problem = check_url(url)
    if target is None:
        return _failed(url, problem or _BAD_URL)
    # cache.add is atomic: only one caller per window (across processes, with a shared cache).
    if cache.add(_cache_key("penalty", target.url), True, REFETCH_PENALTY_SECONDS):
        return fetch_jwks(target.url, force_refresh=True)
    cached = cache.get(_cache_key("jwks", target.url))
    if cached is not None:
        return FetchResult(
            True, target.url, cached, True, "refetched less than 30 seconds ago; using the cached key set"
        )
    return _failed(target.url, "the key set was refetched less than 30 seconds ago; try again shortly")


def discover_jwks(issuer: str) -> FetchResult:
    """The key set of an issuer: Cognito's well-known URL directly, otherwise through
    OpenID Connect discovery ({iss}/.well-known/openid-configuration → jwks_uri)."""
    cognito = parse_issuer(issuer)
    if cognito is not None:
        return fetch_jwks(cognito.jwks_url)
    target, problem = check_url(issuer)
    if target is None:
        return _failed(str(issuer), f"the issuer cannot be used for discovery: {problem}")
    if "?" in issuer or "#" in issuer:
        return _failed(issuer, "the issuer cannot be used for discovery: an issuer has no query or fragment")
    config_url = issuer.strip().rstrip("/") + "/.well-known/openid-configuration"
    config_target, problem = check_url(config_url)
    if config_target is None:
        return _failed(config_url, problem or _BAD_URL, config_url)
    key = _cache_key("oidc", config_url + "\n" + issuer)
    jwks_uri = cache.get(key)
    if jwks_uri is None:
        (jwks_uri, problem), _ran = _single_flight(key, lambda: _discover(config_target, issuer.strip(), key))
        if jwks_uri is None:
            logger.info("OIDC discovery at %s failed: %s", config_target.origin, problem)
            return _failed(config_url, problem or _BAD_URL, config_url)
    return replace(fetch_jwks(jwks_uri), discovered_from=config_url)


def _discover(config: ParsedTarget, issuer: str, key: str) -> tuple[str | None, str | None]:
    """The checked jwks_uri of a discovery document, or (None, problem)."""
    cached = cache.get(key)
    if cached is not None:
        return cached, None
    document, problem = _get_json(config, "a discovery document")
    if problem is not None:
        return None, f"discovery failed: {problem}"
    if not isinstance(document, dict):
        return None, "discovery failed: the answer is JSON but not a discovery document"
    if document.get("issuer") != issuer:
        return None, "discovery failed: the document's issuer is not exactly the token's iss"
    jwks_uri = document.get("jwks_uri")
    if not isinstance(jwks_uri, str):
        return None, "discovery failed: the document has no jwks_uri"
    _target, problem = check_url(jwks_uri)  # https, or an allow-listed origin; same rules
    if problem is not None:
        return None, f"discovery failed: the jwks_uri is refused: {problem}"
    cache.set(key, jwks_uri, JWKS_CACHE_SECONDS)
    return jwks_uri, None
