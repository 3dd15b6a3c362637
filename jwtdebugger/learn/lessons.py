"""The lessons, as data: short text around live tokens, each ending with an exam tip.

Text marks code with `backticks` (the template turns them into <code>, after escaping).
Each demo names a case in `cases.py`; the case carries the token and the promised outcome.
Slugs are stable: the engine's audit checks link to some of them.

Pure Python (no Django import).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Demo:
    case: str  # a name in cases.CASES
    caption: str  # what this token shows


@dataclass(frozen=True)
class SimulatorLink:
    scenario: str  # a scenario slug: its token and authorizer go to /simulate/
    label: str


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str  # one line for the index
    body: tuple[str, ...]  # paragraphs
    try_it: str  # what to do with the demos
    demos: tuple[Demo, ...]
    exam_tip: str  # in our own words
    compare: tuple[str, ...] = ()  # cases whose claims are shown side by side
    table: Table | None = None
    simulate: tuple[SimulatorLink, ...] = ()
    token_response: bool = False  # offer the token-response example
    scenarios: tuple[str, ...] = ()  # related scenario slugs


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        slug="anatomy-of-a-jwt",
        title="Anatomy of a JWT",
        summary="Three base64url parts joined by dots: header, payload, signature.",
        body=(
            "A JSON Web Token is three parts joined by dots: `header.payload.signature`. The header and the payload are JSON objects, each encoded with base64url (the URL-safe base64 alphabet, without `=` padding); the signature is bytes, encoded the same way.",
            "The header says how the token is signed: `alg`, and often `kid`, the id of the signing key. The payload holds the claims: whom the token is about (`sub`), who issued it (`iss`), whom it is for (`aud`), when it expires (`exp`), and whatever else the issuer adds.",
            "The signature is computed over the first two parts exactly as written, `header.payload`, with the issuer's key. Anyone can read the first two parts; only the key holder can produce a matching signature.",
        ),
        try_it="Open the token: the debugger colours the three parts, decodes the header and payload, and explains each claim.",
        demos=(Demo("anatomy", "An HS256 token, signed with this site's demo secret when this page was made."),),
        exam_tip="Two of the three parts are readable by anyone. If a question asks what stops a JWT from being changed, the answer is the signature, never the encoding.",
    ),
    Lesson(
        slug="encoded-not-encrypted",
        title="Encoded is not encrypted",
        summary="Anyone holding a JWT can read its payload: no secrets in it.",
        body=(
            "Base64url is an encoding, not encryption: it turns bytes into URL-safe text and back, with no key at all. Anyone who holds a JWT (a browser extension, a proxy log, a support ticket) can read its payload.",
            "A signed JWT protects its payload from being changed, not from being read. Keep passwords, secrets and personal data the caller should not see out of tokens; keep the payload to identifiers and permissions.",
            "If claims really must be hidden, the token has to be encrypted: a JWE, with five parts instead of three. Cognito's refresh tokens are encrypted that way; its ID and access tokens are not.",
        ),
        try_it="Open the token with no key at all: its payload, email address included, is shown in full. The debugger's claim table says the email is readable by anyone holding the token.",
        demos=(Demo("readable-payload", "An HS256 token holding an email address, opened without any key."),),
        exam_tip="Any answer that relies on the payload being secret is wrong: JWT payloads are readable by design. Confidentiality needs encryption (JWE) or keeping the data out of the token.",
        scenarios=("sensitive-data",),
    ),
    Lesson(
        slug="signature-and-tampering",
        title="Signature and tampering",
        summary="Change one character of the payload and the signature no longer matches.",
        body=(
            "The signature covers the header and the payload byte for byte. Change one character of the payload and the signature no longer matches; only someone holding the signing key can make a new one.",
            "Below are two tokens. The second is the first with one character of `sub` changed, `user-1001` becoming `user-1002` (an attempt to act as someone else), and the original signature kept. This server made the edit when it made this page.",
            "A verifier that checks the signature refuses the edited token, and an API answers 401 Unauthorized. A program that only decodes the token, without a key, would believe it: decoding is not verifying.",
        ),
        try_it="Open both. The original is Valid; the edited one is Invalid, failing on its signature.",
        demos=(
            Demo("tamper-original", "The original token, as issued."),
            Demo("tamper-edited", "The same token with one payload character changed and the old signature kept."),
        ),
        exam_tip="Tampering is caught by verifying the signature with the right key. An edited payload carrying the old signature always ends in 401 Unauthorized.",
        scenarios=("tampered-payload", "alg-none"),
    ),
    Lesson(
        slug="hs256-vs-rs256",
        title="HS256 vs RS256",
        summary="A shared secret, or a key pair whose public half anyone may hold.",
        body=(
            "HS256 is an HMAC: the same shared secret signs and verifies. Every service that verifies tokens must hold the secret, so every one of them could also mint tokens.",
            "RS256 uses a key pair: the issuer signs with its private key and verifiers use the public key, which cannot sign. That is why RS256 (or ES256) suits distributed systems: many services verify, only the issuer issues.",
            "Verifiers get the public key from the issuer's JWK Set (JWKS), a JSON document of public keys, each with a `kid`. Cognito publishes its set at `https://cognito-idp.<region>.amazonaws.com/<userPoolId>/.well-known/jwks.json`; this site's demo keys are published at `/learn/jwks.json`.",
            "The key, not the token, decides the algorithm: a verifier that let the token's `alg` choose could be fooled into using a public key as an HMAC secret (see the algorithm-confusion scenario).",
        ),
        try_it="Open the same claims signed three ways: with the shared secret, and with the RSA key verified from a PEM public key and from the published JWK Set.",
        demos=(
            Demo("hs256", "HS256: verified with the shared secret (the secret itself is in the form)."),
            Demo("rs256-pem", "RS256: verified with the public key as PEM."),
            Demo(
                "rs256-jwks", "RS256: verified with the JWK Set published at /learn/jwks.json, the key chosen by kid."
            ),
            Demo("es256-jwks", "ES256 (ECDSA): another key pair from the same JWK Set."),
        ),
        exam_tip="Shared secret, symmetric: HS256. Private and public key pair, asymmetric: RS256. When many services verify tokens from one issuer, choose the asymmetric one and publish the public keys as a JWKS.",
        scenarios=("wrong-secret", "key-confusion"),
    ),
    Lesson(
        slug="registered-claims",
        title="The registered claims",
        summary="iss, sub, aud, exp, nbf, iat and jti: who, for whom, about whom, when.",
        body=(
            "RFC 7519 registers seven claim names, all optional but widely used: `iss` (issuer), `sub` (subject, usually a user id), `aud` (audience: whom the token is for), `exp` (expiration time), `nbf` (not before), `iat` (issued at) and `jti` (a unique id for the token).",
            "The times are NumericDates: seconds since 1970-01-01 UTC, as JSON numbers. `exp`, `nbf` and `iat` say when the token may be used; `iss`, `aud` and `sub` say who made it, for whom, and about whom.",
            "Verifying a token means checking these against what you expect, not only the signature: a perfectly signed token for another API, or one that expired yesterday, must be refused.",
        ),
        try_it="Open the token with an expected issuer, audience and subject: each claim is checked and explained, and the timeline shows iat, nbf and exp.",
        demos=(Demo("registered-claims", "An RS256 token carrying all seven registered claims."),),
        exam_tip="Know the three-letter names: iss who issued it, sub whom it is about, aud whom it is for, exp when it stops working. The claim that stops a token for service A from being used at service B is aud.",
        scenarios=("wrong-audience", "wrong-issuer"),
    ),
    Lesson(
        slug="expiry-and-clock-skew",
        title="Expiry, not-before and clock skew",
        summary="exp and nbf against the verifier's clock, with a little leeway.",
        body=(
            "`exp` is the moment from which the token must be refused; `nbf` the moment before which it must be refused. A verifier compares them with its own clock.",
            "Clocks on different machines differ by a few seconds, sometimes more. Verifiers therefore allow a small leeway for clock skew, typically a minute or two: a token that expired 30 seconds ago is still accepted with 60 seconds of leeway.",
            "Leeway is a tolerance for clocks, not a way to extend tokens, so keep it small. AWS documents no leeway for API Gateway's JWT authorizers; aws-jwt-verify has a `graceSeconds` option.",
            "These forms carry a fixed evaluation time (the moment this page was made), so each result stays what this lesson says even if you come back later.",
        ),
        try_it="Open each pair: without leeway the token is refused; with 60 seconds of leeway it is accepted.",
        demos=(
            Demo("expired-30s", "Expired 30 seconds ago, no leeway."),
            Demo("expired-30s-leeway", "The same token with 60 seconds of leeway."),
            Demo("early-45s", "Not valid for another 45 seconds (nbf), no leeway."),
            Demo("early-45s-leeway", "The same token with 60 seconds of leeway."),
        ),
        exam_tip="An expired token is a 401, and the client's fix is a new token (refresh), not a retry. Clock skew is absorbed by a leeway of seconds, never hours.",
        scenarios=("expired", "not-yet-valid"),
    ),
    Lesson(
        slug="issuer-and-audience",
        title="Issuer and audience checks",
        summary="A good signature says who signed; iss and aud say it is meant for you.",
        body=(
            "A valid signature says who signed the token; it does not say the token is meant for you. Check that `iss` equals your issuer exactly (scheme, host, path, even a trailing slash) and that `aud` names your API.",
            "Without the audience check, a token issued to one app could be replayed against another API that trusts the same issuer. Cognito ID tokens carry the app client id in `aud`; Cognito access tokens have no `aud` and carry `client_id` instead.",
            "API Gateway's HTTP API JWT authorizer checks `iss` and `aud`, and looks at `client_id` only when the token has no `aud`: so you configure the app client id as its audience.",
        ),
        try_it="Open the three tokens against the same expectations (issuer https://auth.example.com, audience orders-api).",
        demos=(
            Demo("audience-ok", "Issued by the expected issuer for orders-api."),
            Demo("audience-wrong", "Same issuer, but issued for billing-api."),
            Demo("issuer-wrong", "For orders-api, but from the staging issuer."),
        ),
        exam_tip="For a JWT authorizer in front of Cognito, the issuer is the user pool's URL and the audience is the app client id. A token from another pool fails on iss; a token for another app client fails on aud.",
        scenarios=("wrong-audience", "wrong-issuer", "wrong-client"),
    ),
    Lesson(
        slug="cognito-tokens",
        title="Cognito ID, access and refresh tokens",
        summary="Who the user is, what the caller may do, and how to get new tokens.",
        body=(
            "A Cognito sign-in returns three tokens. The ID token (`token_use` `id`) says who the user is: user name, email, groups, and `aud`, the app client. The access token (`token_use` `access`) says what the caller may do: `scope`, `client_id`, groups; it has no `aud`. The refresh token gets new ID and access tokens when they expire.",
            "ID and access tokens are signed JWTs (RS256) that anyone can decode. The refresh token is encrypted and only the user pool can read it: to your application it is an opaque string that goes back to Cognito, never to your APIs.",
            "Send the access token to your APIs; use the ID token inside your app to show who is signed in. Tokens from one sign-in share `sub`, `origin_jti` and `auth_time`, and an ID token can carry `at_hash`, which binds it to the access token issued with it.",
        ),
        try_it="Compare the claims side by side, open each token, or paste a whole token response to see the three checked together.",
        demos=(
            Demo("cognito-id", "The ID token, verified with the demo JWK Set."),
            Demo("cognito-access", "The access token from the same sign-in, with the scope orders/read."),
            Demo(
                "cognito-refresh",
                "A stand-in refresh token: encrypted (five parts), unreadable without the user pool's key.",
            ),
        ),
        compare=("cognito-id", "cognito-access", "cognito-refresh"),
        token_response=True,
        exam_tip="ID token: identity (who). Access token: authorization (what, through scopes). Refresh token: renewal (long-lived, encrypted, sent only to Cognito).",
        scenarios=("id-token-for-access", "wrong-client"),
    ),
    Lesson(
        slug="api-gateway-authorizers",
        title="API Gateway authorizers: 401 or 403",
        summary="Cognito user pool, JWT and Lambda authorizers, and what each answers.",
        body=(
            "API Gateway can check a token before your code runs. A REST API can use a Cognito user pool authorizer or a Lambda authorizer (and, more recently, a JWT authorizer too); an HTTP API can use a JWT authorizer (configured with an issuer and audiences) or a Lambda authorizer.",
            "They answer 401 Unauthorized when the token is missing or not valid: bad signature, expired, wrong issuer or audience. They answer 403 Forbidden when the token is valid but not allowed: a route's scopes that the token lacks on a JWT authorizer, or an explicit Deny policy from a Lambda authorizer.",
            "Scopes also tell token kinds apart. An HTTP API JWT authorizer cannot distinguish an ID token from an access token, which is why AWS recommends requiring scopes on routes; on a REST API Cognito authorizer, a method with OAuth scopes requires an access token.",
        ),
        try_it="Run the same tokens through the simulator, or open them in the debugger with the route's expectations.",
        demos=(
            Demo("missing-scope", "A valid access token with orders/read, for a route that requires orders/write."),
            Demo("id-token-for-access", "An ID token sent where an access token is required."),
        ),
        table=Table(
            caption="Who answers what",
            head=("Authorizer", "Configured with", "401 Unauthorized when", "403 Forbidden when"),
            rows=(
                (
                    "HTTP API JWT authorizer",
                    "issuer; audience (the app client id); route scopes",
                    "the token is missing, or its algorithm, kid, signature, iss, aud (or client_id), exp, nbf or iat is wrong",
                    "the token is valid but has none of the route's scopes",
                ),
                (
                    "REST API Cognito user pool authorizer",
                    "user pools; method OAuth scopes",
                    "the token is missing, badly signed, expired or from another pool; with method scopes, not an access token with one of them (AWS names no status: see the simulator's notes)",
                    "not documented for this authorizer",
                ),
                (
                    "Lambda authorizer",
                    "your function",
                    'the function throws "Unauthorized"',
                    "the function returns a policy that denies the call",
                ),
            ),
        ),
        simulate=(
            SimulatorLink("id-token-no-scopes", "Simulate an ID token on a route without scopes (200)"),
            SimulatorLink("expired", "Simulate an expired token (401)"),
            SimulatorLink("missing-scope", "Simulate a missing scope (403)"),
        ),
        exam_tip="401 means: who are you? (no valid token). 403 means: I know who you are, and no (a valid token without the scope, or an explicit Deny).",
        scenarios=("missing-scope", "id-token-for-access", "id-token-no-scopes"),
    ),
    Lesson(
        slug="bearer-and-https",
        title="The Bearer header and HTTPS",
        summary="Authorization: Bearer <token>, only ever over HTTPS.",
        body=(
            "Clients send a token in the `Authorization` header: `Authorization: Bearer <token>` (RFC 6750). Bearer means whoever holds the token can use it, like cash: nothing proves that the sender is the user it was issued to.",
            "So tokens must only travel over HTTPS, and must stay out of URLs: query strings end up in server logs, browser history and Referer headers. Store them where other sites' scripts cannot read them.",
            "An HTTP API JWT authorizer reads its identity source, usually `$request.header.Authorization`, and accepts the token on its own or prefixed with `Bearer`.",
        ),
        try_it="Open the whole header line: the debugger removes the header name and the Bearer prefix, says so, and verifies the token.",
        demos=(Demo("bearer-header", "A complete Authorization header line, as copied from a request."),),
        exam_tip="A bearer token works for whoever holds it, so it travels only over HTTPS and lives briefly; the header is `Authorization: Bearer <token>`.",
    ),
    Lesson(
        slug="statelessness-and-revocation",
        title="Stateless tokens and why revocation is hard",
        summary="No lookup per request: great for scale, hard for instant logout.",
        body=(
            "A JWT carries everything a verifier needs: it checks the signature with a public key and reads the claims, without asking the issuer or a database. That is what lets JWTs scale across many services.",
            "The price: once issued, a token stays valid until `exp`, whatever happens at the issuer. A user who signs out or is disabled still holds tokens that verify.",
            "So keep access tokens short-lived and revoke the refresh token, so that no new ones can be obtained. Cognito can revoke refresh tokens; a verifier that only checks the signature and claims still accepts an access token issued before that, until it expires, unless it also consults a deny list, which brings state back.",
        ),
        try_it="Open the token: its user signed out ten minutes ago, but nothing in the token changed, so a stateless verifier, this debugger included, says Valid.",
        demos=(Demo("signed-out-still-valid", "An access token issued 20 minutes ago, before its user signed out."),),
        exam_tip="Stateless means no server lookup per request. The exam's answer for limiting the damage of a leaked or revoked token is short access-token lifetimes plus revoking the refresh token.",
    ),
    Lesson(
        slug="refresh-strategy",
        title="Token refresh strategy",
        summary="Short-lived access tokens, renewed with a long-lived refresh token.",
        body=(
            "Short-lived access tokens limit what a stolen token is worth; refresh tokens spare the user from signing in again. The client uses the access token until it is about to expire, then asks the token endpoint for new tokens with the refresh token.",
            "Cognito lets each app client set ID and access token lifetimes between 5 minutes and 1 day, and refresh tokens much longer. The refresh token goes only to Cognito, never to your APIs.",
            "Refresh a little before `exp` rather than waiting for errors; when an API answers 401 anyway, refresh once and retry once.",
        ),
        try_it="The same five-minute access token, judged now and ten minutes later: the second is the moment the client should already have refreshed.",
        demos=(
            Demo("short-lived-now", "A five-minute access token, judged now."),
            Demo("short-lived-later", "The same token judged ten minutes later."),
        ),
        exam_tip="Short access token, long refresh token: when the access token expires, exchange the refresh token at the token endpoint (grant_type refresh_token, or the SDK's refresh) instead of asking the user to sign in again.",
        scenarios=("expired",),
    ),
    Lesson(
        slug="choosing-the-algorithm",
        title="alg: none and algorithm confusion",
        summary="The server, not the token, chooses the algorithm.",
        body=(
            "The header's `alg` is written by whoever made the token, attackers included. Two classic attacks abuse verifiers that believe it.",
            "`alg: none`: the attacker strips the signature and declares the token unsigned. A verifier must never accept it.",
            "Algorithm confusion: the verifier holds an RSA public key; the attacker signs an HS256 token using that public key's PEM text as the HMAC secret (the key is public, after all). A library that lets `alg` decide how the key is used verifies it. The defence: the key decides the algorithm, and the server fixes the algorithms it accepts.",
        ),
        try_it="Open both forgeries: the debugger refuses each, and says why.",
        demos=(
            Demo("alg-none", "An unsigned token claiming to be the admin user."),
            Demo("key-confusion", "An HS256 token whose HMAC secret is the demo RSA public key's PEM."),
        ),
        exam_tip="The server chooses the algorithm: reject none, and never verify an HS256 token with an RSA public key.",
        scenarios=("alg-none", "key-confusion"),
    ),
    Lesson(
        slug="key-rotation",
        title="Key rotation and kid",
        summary="The kid header picks the key from the issuer's JWK Set.",
        body=(
            "Issuers change their signing keys from time to time. The JWK Set then holds the new key (and, for a while, the old one), and each token names its key with `kid` in the header.",
            "A verifier picks the key by `kid`, never by trying every key. When the `kid` is unknown it fetches the JWK Set again once (the keys may have just rotated) and refuses the token if the key is still missing. API Gateway may cache an issuer's public keys for two hours, so AWS advises a grace period in which old and new keys are both valid.",
            "A token whose `kid` is no longer published was signed with a retired key: it is refused (401), even though its signature was good once.",
        ),
        try_it="Open both tokens against the same JWK Set: the current kid is found; the retired one is not.",
        demos=(
            Demo("rs256-jwks", "Signed with the current key, kid learn-rsa-1."),
            Demo(
                "kid-not-in-jwks",
                "Signed with the same key but naming the retired kid learn-rsa-0, which the set no longer holds.",
            ),
        ),
        exam_tip="The kid in the header selects the public key from the issuer's JWKS. Rotate by publishing the new key before signing with it, and keep the old one until its tokens have expired.",
        scenarios=("kid-not-in-jwks",),
    ),
)

BY_SLUG: dict[str, Lesson] = {lesson.slug: lesson for lesson in LESSONS}


def get(slug: str) -> Lesson | None:
    return BY_SLUG.get(slug)
