"""What we know about Amazon Cognito user pool tokens (modelled on aws-jwt-verify)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

COGNITO_ISSUER = re.compile(
    r"^https://cognito-idp\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com/(?P<pool>(?P=region)_[A-Za-z0-9]+)$"
)


@dataclass(frozen=True)
class CognitoIssuer:
    region: str
    user_pool_id: str

    @property
    def jwks_url(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}/.well-known/jwks.json"


def parse_issuer(iss: Any) -> CognitoIssuer | None:
    if not isinstance(iss, str):
        return None
    if len(iss) <= _MAX_CACHED_ISSUER:
        return _parse_issuer_cached(str(iss))
    return _parse_issuer(iss)


# An inspection reads the issuer up to three times (claims, claim list, audit), and a service
# sees few issuers: remember them. Longer strings (no Cognito issuer is that long) are not kept.
_MAX_CACHED_ISSUER = 200


@lru_cache(maxsize=256)
def _parse_issuer_cached(iss: str) -> CognitoIssuer | None:
    return _parse_issuer(iss)


def _parse_issuer(iss: str) -> CognitoIssuer | None:
    match = COGNITO_ISSUER.match(iss)
    if not match:
        return None
    return CognitoIssuer(region=match["region"], user_pool_id=match["pool"])


def client_id_claim(payload: dict[str, Any]) -> str:
    """Where the app client id lives: `aud` in ID tokens, `client_id` in access tokens;
    without token_use, `client_id` when present, else `aud`."""
    token_use = payload.get("token_use")
    if token_use == "id":
        return "aud"
    if token_use == "access":
        return "client_id"
    return "client_id" if "client_id" in payload else "aud"


def scopes_of(value: Any) -> list[str] | None:
    """The space-separated `scope` claim as a list; None when it is not a string."""
    if not isinstance(value, str):
        return None
    return value.split()
