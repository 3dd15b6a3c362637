"""The scenario gallery, as data: broken (and two surprising) tokens, one click into the debugger.

Each scenario states what the debugger will say (the case's verdict and failing checks) and
what an HTTP API JWT authorizer would answer (`http_status`, checked against the simulator
by a test); the quiz is generated from these.

Pure Python (no Django import).
"""

from __future__ import annotations

from dataclasses import dataclass

from jwtdebugger.learn import demo
from jwtdebugger.learn.authorizers import AuthorizerConfig

COGNITO_ROUTE = AuthorizerConfig("http_api_jwt", demo.ISSUER, (demo.CLIENT_ID,), ("orders/read",))
COGNITO_ROUTE_NO_SCOPES = AuthorizerConfig("http_api_jwt", demo.ISSUER, (demo.CLIENT_ID,))
WEB_ROUTE = AuthorizerConfig("http_api_jwt", demo.WEB_ISSUER, (demo.API_AUDIENCE,))


@dataclass(frozen=True)
class Scenario:
    slug: str  # also the name of its case in cases.CASES
    title: str
    story: str  # what happened
    why: str  # what the debugger shows and why
    fix: str  # what to do
    lesson: str  # slug of the lesson that explains it
    authorizer: AuthorizerConfig  # the route it is sent to in the simulator and the quiz
    http_status: int  # what that HTTP API JWT authorizer answers
    asked_check: str | None = None  # the failing check the quiz asks about (None: no check fails)
    note: str = ""  # honesty where the debugger's answer may surprise


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        slug="expired",
        title="Expired token",
        story="A mobile app kept an access token in memory overnight and sends it the next morning: it expired ten minutes ago.",
        why="exp is in the past, so the token must be refused whatever else is right about it.",
        fix="Refresh: exchange the refresh token for new tokens, then retry once.",
        lesson="expiry-and-clock-skew",
        authorizer=COGNITO_ROUTE,
        http_status=401,
        asked_check="claim.exp",
    ),
    Scenario(
        slug="not-yet-valid",
        title="Not yet valid",
        story="The identity provider's clock runs ten minutes fast: the token's nbf and iat are ten minutes in the future.",
        why="nbf is later than now, so the token may not be used yet; a small leeway would not cover ten minutes.",
        fix="Fix the clocks (NTP) on the issuing machine; use a leeway of seconds only for small skews.",
        lesson="expiry-and-clock-skew",
        authorizer=WEB_ROUTE,
        http_status=401,
        asked_check="claim.nbf",
    ),
    Scenario(
        slug="wrong-audience",
        title="Wrong audience",
        story="An ID token issued to another app client of the same user pool is sent to your API.",
        why="Its aud names the other app client, not yours: it was not meant for you.",
        fix="Sign in through your own app client; never accept tokens addressed to another one.",
        lesson="issuer-and-audience",
        authorizer=COGNITO_ROUTE_NO_SCOPES,
        http_status=401,
        asked_check="claim.aud",
    ),
    Scenario(
        slug="wrong-issuer",
        title="Wrong issuer",
        story="A tester signed in to the staging user pool and sends that access token to production.",
        why="iss is the staging pool's URL, not the production pool your API trusts.",
        fix="Use tokens from the environment's own user pool; configure each API with exactly one issuer per pool.",
        lesson="issuer-and-audience",
        authorizer=COGNITO_ROUTE,
        http_status=401,
        asked_check="claim.iss",
    ),
    Scenario(
        slug="tampered-payload",
        title="Tampered payload",
        story="Someone changed one character of sub, hoping to act as another user, and kept the original signature.",
        why="The signature was made over the original payload, so it no longer matches.",
        fix="Nothing to fix on the server: verifying the signature is the defence. Never trust a decoded-only token.",
        lesson="signature-and-tampering",
        authorizer=COGNITO_ROUTE,
        http_status=401,
        asked_check="signature",
    ),
    Scenario(
        slug="wrong-secret",
        title="Wrong secret",
        story="Two services share HS256 tokens, but one was deployed with an old secret.",
        why="The HMAC computed with the configured secret differs from the token's signature.",
        fix="Give both services the same current secret, or better, move to RS256 so verifiers need no secret at all. (An HTTP API JWT authorizer accepts RSA tokens only.)",
        lesson="hs256-vs-rs256",
        authorizer=WEB_ROUTE,
        http_status=401,
        asked_check="signature",
    ),
    Scenario(
        slug="alg-none",
        title="alg: none",
        story="An attacker took an access token, changed it to claim more scopes, set alg to none and dropped the signature.",
        why="An unsigned token can be written by anyone; the format, algorithm and signature checks all refuse it.",
        fix="Fix the accepted algorithms on the server (RS256 for Cognito) and never accept none.",
        lesson="choosing-the-algorithm",
        authorizer=COGNITO_ROUTE,
        http_status=401,
        asked_check="header.alg",
    ),
    Scenario(
        slug="id-token-for-access",
        title="ID token sent where an access token is required",
        story="A single-page app sends the ID token to the orders API, whose route requires the scope orders/read.",
        why="token_use is id: an ID token proves who the user is but carries no scopes.",
        fix="Send the access_token from the token response to APIs; keep the ID token inside the app.",
        lesson="cognito-tokens",
        authorizer=COGNITO_ROUTE,
        http_status=403,
        asked_check="claim.token_use",
        note="The HTTP API JWT authorizer answers 403, not 401: the ID token is signed, current and addressed to your app client (its aud), so it passes every check except the route's scopes.",
    ),
    Scenario(
        slug="missing-scope",
        title="Access token missing the route's scope",
        story="A read-only app client's access token (scope orders/read) calls the route that places orders, which requires orders/write.",
        why="The token is valid, but none of its scopes is one the route requires.",
        fix="Grant the scope to the app client (and request it at sign-in), or call a route the token is allowed to use.",
        lesson="api-gateway-authorizers",
        authorizer=AuthorizerConfig("http_api_jwt", demo.ISSUER, (demo.CLIENT_ID,), ("orders/write",)),
        http_status=403,
        asked_check="claim.scope",
    ),
    Scenario(
        slug="wrong-client",
        title="Access token for another app client",
        story="An access token issued to another app client of the pool reaches your API.",
        why="Cognito access tokens have no aud; their client_id names the other app client.",
        fix="Configure the API with your app client id (as the JWT authorizer's audience) and refuse the others.",
        lesson="issuer-and-audience",
        authorizer=COGNITO_ROUTE,
        http_status=401,
        asked_check="claim.client_id",
    ),
    Scenario(
        slug="kid-not-in-jwks",
        title="kid not in the JWK Set (rotated keys)",
        story="The token names the key learn-rsa-0, which the issuer has retired: its JWK Set now holds learn-rsa-1 and learn-ec-1.",
        why="No key in the JWK Set has the token's kid, so its signature cannot be checked, and the token is refused.",
        fix="Sign only with published keys; when rotating, publish the new key first and keep the old one until its tokens expire. Verifiers refetch the JWK Set once on an unknown kid.",
        lesson="key-rotation",
        authorizer=COGNITO_ROUTE,
        http_status=401,
        asked_check="key",
    ),
    Scenario(
        slug="key-confusion",
        title="HS256 token signed with the RSA public key (algorithm confusion)",
        story="An attacker HMAC-signs a token (HS256) using the API's RSA public key, as PEM text, as the secret, hoping the API lets the token's alg decide how to use its key.",
        why='The key decides the algorithm here: an RSA public key never verifies an HS256 token, so the key check fails with "HS256 needs an HMAC secret, but the key is an RSA key".',
        fix="Pin the accepted algorithms per key on the server; never pass a public key to an HMAC verifier.",
        lesson="choosing-the-algorithm",
        authorizer=WEB_ROUTE,
        http_status=401,
        asked_check="key",
    ),
    Scenario(
        slug="sensitive-data",
        title="Sensitive data in the payload",
        story="A pre-token-generation trigger copied a password and a card number into the ID token's claims.",
        why="The token is correctly signed and current, so it is valid: no JWT rule forbids what a payload says. Yet anyone holding it can read the password.",
        fix="Keep secrets and personal data out of tokens; put identifiers in them and look the rest up on the server.",
        lesson="encoded-not-encrypted",
        authorizer=COGNITO_ROUTE_NO_SCOPES,
        http_status=200,
        asked_check=None,
        note="The promise here is only the verdict: Valid, with no failed check. Flagging sensitive claims is the job of the separate audit (lint.sensitive_data, issue 7); whether the debugger also shows that warning depends on it.",
    ),
    Scenario(
        slug="id-token-no-scopes",
        title="ID token on a route without scopes",
        story="The same ID token reaches a route whose JWT authorizer requires no scopes.",
        why="The token is valid for the checks the debugger was given (issuer and app client): nothing here asks for an access token.",
        fix="Require scopes on routes (AWS's own advice): only access tokens carry them.",
        lesson="api-gateway-authorizers",
        authorizer=COGNITO_ROUTE_NO_SCOPES,
        http_status=200,
        asked_check=None,
        note="API Gateway answers 200: AWS notes there is no standard way to tell an access token from an ID token, and its aud matches the configured audience.",
    ),
)

BY_SLUG: dict[str, Scenario] = {s.slug: s for s in SCENARIOS}


def get(slug: str) -> Scenario | None:
    return BY_SLUG.get(slug)
