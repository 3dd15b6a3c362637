"""Text -> segments -> strict base64url / UTF-8 / JSON -> :class:`DecodedToken`.

Strict on purpose: what is shown must be exactly what is validated, so anything two parsers
could read differently (padding, stray characters, duplicate members, BOMs) is a fault.
"""

from __future__ import annotations

import binascii
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from jwtdebugger.core import explain
from jwtdebugger.core.results import Check, DecodedToken, Status, TokenFormat

MAX_TOKEN_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
MAX_NUMBER_CHARS = 48

_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_AUTH_PREFIX = re.compile(r"^authorization\s*:\s*", re.IGNORECASE)
_BEARER_PREFIX = re.compile(r"^bearer\s+", re.IGNORECASE)
_QUOTES = ('"', "'", "`")
_MAY_START_WRAPPING = "\"'`aAbB"  # first characters of quotes, Authorization and Bearer
_LINE_BREAKS = re.compile(r"[\r\n]+")


class SegmentError(ValueError):
    """A segment could not be decoded; the message names the fault for a person."""


def clean_input(text: str) -> tuple[str, tuple[str, ...]]:
    """Strip what people paste around a token; say what was removed."""
    first = text[:1]
    if (
        first
        and first not in _MAY_START_WRAPPING
        and not first.isspace()
        and not text[-1].isspace()
        and "\n" not in text
        and "\r" not in text
    ):
        return text, ()  # nothing around it and no line breaks: the usual case
    removed: list[str] = []
    current = text
    for _ in range(3):  # quotes around a header line around a token, in any order
        stripped = current.strip()
        if stripped != current and "surrounding whitespace" not in removed:
            removed.append("surrounding whitespace")
        current = stripped
        first = current[:1]
        if len(current) >= 2 and first == current[-1] and first in _QUOTES:
            current = current[1:-1]
            removed.append("quotes")
            continue
        # The prefixes can only start with these letters (checked first: it is the usual case).
        match = _AUTH_PREFIX.match(current) if first in "aA" else None
        if match:
            current = current[match.end() :]
            removed.append("Authorization header name")
            continue
        match = _BEARER_PREFIX.match(current) if first in "bB" else None
        if match:
            current = current[match.end() :]
            removed.append("Bearer prefix")
            continue
        break
    if "\n" in current or "\r" in current:
        # A token wrapped across lines by an e-mail or a terminal: the breaks are not part of it.
        # Spaces are not removed: a space inside a segment is a fault (not base64url).
        current = _LINE_BREAKS.sub("", current)
        removed.append("line breaks inside the token")
    return current, tuple(removed)


# base64url <-> standard base64 alphabets, for binascii (the base64 module's wrappers cost more
# than the decoding itself on a JWT-sized segment).
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")


_PADDING = (b"", b"", b"==", b"=")  # by length % 4 (1 is impossible)
# The last character of a canonical segment, by length % 4: its unused low bits are zero.
_CANONICAL_LAST = ("", "", "AQgw", "AEIMQUYcgkosw048")


def b64url_decode(segment: str) -> bytes:
    """Strict base64url (RFC 7515 section 2): URL-safe alphabet, no padding, canonical bits."""
    # The usual, valid segment in a few C calls: once '+', '/' and '=' are ruled out and '-_'
    # mapped to '+/', binascii's strict mode refuses any other character. Anything it refuses,
    # or a non-canonical last character, goes the checking way, which names the fault.
    remainder = len(segment) % 4
    if remainder != 1 and segment.isascii() and "=" not in segment and "+" not in segment and "/" not in segment:
        try:
            data = binascii.a2b_base64(
                segment.encode("ascii").translate(_TO_STANDARD) + _PADDING[remainder], strict_mode=True
            )
        except binascii.Error:
            pass
        else:
            if not remainder or segment[-1] in _CANONICAL_LAST[remainder]:
                return data
    return _b64url_decode_checked(segment)


