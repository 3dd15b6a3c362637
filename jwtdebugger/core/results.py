"""Plain data the engine works with and hands back: statuses, checks, inputs, the report.

Outcomes are values, not exceptions: every finding is a :class:`Check`.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from functools import lru_cache, partial
from typing import Any

from jwtdebugger.core import explain


def fast_init[T: type](cls: T, *, store_order: tuple[str, ...] = ()) -> T:
    """Give a frozen dataclass an ``__init__`` that fills the instance ``__dict__`` directly.

    A frozen dataclass's own ``__init__`` sets every field through ``object.__setattr__``,
    about three times slower; an inspection builds a dozen of these objects, so it shows.
    Same parameters, defaults and default factories; the class stays frozen (assignment
    still raises), comparable and hashable. Apply it above ``@dataclass(frozen=True)``.

    `store_order` (every field name once) is the order of the instance ``__dict__``, when
    ``to_dict()`` copies it and wants another order than the fields'. orjson writes such an
    object from its ``__dict__`` too (no ``__slots__``), so the API's bytes follow this order
    (`Report.json_outline`).
    """
    assert "__post_init__" not in vars(cls) and "__slots__" not in vars(cls), cls
    params: list[str] = []
    body: list[str] = ["    d = self.__dict__"]
    stores: dict[str, str] = {}
    namespace: dict[str, Any] = {"_MISSING": MISSING}
    for f in fields(cls):
        assert f.init and f.kw_only is not True, (cls, f.name)
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING:\n        {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
        stores[f.name] = f"    d[{f.name!r}] = {f.name}"
    assert not store_order or sorted(store_order) == sorted(stores), (cls, store_order)
    body.extend(stores[name] for name in store_order or stores)
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    exec(source, namespace)  # noqa: S102 - built from the class's own field names, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"
    INFO = "info"


class Verdict(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNVERIFIED = "unverified"


class TokenFormat(StrEnum):
    JWS = "jws"
    JWE = "jwe"
    UNSECURED = "unsecured"
    MALFORMED = "malformed"


# Sort order for display: failing rows first.
STATUS_ORDER = {Status.FAIL: 0, Status.WARN: 1, Status.PASS: 2, Status.INFO: 3, Status.SKIP: 4}


# Status -> its plain text, for to_dict (cheaper than str() on the enum member).
_STATUS_TEXT: dict[str, str] = {status: status.value for status in Status}
_VERDICT_TEXT: dict[str, str] = {verdict: verdict.value for verdict in Verdict}
_FORMAT_TEXT: dict[str, str] = {kind: kind.value for kind in TokenFormat}


# The instance dict holds the fields in to_dict() key order, so to_dict() is a copy of it.
@partial(fast_init, store_order=("id", "status", "claim", "title", "message", "expected", "actual", "lesson"))
@dataclass(frozen=True)
class Check:
    """One finding: a stable id, a status, and words for a person."""

    id: str
    status: Status
    title: str
    message: str
    claim: str | None = None
    expected: Any = None
    actual: Any = None
    lesson: str | None = None  # slug of the lesson that explains this, when there is one

    def to_dict(self) -> dict[str, Any]:
        """id, status (as text), claim, title, message, expected, actual, lesson."""
        data = self.__dict__.copy()  # in that order: see store_order above
        data["status"] = _STATUS_TEXT[data["status"]]
        return data


@fast_init
@dataclass(frozen=True)
class KeyInput:
    """What the user gave to verify with. ``type``: secret, pem, jwk or jwks."""

    type: str
    value: Any
    encoding: str = "utf8"


@fast_init
@dataclass(frozen=True)
class Expectations:
    """What the caller expects of the token; ``None`` means "not checked"."""

    iss: str | None = None
    aud: tuple[str, ...] | None = None
    sub: str | None = None
    typ: str | None = None
    algorithms: tuple[str, ...] | None = None
    token_use: str | None = None
    client_id: str | None = None
    scopes: tuple[str, ...] | None = None
    required: tuple[str, ...] = ()


@fast_init
@dataclass(frozen=True)
class ClaimInfo:
    """A claim (or header member) as shown to a person: value, meaning, readable value."""

    name: str
    value: Any
    description: str
    display: str | None = None
    part: str = "payload"

    def to_dict(self) -> dict[str, Any]:
        """name, value, description, display, part: the fields, in their order."""
        return self.__dict__.copy()


@fast_init
@dataclass(frozen=True)
class DecodedToken:
    """The token taken apart, with nothing judged yet."""

    format: TokenFormat
    text: str
    cleaned: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    header: dict[str, Any] | None = None
    payload: dict[str, Any] | None = None
    payload_bytes: bytes | None = None
    signature: bytes | None = None
    faults: tuple[Check, ...] = ()

    @property
    def signing_input(self) -> bytes | None:
        segments = self.segments
        if len(segments) != 3:
            return None
        return f"{segments[0]}.{segments[1]}".encode("ascii")

    @property
    def signature_b64(self) -> str | None:
        if self.format in (TokenFormat.JWS, TokenFormat.UNSECURED) and len(self.segments) == 3:
            return self.segments[2]
        return None


@fast_init
@dataclass(frozen=True)
class Report:
    """Everything the engine says about one token."""

    verdict: Verdict
    token: DecodedToken
    checks: tuple[Check, ...]
    claims: tuple[ClaimInfo, ...]
    at: float
    leeway: int
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def failing(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status is Status.FAIL)

    def sorted_checks(self) -> list[Check]:
        return sorted(self.checks, key=lambda c: STATUS_ORDER[c.status])

    def check(self, check_id: str) -> Check | None:
        """The first check with this id, or None."""
        return next((c for c in self.checks if c.id == check_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The report's JSON form (the API's answer), as plain dicts and lists."""
        data = self.json_outline()
        if data["checks"] is self.checks:  # (an extras entry of that name would stand, as there)
            data["checks"] = [c.to_dict() for c in self.checks]
        if data["claims"] is self.claims:
            data["claims"] = [c.to_dict() for c in self.claims]
        return data

    def json_outline(self) -> dict[str, Any]:
        """`to_dict()` with the checks and claims left as their dataclasses (same keys, same
        order). orjson writes a dataclass without ``__slots__`` from its instance ``__dict__``
        (in `fast_init`'s store order, which is `to_dict()`'s; names starting with "_" left
        out: there are none), so it gives the same text as for `to_dict()`, without the
        per-check copies."""
        token = self.token
        data: dict[str, Any] = {
            "verdict": _VERDICT_TEXT[self.verdict],
            "token": {
                "format": _FORMAT_TEXT[token.format],
                "header": token.header,
                "payload": token.payload,
                "signature": token.signature_b64,
                "cleaned": list(token.cleaned),
            },
            "checks": self.checks,
            "claims": self.claims,
            "evaluated_at": self.at,
            "leeway": self.leeway,
        }
        if self.extras:
            data.update(self.extras)
        return data


@lru_cache(maxsize=256)  # keyed by message keys from the code: a handful
def fixed_check(check_id: str, status: Status, key: str) -> Check:
    """A check whose message has no values says the same every time: one shared (frozen) Check."""
    return Check(id=check_id, status=status, title=explain.title(check_id), message=explain.message(key))
