"""make loadtest: a bounded load (wrk, loopback only) against gunicorn with production settings.

Prints requests/s and p50/p99 latency for the HTML result partial and the JSON API on an RS256
token next to a trivial Django view in the same run, errors, worker memory before and after, and
the throughput of 2 workers against 1. Targets (issue "Production"): API >= 75% of the trivial
view's throughput, partial >= 50%, 2 workers >= 1.3x one worker.
LOADTEST_SECONDS (default 30) and LOADTEST_CONNECTIONS (default 32) bound the load.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "32"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


class Gunicorn:
    def __init__(self, workers: int, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "jwtdebugger.wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        self.url = f"http://127.0.0.1:{self.port}"

    def memory_kib(self) -> int:
        return sum(rss_kib(pid) for pid in worker_pids(self.process.pid))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def lua_script(directory: Path, name: str, body: str, headers: dict[str, str]) -> Path:
    lines = ['wrk.method = "POST"', f"wrk.body = [==[{body}]==]"]
    lines += [f'wrk.headers["{k}"] = [==[{v}]==]' for k, v in headers.items()]
    path = directory / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk(url: str, script: Path, seconds: int = SECONDS) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CONNECTIONS),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout

    def ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\b", out, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx[1]) if non2xx else 0) + (sum(int(x) for x in socket_errors.groups()) if socket_errors else 0)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "errors": errors}


def main() -> int:
    from tests.keys import make_token, public_pem, rsa_key

    work = Path(tempfile.mkdtemp(prefix="jwtdebugger-loadtest-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.prod_settings",
        "DJANGO_SECRET_KEY": "loadtest-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'loadtest.sqlite3'}",
        "JWTDEBUGGER_INSPECT_RATE": "0",
        "JWTDEBUGGER_FETCH_RATE": "0",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)

    token = make_token({"sub": "load", "exp": 4102444800}, alg="RS256", key=rsa_key())
    pem = public_pem(rsa_key())
    api_body = json.dumps({"token": token, "key": {"type": "pem", "value": pem}})
    print(
        f"wrk: {CONNECTIONS} connections, {SECONDS} s per run, loopback only; {os.cpu_count()} cores (wrk shares them)\n"
    )
    results = {}
    servers: list[Gunicorn] = []
    try:
        server = Gunicorn(2, env)
        servers.append(server)
        # The page's htmx partial needs a CSRF cookie and token, as a browser has.
        with urllib.request.urlopen(server.url + "/", timeout=10) as first:  # noqa: S310 - loopback
            cookie = first.headers.get("Set-Cookie", "")
        csrf = cookie.split("csrftoken=")[1].split(";")[0]
        form = urllib.parse.urlencode({"token": token, "key_type": "pem", "key": pem})
        scripts = {
            "trivial view": lua_script(work, "trivial", api_body, {"Content-Type": "application/json"}),
            "JSON API (RS256)": lua_script(work, "api", api_body, {"Content-Type": "application/json"}),
            "HTML partial (RS256)": lua_script(
                work,
                "partial",
                form,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "HX-Request": "true",
                    "X-CSRFToken": csrf,
                    "Cookie": f"csrftoken={csrf}",
                },
            ),
        }
        paths = {"trivial view": "/bench/trivial", "JSON API (RS256)": "/api/v1/inspect", "HTML partial (RS256)": "/"}
        wrk(server.url + "/bench/trivial", scripts["trivial view"], seconds=3)  # warm up
        memory_before = server.memory_kib()
        for name, script in scripts.items():
            results[name] = wrk(server.url + paths[name], script)
        memory_after = server.memory_kib()
        server.stop()

        one = Gunicorn(1, env)
        servers.append(one)
        wrk(one.url + "/api/v1/inspect", scripts["JSON API (RS256)"], seconds=3)
        single = wrk(one.url + "/api/v1/inspect", scripts["JSON API (RS256)"])
        one.stop()
    finally:
        for started in servers:
            if started.process.poll() is None:
                started.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'endpoint':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  vs trivial")
    base = results["trivial view"]["rps"]
    for name, r in results.items():
        print(f"{name:<22} {r['rps']:>8.1f} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['errors']:>7}  {r['rps'] / base:6.0%}")
    api, partial = results["JSON API (RS256)"], results["HTML partial (RS256)"]
    scaling = api["rps"] / single["rps"]
    total_errors = sum(r["errors"] for r in results.values()) + single["errors"]
    growth = memory_after - memory_before
    print(f"\nJSON API with 1 worker: {single['rps']:.1f} req/s; 2 workers = {scaling:.2f}x (target >= 1.3x)")
    print(
        f"Worker memory (2 workers, RSS): {memory_before / 1024:.1f} MiB before, {memory_after / 1024:.1f} MiB after ({growth / 1024:+.1f} MiB)"
    )
    print(f"Errors: {total_errors} (target 0)")
    checks = {
        "JSON API >= 75% of trivial": api["rps"] / base >= 0.75,
        "HTML partial >= 50% of trivial": partial["rps"] / base >= 0.50,
        "2 workers >= 1.3x one": scaling >= 1.3,
        "no errors": total_errors == 0,
    }
    print("\n" + "\n".join(f"  {'ok  ' if ok else 'MISS'} {name}" for name, ok in checks.items()))
    return 0 if total_errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
