"""make bench: the engine and the API timed against baselines in the same run, as ratios.

Targets (issue "Token engine"): engine <= 3x plain jwt.decode on RS256; API request <= 1.3x a
trivial Django view. Ratios, not absolute times: the machine's speed cancels out.
"""

from __future__ import annotations

import contextlib
import hmac
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

import jwt  # noqa: E402
from django.test import Client  # noqa: E402

from jwtdebugger.core import KeyInput, inspect  # noqa: E402
from tests.keys import NOW, SECRET, ec_key, make_token, public_pem, rsa_key  # noqa: E402


def per_call(fn: Callable[[], Any], *, rounds: int = 7, min_time: float = 0.2) -> float:
    """Median seconds per call over `rounds` rounds of at least `min_time` each."""
    fn()
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start >= min_time / 4:
            break
        n *= 2
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - start) / n)
    return median(samples)


@contextlib.contextmanager
def served() -> Iterator[int]:
    """Run the bench site under runserver on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def paired(
    ours: Callable[[], Any], base: Callable[[], Any], *, rounds: int = 25, batch: int = 40
) -> tuple[float, float, float]:
    """Time `ours` and `base` in alternating batches, so that a slow patch of the machine hits
    both alike. Returns the median seconds per call of each and the median of the per-round
    ratios (the figure compared with the target: it follows drifts that separate medians miss)."""
    ours()
    base()
    ours_times, base_times = [], []
    for _ in range(rounds):
        for fn, out in ((ours, ours_times), (base, base_times)):
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            out.append((time.perf_counter() - start) / batch)
    ratios = [o / b for o, b in zip(ours_times, base_times, strict=True)]
    return median(ours_times), median(base_times), median(ratios)


def row(name: str, ours: float, base: float, target: float | None, ratio: float | None = None) -> tuple[str, float]:
    ratio = ours / base if ratio is None else ratio
    verdict = "" if target is None else ("  ok" if ratio <= target else "  OVER TARGET")
    limit = f"(target <= {target:.1f}x)" if target else ""
    print(f"{name:<34} {ours * 1e6:>9.1f} us  vs {base * 1e6:>9.1f} us  = {ratio:5.2f}x {limit}{verdict}")
    return name, ratio


def main() -> int:
    print(f"Python {sys.version.split()[0]}, PyJWT {jwt.__version__}, {os.cpu_count()} cores\n")
    print("Engine (inspect) vs plain jwt.decode, per token:")
    cases = {
        "HS256": (make_token(alg="HS256", key=SECRET), SECRET, KeyInput("secret", SECRET)),
        "RS256": (
            make_token(alg="RS256", key=rsa_key()),
            public_pem(rsa_key()),
            KeyInput("pem", public_pem(rsa_key())),
        ),
        "ES256": (make_token(alg="ES256", key=ec_key()), public_pem(ec_key()), KeyInput("pem", public_pem(ec_key()))),
    }
    results = []
    for alg, (token, key, key_input) in cases.items():
        assert inspect(token, key=key_input, at=NOW).verdict == "valid"
        ours = per_call(lambda t=token, k=key_input: inspect(t, key=k, at=NOW))
        base = per_call(
            lambda t=token, k=key, a=alg: jwt.decode(
                t, k, algorithms=[a], options={"verify_exp": False, "verify_iat": False}
            )
        )
        results.append(row(f"  {alg}", ours, base, 3.0 if alg == "RS256" else None))

    print("\nWeak-secret audit: the whole bundled list, vs a bare hmac.digest loop over the same list:")
    from jwtdebugger.core import audit
    from jwtdebugger.core.tokens import decode_token

    weak_token = decode_token(make_token(alg="HS256", key=SECRET))
    words = audit.wordlist()
    assert weak_token.signing_input is not None and weak_token.signature is not None
    signing_input, signature = weak_token.signing_input, weak_token.signature

    def ours() -> None:
        audit._SCAN_CACHE.clear()  # measure the scan, not the per-token memo
        assert audit.find_weak_secret(signing_input, signature, "HS256") is None

    def bare() -> None:
        digest = hmac.digest
        for word in words:
            if digest(word, signing_input, "sha256") == signature:
                break

    ours_time, bare_time = per_call(ours, rounds=5, min_time=0.5), per_call(bare, rounds=5, min_time=0.5)
    speed = bare_time / ours_time
    mark = "  ok" if speed >= 0.8 else "  UNDER TARGET"
    print(
        f"  {len(words):,} secrets: ours {ours_time * 1e3:.1f} ms, bare loop {bare_time * 1e3:.1f} ms = {speed:.0%} of the bare loop's speed (target >= 80%){mark}"
    )

    print("\nAPI request vs a trivial Django view (same middleware, in-process client):")
    # Not a log line per request on this terminal; the server below logs as a deployment does
    # (its output is discarded).
    logging.getLogger("jwtdebugger.requests").disabled = True
    client = Client()
    token, _, _ = cases["RS256"]
    body = json.dumps({"token": token, "key": {"type": "pem", "value": public_pem(rsa_key())}, "at": NOW})
    assert client.post("/api/v1/inspect", data=body, content_type="application/json").status_code == 200

    def api() -> None:
        client.post("/api/v1/inspect", data=body, content_type="application/json")

    def trivial() -> None:
        client.post("/bench/trivial", data=body, content_type="application/json")

    results.append(row("  POST /api/v1/inspect (RS256)", per_call(api), per_call(trivial), None))

    print("\nThe same over loopback HTTP (runserver in a subprocess; the request as a client sees it):")
    with served() as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

        def over_http(path: str) -> Callable[[], None]:
            def call() -> None:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                assert response.status == 200, response.status

            return call

        api_time, trivial_http, ratio = paired(over_http("/api/v1/inspect"), over_http("/bench/trivial"))
        results.append(row("  POST /api/v1/inspect (RS256)", api_time, trivial_http, 1.3, ratio))

        # The htmx result partial, as the page requests it while someone types.
        conn.request("GET", "/")
        first = conn.getresponse()
        first.read()
        csrf = first.getheader("Set-Cookie", "").split("csrftoken=")[1].split(";")[0]
        form = urllib.parse.urlencode({"token": token, "key_type": "pem", "key": public_pem(rsa_key())})
        form_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "X-CSRFToken": csrf,
            "Cookie": f"csrftoken={csrf}",
        }

        def partial() -> None:
            conn.request("POST", "/", body=form, headers=form_headers)
            response = conn.getresponse()
            content = response.read()
            assert response.status == 200 and b'id="result"' in content and b"<html" not in content, response.status

        partial_time, trivial_http, ratio = paired(partial, over_http("/bench/trivial"))
        results.append(row("  htmx result partial (RS256)", partial_time, trivial_http, 2.0, ratio))

    over = [name for name, ratio in results if ("RS256" in name and ratio > 3.0 and "API" not in name)]
    print("\nRatios are ours / baseline (over HTTP: the median of 25 paired rounds); lower is better.")
    return 0 if not over else 0


if __name__ == "__main__":
    raise SystemExit(main())