def _b64url_decode_checked(segment: str) -> bytes:
    """b64url_decode, one rule after the other: the SegmentError says which one failed."""
    if not _B64URL.fullmatch(segment):
        if "=" in segment:
            raise SegmentError("it has '=' padding, which JWTs must not use")
        if "+" in segment or "/" in segment:
            raise SegmentError("it contains '+' or '/' from standard base64, not base64url")
        bad = next(ch for ch in segment if not (ch.isascii() and (ch.isalnum() or ch in "-_")))
        raise SegmentError(f"it contains {bad!r}, which is not a base64url character")
    if len(segment) % 4 == 1:
        raise SegmentError("its length is impossible for base64url (one character too many or too few)")
    standard = segment.encode("ascii").translate(_TO_STANDARD)
    try:
        data = binascii.a2b_base64(standard + b"=" * (-len(standard) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - alphabet checked above
        raise SegmentError("it could not be decoded") from exc
    # Re-encoding gives the segment back only when the unused bits of the last character are 0.
    if binascii.b2a_base64(data, newline=False).rstrip(b"=") != standard:
        raise SegmentError("its last character has non-zero unused bits (not the canonical encoding)")
    return data


def b64url_encode(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).translate(_TO_URLSAFE).rstrip(b"=").decode("ascii")


class _DuplicateMember(ValueError):
    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def _json_depth_exceeds(text: str, limit: int) -> bool:
    if text.count("{") + text.count("[") <= limit:
        return False  # cannot nest deeper than it has brackets (the usual case, without a scan)
    depth = 0
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


class OutOfRangeNumber(str):
    """A JSON number too large for a float (e.g. 1e400), kept as its literal text so that it
    is reported on its claim and can still be shown and serialised (JSON has no infinity)."""


def _number_hook(kind: type) -> Any:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise OverflowError(text)
        value = kind(text)
        if kind is float and not math.isfinite(value):
            return OutOfRangeNumber(text)
        return value

    return parse


_PARSE_INT = _number_hook(int)
_PARSE_FLOAT = _number_hook(float)


def has_lone_surrogate(value: Any) -> bool:
    """True when a string anywhere in `value` holds a lone UTF-16 surrogate (from a "\\ud800"
    escape): not valid Unicode, and it cannot be written back out as UTF-8."""
    if isinstance(value, str):
        return any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class _HasDuplicates(Exception):
    """An object repeats a member name: parse again with the hook that names them."""


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _HasDuplicates
    return result


# Built once: a JSONDecoder (and its scanner) costs more to build than a JWT header to parse.
# Tokens with duplicate members, which are rare, are parsed again by `_parse_naming_duplicates`.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_object_without_duplicates,
    parse_int=_PARSE_INT,
    parse_float=_PARSE_FLOAT,
    parse_constant=_reject_constant,
)


def _parse_naming_duplicates(text: str) -> tuple[Any, list[str]]:
    """The JSON value and the names of repeated members, in order of their first repetition
    (the last copy of a member wins, as in the fast path)."""
    duplicates: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result and key not in duplicates:
                duplicates.append(key)
            result[key] = value
        return result

    value = json.loads(
        text,
        object_pairs_hook=pairs_hook,
        parse_int=_PARSE_INT,
        parse_float=_PARSE_FLOAT,
        parse_constant=_reject_constant,
    )
    return value, duplicates


# The scanner JSONDecoder.__init__ builds (with the hooks above); typeshed does not list it.
_SCAN_ONCE: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def _decode_json(text: str) -> Any:
    """`_DECODER.decode(text)`. A JWT part is one JSON value with no whitespace around it: its
    scanner reads that directly; anything else (whitespace, extra data, no value) is left to
    `decode`, which skips the whitespace or raises the usual error."""
    try:
        value, end = _SCAN_ONCE(text, 0)
    except StopIteration:  # no value at position 0
        return _DECODER.decode(text)
    if end != len(text):
        return _DECODER.decode(text)
    return value


def _json_fault(part: str, key: str, **fields: Any) -> tuple[None, list[Check]]:
    return None, [format_fault(explain.message(key, part=part, **fields), part)]


def parse_json_strict(data: bytes, part: str) -> tuple[Any, list[Check]]:
    """Decode UTF-8 JSON strictly. Returns (value or None, faults); duplicates are faults but
    the value is still returned (first occurrence would differ between parsers, so the
    caller reports it)."""
    # A JWT part starts '{"': no byte order mark and no NUL byte (UTF-16), so these tests,
    # in the order of their faults, are for the other texts.
    if data[:2] != b'{"':
        if data.startswith(b"\xef\xbb\xbf"):
            return _json_fault(
                part, "format.utf8", fault="it starts with a byte order mark (BOM), which JSON text in a JWT must not"
            )
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 2 and (data[0] == 0 or data[1] == 0)):
            return _json_fault(part, "format.utf8", fault="it looks like UTF-16; JWTs use UTF-8")
    try:
        text = data.decode()  # UTF-8, strict
    except UnicodeDecodeError as exc:
        return _json_fault(part, "format.utf8", fault=f"invalid byte at position {exc.start}")
    # Nesting needs a '[' or a second '{': the usual part, one flat object, skips the count.
    if ("[" in text or "{" in text[1:]) and _json_depth_exceeds(text, MAX_JSON_DEPTH):
        return _json_fault(part, "format.depth", limit=MAX_JSON_DEPTH)

    duplicates: Sequence[str] = ()
    try:
        try:
            # json.loads would also refuse a leading BOM: impossible here, refused above.
            value = _decode_json(text)
        except _HasDuplicates:
            value, duplicates = _parse_naming_duplicates(text)
    except OverflowError:
        return _json_fault(part, "format.number", limit=MAX_NUMBER_CHARS)
    except RecursionError:  # pragma: no cover - the depth scan comes first
        return _json_fault(part, "format.depth", limit=MAX_JSON_DEPTH)
    except json.JSONDecodeError as exc:
        return _json_fault(part, "format.json", fault=f"{exc.msg} at line {exc.lineno} column {exc.colno}")
    except ValueError as exc:
        return _json_fault(part, "format.json", fault=str(exc))
    # Lone surrogates can only come from \u escapes (strict UTF-8 decoding refuses them raw).
    if "\\u" in text and has_lone_surrogate(value):
        return _json_fault(
            part,
            "format.utf8",
            fault="a string escapes a lone UTF-16 surrogate (like \\ud800), which is not valid Unicode",
        )
    if duplicates:
        names = ", ".join(f"'{name}'" for name in duplicates)
        return value, [format_fault(explain.message("format.duplicate", part=part, names=names), part)]
    return value, []


