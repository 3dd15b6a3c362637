"""python manage.py inspect_token TOKEN|- [options]

Exit codes: 0 valid, 1 invalid, 3 unverified, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jwtdebugger import services
from jwtdebugger.core import Expectations, KeyInput, Report, Status, Verdict
from jwtdebugger.core.jwe import DecryptKey
from jwtdebugger.forms import SECRET_ENCODINGS, InputError, InspectRequest, parse_at, parse_leeway

EXIT_CODES = {Verdict.VALID: 0, Verdict.INVALID: 1, Verdict.UNVERIFIED: 3}
EXIT_USAGE = 2
MARKS = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.WARN: "WARN", Status.SKIP: "SKIP", Status.INFO: "INFO"}


class UsageError(Exception):
    pass


class Command(BaseCommand):
    help = "Decode, verify and explain a JWT. Exit 0 valid, 1 invalid, 3 unverified, 2 usage error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="the token, or - to read it from standard input")
        keys = parser.add_mutually_exclusive_group()
        keys.add_argument("--secret", help="HMAC secret (prefer --secret-file or stdin in shared shells)")
        keys.add_argument("--pem", metavar="FILE", help="PEM public key, certificate or private key")
        keys.add_argument("--jwk", metavar="FILE", help="a JWK (JSON file)")
        keys.add_argument("--jwks", metavar="FILE", help="a JWK Set (JSON file)")
        parser.add_argument("--secret-encoding", choices=SECRET_ENCODINGS, default="utf8")
        parser.add_argument("--iss", help="expected issuer")
        parser.add_argument("--aud", action="append", help="expected audience (repeatable: any match)")
        parser.add_argument("--sub", help="expected subject")
        parser.add_argument("--token-use", choices=("id", "access"), help="expected Cognito token_use")
        parser.add_argument("--client-id", help="expected Cognito app client id")
        parser.add_argument("--scope", action="append", dest="scopes", help="expected scope (repeatable: any match)")
        parser.add_argument("--leeway", type=int, default=0, help="clock skew allowed, 0-300 s")
        parser.add_argument("--at", type=float, help="evaluation time, Unix seconds (default now)")
        parser.add_argument("--json", action="store_true", help="print the API's JSON answer")
        decrypt = parser.add_mutually_exclusive_group()
        decrypt.add_argument(
            "--decrypt-pem", metavar="FILE", help="private key (PEM) to decrypt an encrypted token (JWE)"
        )
        decrypt.add_argument("--decrypt-jwk", metavar="FILE", help="JWK (private or oct) to decrypt a JWE")
        decrypt.add_argument("--decrypt-secret", metavar="B64URL", help="symmetric key (base64url) to decrypt a JWE")
        decrypt.add_argument("--decrypt-password", metavar="TEXT", help="PBES2 password to decrypt a JWE")

    def run_from_argv(self, argv: list[str]) -> None:
        # argparse exits with 2 on usage errors already; keep our own usage errors at 2 too.
        try:
            super().run_from_argv(argv)
        except UsageError as exc:
            sys.stderr.write(f"error: {exc}\n")
            sys.exit(EXIT_USAGE)

    def handle(self, *args: Any, **options: Any) -> None:
        request = self._request(options)
        report = services.token_inspect(request=request)
        text = json.dumps(report.to_dict(), indent=2) if options["json"] else render_text(report)
        # Arguments the shell could not decode arrive as lone surrogates: print them escaped.
        self.stdout.write(text.encode("utf-8", errors="backslashreplace").decode("utf-8"))
        sys.exit(EXIT_CODES[report.verdict])

    def _request(self, options: dict[str, Any]) -> InspectRequest:
        token = options["token"]
        if token == "-":
            token = sys.stdin.read()
        try:
            return InspectRequest(
                token=token,
                key=_key(options),
                expect=Expectations(
                    iss=options["iss"],
                    aud=tuple(options["aud"]) if options["aud"] else None,
                    sub=options["sub"],
                    token_use=options["token_use"],
                    client_id=options["client_id"],
                    scopes=tuple(options["scopes"]) if options["scopes"] else None,
                ),
                leeway=parse_leeway(options["leeway"]),
                at=parse_at(options["at"]),
                decrypt_key=_decrypt_key(options),
            )
        except InputError as exc:
            raise UsageError(exc.message) from None


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc.__class__.__name__}") from None


def _key(options: dict[str, Any]) -> KeyInput | None:
    if options["secret"] is not None:
        return KeyInput("secret", options["secret"], options["secret_encoding"])
    for kind in ("pem", "jwk", "jwks"):
        if options[kind]:
            return KeyInput(kind, _read(options[kind]))
    return None


def _decrypt_key(options: dict[str, Any]) -> DecryptKey | None:
    if options["decrypt_pem"]:
        return DecryptKey("pem", _read(options["decrypt_pem"]))
    if options["decrypt_jwk"]:
        return DecryptKey("jwk", _read(options["decrypt_jwk"]))
    if options["decrypt_secret"] is not None:
        return DecryptKey("secret", options["decrypt_secret"])
    if options["decrypt_password"] is not None:
        return DecryptKey("password", options["decrypt_password"])
    return None


VERDICT_WORDS = {Verdict.VALID: "VALID", Verdict.INVALID: "INVALID", Verdict.UNVERIFIED: "NOT VERIFIED"}


def render_text(report: Report) -> str:
    lines = [f"Verdict: {VERDICT_WORDS[report.verdict]}"]
    failing = report.failing
    if failing:
        lines.append("Failed: " + ", ".join(c.title for c in failing))
    lines.append("")
    for check in report.sorted_checks():
        lines.append(f"[{MARKS[check.status]}] {check.title}: {check.message}")
    if report.token.header is not None:
        lines += ["", "Header:", json.dumps(report.token.header, indent=2, ensure_ascii=False)]
    if report.token.payload is not None:
        lines += ["", "Payload:", json.dumps(report.token.payload, indent=2, ensure_ascii=False)]
    layer = report.extras.get("jwe")
    if layer:
        inner = layer.get("inner")
        if inner:
            lines += ["", "Inner token (decrypted):"] + [
                f"[{c['status'].upper()}] {c['title']}: {c['message']}" for c in inner["checks"]
            ]
            lines += ["", "Inner payload:", json.dumps(inner["token"]["payload"], indent=2, ensure_ascii=False)]
        else:
            lines += ["", "Decrypted content:", layer.get("plaintext") or layer.get("plaintext_base64url") or ""]
    dated = [c for c in report.claims if c.display and c.part == "payload"]
    if dated:
        lines += ["", "Claims:"] + [f"  {c.name}: {c.display}" for c in dated]
    return "\n".join(lines)
