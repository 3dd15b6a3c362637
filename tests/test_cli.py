import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.keys import NOW, SECRET, make_token, public_jwk, public_pem, rsa_key

ROOT = Path(__file__).resolve().parents[1]


def run(*args, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", "inspect_token", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        input=stdin,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    return result


def test_valid_exit_0_and_human_output():
    result = run(make_token(), "--secret", SECRET, "--at", str(NOW))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Verdict: VALID")
    assert "[PASS] Signature" in result.stdout


def test_invalid_exit_1_names_failure():
    result = run(make_token({"exp": NOW - 3600}), "--secret", SECRET, "--at", str(NOW))
    assert result.returncode == 1
    assert "Failed: Expiry (exp)" in result.stdout
    assert "Expired 1 h ago" in result.stdout


def test_unverified_exit_3_and_json_from_stdin():
    result = run("-", "--json", "--at", str(NOW), stdin="Bearer " + make_token())
    assert result.returncode == 3
    body = json.loads(result.stdout)
    assert body["verdict"] == "unverified"
    assert body["token"]["cleaned"] == ["Bearer prefix"]


def test_key_files_and_expectations(tmp_path):
    token = make_token({"iss": "i", "aud": "b", "exp": NOW + 60}, alg="RS256", key=rsa_key())
    pem = tmp_path / "key.pem"
    pem.write_text(public_pem(rsa_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [public_jwk(rsa_key())]}))
    assert run(token, "--pem", str(pem), "--iss", "i", "--aud", "a", "--aud", "b", "--at", str(NOW)).returncode == 0
    assert run(token, "--jwks", str(jwks), "--at", str(NOW)).returncode == 0
    wrong = run(token, "--jwks", str(jwks), "--iss", "other", "--at", str(NOW))
    assert wrong.returncode == 1 and "Issuer (iss)" in wrong.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--leeway", "301"),
        ("--secret", "a", "--pem", "x"),
        ("--pem", "/nonexistent/key.pem"),
        ("--secret-encoding", "hex", "--secret", "x"),
    ],
)
def test_usage_errors_exit_2(args):
    result = run(make_token(), *args)
    assert result.returncode == 2
    assert "error" in result.stderr.lower()


def test_decrypts_a_nested_token(tmp_path):
    from tests.keys import private_pem
    from tests.test_jwe_integration import nested

    _, token = nested(claims={"sub": "alice", "exp": NOW + 60})
    pem, key = tmp_path / "public.pem", tmp_path / "private.pem"
    pem.write_text(public_pem(rsa_key()))
    key.write_text(private_pem(rsa_key(3072)))
    result = run(token, "--pem", str(pem), "--decrypt-pem", str(key), "--at", str(NOW))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[PASS] Decryption: Decrypted with RSA-OAEP-256 and A256GCM." in result.stdout
    assert "Inner token (decrypted):" in result.stdout and '"sub": "alice"' in result.stdout
    assert run(token, "--at", str(NOW)).returncode == 3