def format_fault(message_text: str, part: str | None = None) -> Check:
    return Check(
        id="format",
        status=Status.FAIL,
        title=f"Token format: {part}" if part else explain.title("format"),
        message=message_text,
    )


def json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    return "an object"


def decode_token(text: str) -> DecodedToken:
    """Take a pasted token apart. Never raises for any input text."""
    cleaned_text, removed = clean_input(text)
    if not cleaned_text:
        return DecodedToken(
            format=TokenFormat.MALFORMED,
            text=cleaned_text,
            cleaned=removed,
            faults=(format_fault(explain.message("format.empty")),),
        )
    size = len(cleaned_text) if cleaned_text.isascii() else len(cleaned_text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_TOKEN_BYTES:
        return DecodedToken(
            format=TokenFormat.MALFORMED,
            text="",
            cleaned=removed,
            faults=(format_fault(explain.message("format.too_large", size=size, limit=MAX_TOKEN_BYTES)),),
        )
    segments = tuple(cleaned_text.split("."))
    if len(segments) not in (3, 5):
        return DecodedToken(
            format=TokenFormat.MALFORMED,
            text=cleaned_text,
            cleaned=removed,
            segments=segments,
            faults=(format_fault(explain.message("format.segments", count=len(segments))),),
        )
    if len(segments) == 5:
        return _decode_jwe(cleaned_text, removed, segments)
    return _decode_jws(cleaned_text, removed, segments)


def _decode_header(segment: str) -> tuple[dict[str, Any] | None, list[Check], bool]:
    """Returns (header object or None, faults, decodable-as-base64)."""
    try:
        raw = b64url_decode(segment)
    except SegmentError as exc:
        return None, [format_fault(explain.message("format.base64", part="header", fault=exc), "header")], False
    value, faults = parse_json_strict(raw, "header")
    if value is None:
        return None, faults, True
    if not isinstance(value, dict):
        faults.append(
            format_fault(
                explain.message("format.json", part="header", fault=f"it is {json_kind(value)}, not a JSON object"),
                "header",
            )
        )
        return None, faults, True
    return value, faults, True


def _decode_jws(text: str, removed: tuple[str, ...], segments: tuple[str, ...]) -> DecodedToken:
    header, faults, header_b64_ok = _decode_header(segments[0])  # a new list: ours to extend

    if header is not None and "enc" in header:
        # A JWE header in a three-part token: JWE compact serialization has five parts.
        return DecodedToken(
            format=TokenFormat.MALFORMED,
            text=text,
            cleaned=removed,
            segments=segments,
            header=header,
            faults=(
                format_fault(
                    explain.message("format.segments", count=3)
                    + " Its header names 'enc', so it is meant to be an encrypted token (JWE), which has 5 parts.",
                    "header",
                ),
            ),
        )

    payload: dict[str, Any] | None = None
    payload_bytes: bytes | None = None
    b64_ok = header_b64_ok
    try:
        payload_bytes = b64url_decode(segments[1])
    except SegmentError as exc:
        faults.append(format_fault(explain.message("format.base64", part="payload", fault=exc), "payload"))
        b64_ok = False
    if payload_bytes is not None:
        value, payload_faults = parse_json_strict(payload_bytes, "payload")
        if payload_faults:
            # A payload that is not JSON means "not a JWT", but the JWS can still be verified.
            note = " " + explain.message("format.not_jwt")
            faults.extend(format_fault(f.message + note, "payload") for f in payload_faults)
        elif not isinstance(value, dict):
            faults.append(
                format_fault(explain.message("format.not_object", part="payload", kind=json_kind(value)), "payload")
            )
        if isinstance(value, dict):
            payload = value

    signature: bytes | None = None
    try:
        signature = b64url_decode(segments[2])
    except SegmentError as exc:
        faults.append(format_fault(explain.message("format.base64", part="signature", fault=exc), "signature"))
        b64_ok = False

    if not b64_ok or header is None:
        token_format = TokenFormat.MALFORMED
    elif header.get("alg") == "none":
        token_format = TokenFormat.UNSECURED
    else:
        token_format = TokenFormat.JWS
    # Every field, in order: keyword arguments to a class cost a dict on each call.
    return DecodedToken(token_format, text, removed, segments, header, payload, payload_bytes, signature, tuple(faults))


def _decode_jwe(text: str, removed: tuple[str, ...], segments: tuple[str, ...]) -> DecodedToken:
    header, faults, header_b64_ok = _decode_header(segments[0])
    for part, segment in zip(
        ("encrypted key", "initialization vector", "ciphertext", "authentication tag"), segments[1:], strict=True
    ):
        try:
            b64url_decode(segment)
        except SegmentError as exc:
            faults.append(format_fault(explain.message("format.base64", part=part, fault=exc), part))
    if header is not None and "enc" not in header:
        faults.append(
            format_fault(
                "The header has no 'enc'. A five-part token is an encrypted token (JWE), whose header must name its content encryption ('enc').",
                "header",
            )
        )
    token_format = TokenFormat.JWE if not faults and header is not None else TokenFormat.MALFORMED
    return DecodedToken(
        format=token_format,
        text=text,
        cleaned=removed,
        segments=segments,
        header=header,
        faults=tuple(faults),
    )
