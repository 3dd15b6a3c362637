"""The authorizer decision table: every rule of every authorizer type, on real engine reports."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from jwtdebugger.core import KeyInput, inspect
from jwtdebugger.learn.authorizers import AuthorizerConfig, decide
from jwtdebugger.learn.snippets import aws_cli, aws_cli_rest, aws_jwt_verify, config_snippets
from tests.keys import NOW, SECRET, ec_key, make_token, public_jwk, public_pem, raw_token, rsa_key

ISS = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test123"
CLIENT = "client-abc"
OTHER_ISS_KEY = rsa_key(3072)  # a second RSA key: "another key pair"


def access(**overrides: Any) -> dict[str, Any]:
    claims = {
        "sub": "u-1",
        "iss": ISS,
        "client_id": CLIENT,
        "token_use": "access",
        "scope": "orders/read",
        "iat": NOW - 60,
        "exp": NOW + 3600,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def id_token(**overrides: Any) -> dict[str, Any]:
    claims = {
        "sub": "u-1",
        "iss": ISS,
        "aud": CLIENT,
        "token_use": "id",
        "cognito:groups": ["admins"],
        "iat": NOW - 60,
        "exp": NOW + 3600,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def rs256(payload: dict[str, Any], kid: str | None = "k1", key: Any = None, alg: str = "RS256") -> str:
    return jwt.encode(payload, key or rsa_key(), algorithm=alg, headers={"kid": kid} if kid else None)


JWKS = KeyInput("jwks", {"keys": [public_jwk(rsa_key(), kid="k1"), public_jwk(ec_key(), kid="e1")]})
PEM = KeyInput("pem", public_pem(rsa_key()))


def run(token: str, config: AuthorizerConfig, key: KeyInput = JWKS, at: float = NOW):
    report = inspect(token, key=key, at=at).to_dict()
    return decide(report, config, key_type=key.type)


def rule(decision, rule_id: str) -> dict[str, Any]:
    return next(r.to_dict() for r in decision.rules if r.id == f"authorizer.{rule_id}")


def http(scopes: tuple[str, ...] = (), audience: tuple[str, ...] = (CLIENT,)) -> AuthorizerConfig:
    return AuthorizerConfig("http_api_jwt", ISS, audience, scopes)


def rest(scopes: tuple[str, ...] = ()) -> AuthorizerConfig:
    return AuthorizerConfig("rest_cognito", ISS, (), scopes)


def lam(**fields: Any) -> AuthorizerConfig:
    return AuthorizerConfig("lambda_cognito", ISS, **fields)


# ---- http_api_jwt ---------------------------------------------------------------------------


def test_http_access_token_passes_through_client_id_when_it_has_no_aud():
    decision = run(rs256(access()), http(("orders/read",)))
    assert (decision.decision, decision.status) == ("allow", 200)
    assert rule(decision, "aud")["message"].startswith("No aud, so API Gateway checks client_id: 'client-abc'")
    assert all(r.status in ("pass", "skip") for r in decision.rules)


def test_http_id_token_on_route_without_scopes_is_allowed():
    decision = run(rs256(id_token()), http())
    assert decision.status == 200
    assert rule(decision, "scope")["status"] == "skip"


def test_http_hmac_token_is_refused_even_with_the_right_secret():
    token = make_token(access(), alg="HS256", key=SECRET)
    decision = run(token, http(), key=KeyInput("secret", SECRET))
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.alg"
    assert "only verifies RS256, RS384, RS512, PS256, PS384, PS512" in decision.reason


def test_http_ps256_is_an_rsa_algorithm():
    decision = run(rs256(access(), alg="PS256"), http())
    assert decision.status == 200


@pytest.mark.parametrize(
    ("kid", "message"),
    [(None, "no kid in its header"), ("old-key", "No key in the JWK Set has kid 'old-key' (it holds 'k1', 'e1')")],
)
def test_http_kid_must_be_in_the_jwks(kid, message):
    decision = run(rs256(access(), kid=kid), http())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.kid"
    assert message in decision.reason


def test_http_kid_rule_not_applicable_with_a_pem_key():
    decision = run(rs256(access(), kid=None), http(), key=PEM)
    assert decision.status == 200
    assert rule(decision, "kid")["status"] == "skip"
    assert "Not applicable" in rule(decision, "kid")["message"]


def test_http_signature_from_another_key_pair():
    decision = run(rs256(access(), key=OTHER_ISS_KEY), http())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.signature"
    assert "The signature does not match" in decision.reason


def test_http_issuer_must_match_exactly():
    decision = run(rs256(access(iss=ISS + "/")), http())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.iss"


def test_http_aud_is_checked_and_client_id_ignored_when_both_present():
    decision = run(rs256(access(aud="someone-else")), http())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.aud"
    assert "When a token has aud, API Gateway checks aud and ignores client_id" in decision.reason


def test_http_aud_list_matching_one_audience_passes():
    decision = run(rs256(id_token(aud=["x", CLIENT])), http())
    assert decision.status == 200


@pytest.mark.parametrize(
    ("claims", "words"),
    [({"client_id": "other"}, 'client_id "other" is none of'), ({"client_id": None}, "neither aud nor client_id")],
)
def test_http_client_id_fallback_failures(claims, words):
    decision = run(rs256(access(**claims)), http())
    assert decision.status == 401
    assert words in decision.reason


@pytest.mark.parametrize(
    ("claims", "rule_id"),
    [
        ({"exp": NOW - 1}, "exp"),
        ({"exp": NOW}, "exp"),
        ({"exp": None}, "exp"),
        ({"exp": "tomorrow"}, "exp"),
        ({"nbf": NOW + 30}, "nbf"),
        ({"iat": NOW + 30}, "iat"),
    ],
)
def test_http_time_claims(claims, rule_id):
    decision = run(rs256(access(**claims)), http())
    assert decision.status == 401
    assert decision.deciding_rule.id == f"authorizer.{rule_id}"


@pytest.mark.parametrize(
    ("claims", "status"),
    [
        ({"scope": "a orders/read"}, 200),
        ({"scope": None, "scp": ["orders/read"]}, 200),
        ({"scope": None, "scp": "x orders/read"}, 200),
        ({"scope": "orders/write"}, 403),
        ({"scope": None}, 403),
    ],
)
def test_http_route_scopes_in_scope_or_scp(claims, status):
    decision = run(rs256(access(**claims)), http(("orders/read",)))
    assert decision.status == status
    if status == 403:
        assert decision.reason.startswith("403 Forbidden: The token is valid but carries")


def test_http_id_token_on_route_with_scopes_is_forbidden_not_unauthorized():
    decision = run(rs256(id_token()), http(("orders/read",)))
    assert (decision.decision, decision.status) == ("deny", 403)
    assert "no scope or scp claim (an ID token never does)" in decision.reason


def test_http_401_wins_over_403():
    decision = run(rs256(access(exp=NOW - 10, scope="nothing")), http(("orders/read",)))
    assert decision.status == 401
    assert rule(decision, "scope")["status"] == "fail"


@pytest.mark.parametrize("token", ["", "not.a.token", "a.b.c.d.e"])
def test_http_undecodable_tokens(token):
    decision = run(token, http())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.token"


def test_http_unsigned_token():
    token = raw_token({"alg": "none"}, access(), b"")
    decision = run(token, http())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.alg"


def test_http_reports_settings_it_does_not_have():
    decision = run(
        rs256(access()), AuthorizerConfig("http_api_jwt", ISS, (CLIENT,), token_use="access", groups=("admins",))
    )
    assert decision.status == 200
    assert rule(decision, "settings")["message"].startswith(
        "'token_use', 'groups' are not settings of an HTTP API JWT authorizer"
    )


# ---- rest_cognito ---------------------------------------------------------------------------


@pytest.mark.parametrize("claims", [id_token(), access()])
def test_rest_without_method_scopes_accepts_id_and_access_tokens(claims):
    assert run(rs256(claims), rest()).status == 200


def test_rest_with_method_scopes_requires_an_access_token():
    decision = run(rs256(id_token()), rest(("orders/read",)))
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.token_use"
    assert "an access token is required; this is an ID token" in decision.reason


@pytest.mark.parametrize(("scope", "status"), [("orders/read", 200), ("orders/write", 401)])
def test_rest_method_scopes(scope, status):
    assert run(rs256(access(scope=scope)), rest(("orders/read",))).status == status


def test_rest_does_not_check_the_app_client():
    decision = run(rs256(id_token(aud="another-app-client")), rest())
    assert decision.status == 200
    assert rule(decision, "client")["status"] == "skip"


@pytest.mark.parametrize(
    ("claims", "rule_id"),
    [({"exp": NOW - 5}, "exp"), ({"iss": "https://other"}, "iss"), ({"token_use": None}, "token_use")],
)
def test_rest_invalid_tokens_are_401(claims, rule_id):
    decision = run(rs256(id_token(**claims)), rest())
    assert decision.status == 401
    assert decision.deciding_rule.id == f"authorizer.{rule_id}"


def test_rest_only_rs256():
    decision = run(rs256(id_token(), alg="PS256"), rest())
    assert decision.status == 401
    assert decision.deciding_rule.id == "authorizer.alg"


# ---- lambda_cognito (aws-jwt-verify) --------------------------------------------------------


def test_lambda_valid_access_token():
    decision = run(rs256(access()), lam(token_use="access", client_id=CLIENT, scopes=("orders/read",)))
    assert decision.status == 200


def test_lambda_id_token_client_is_read_from_aud():
    decision = run(rs256(id_token()), lam(token_use="id", client_id=CLIENT, groups=("admins",)))
    assert decision.status == 200
    assert rule(decision, "client_id")["message"] == "aud is 'client-abc'."


@pytest.mark.parametrize(
    ("claims", "config", "rule_id"),
    [
        ({"exp": NOW - 5}, {}, "exp"),
        ({"iss": "https://other"}, {}, "iss"),
        ({"token_use": "id"}, {"token_use": "access"}, "token_use"),
        ({"token_use": "refresh"}, {}, "token_use"),
        ({"client_id": "other"}, {"client_id": CLIENT}, "client_id"),
    ],
)
def test_lambda_verification_failures_are_401(claims, config, rule_id):
    decision = run(rs256(access(**claims)), lam(**config))
    assert decision.status == 401
    assert decision.deciding_rule.id == f"authorizer.{rule_id}"


@pytest.mark.parametrize(
    ("config", "rule_id"), [({"groups": ("admins",)}, "groups"), ({"scopes": ("orders/write",)}, "scope")]
)
def test_lambda_missing_group_or_scope_is_an_explicit_deny_403(config, rule_id):
    decision = run(rs256(access()), lam(**config))
    assert decision.status == 403
    assert decision.deciding_rule.id == f"authorizer.{rule_id}"
    assert "explicit Deny policy" in decision.reason


def test_lambda_first_failure_in_library_order_decides():
    # aws-jwt-verify checks scope before the client id: the scope's 403 wins.
    decision = run(rs256(access(client_id="other")), lam(client_id=CLIENT, scopes=("orders/write",)))
    assert decision.status == 403
    assert rule(decision, "client_id")["status"] == "fail"
    # ...but exp comes before scope: 401.
    assert run(rs256(access(exp=NOW - 5)), lam(scopes=("orders/write",))).status == 401


def test_lambda_exp_is_only_checked_when_present():
    decision = run(rs256(access(exp=None)), lam())
    assert decision.status == 200
    assert (
        rule(decision, "exp")["message"] == "The token has no exp; aws-jwt-verify checks exp only when it is present."
    )


def test_lambda_algorithms_are_aws_jwt_verify_s():
    ec_token = jwt.encode(access(), ec_key(), algorithm="ES256", headers={"kid": "e1"})
    assert run(ec_token, lam()).status == 200
    assert run(rs256(access(), alg="PS256"), lam()).deciding_rule.id == "authorizer.alg"


def test_lambda_null_options_are_reported_as_not_checked():
    decision = run(rs256(access()), lam())
    assert rule(decision, "client_id")["message"] == "clientId: null, so the app client is not checked."
    assert rule(decision, "token_use")["message"] == "token_use is 'access' (tokenUse: null accepts both kinds)."


# ---- the answer and the configuration to copy ------------------------------------------------


def test_decision_to_dict_shape():
    data = run(rs256(access()), http(("orders/write",))).to_dict()
    assert set(data) == {"decision", "status", "reason", "checks"}
    assert data["decision"] == "deny" and data["status"] == 403
    assert {"id", "status", "title", "message", "deny_status"} == set(data["checks"][0])


def test_aws_cli_for_http_api_with_route_scopes():
    text = aws_cli(http(("orders/read", "orders/write")))
    assert "aws apigatewayv2 create-authorizer \\" in text
    assert "--authorizer-type JWT \\" in text
    assert "--identity-source '$request.header.Authorization' \\" in text
    assert f"""--jwt-configuration '{{"Issuer": "{ISS}", "Audience": ["{CLIENT}"]}}'""" in text
    assert "--authorization-scopes orders/read orders/write" in text


def test_aws_cli_quotes_shell_characters():
    text = aws_cli(AuthorizerConfig("http_api_jwt", "https://x/it's", ("a b",)))
    assert """--jwt-configuration '{"Issuer": "https://x/it'"'"'s", "Audience": ["a b"]}'""" in text


def test_aws_jwt_verify_for_a_cognito_http_route():
    text = aws_jwt_verify(http(("orders/read",)))
    assert (
        'CognitoJwtVerifier.create({\n  userPoolId: "eu-west-1_Test123",\n  tokenUse: "access",\n  clientId: "client-abc",\n  scope: "orders/read",\n});'
        in text
    )


def test_aws_jwt_verify_for_lambda_has_the_401_403_handler():
    text = aws_jwt_verify(lam(token_use="id", client_id=CLIENT, groups=("admins", "ops")))
    assert 'groups: ["admins", "ops"],' in text
    assert 'tokenUse: "id",' in text
    assert 'throw new Error("Unauthorized"); // API Gateway answers 401' in text
    assert "explicit Deny: API Gateway answers 403" in text


def test_aws_jwt_verify_nulls_are_explained():
    text = aws_jwt_verify(lam())
    assert "tokenUse: null, // null: ID and access tokens both accepted" in text
    assert "clientId: null, // null: the app client is not checked" in text


def test_aws_jwt_verify_for_another_issuer_uses_jwt_verifier():
    text = aws_jwt_verify(AuthorizerConfig("http_api_jwt", "https://auth.example.com", ("orders-api",)))
    assert 'JwtVerifier.create({\n  issuer: "https://auth.example.com",\n  audience: "orders-api",' in text


def test_rest_cognito_config_includes_the_rest_api_command():
    snippets = config_snippets(rest(("orders/read",)))
    assert set(snippets) == {"aws_cli", "aws_cli_rest", "aws_jwt_verify"}
    assert "--type COGNITO_USER_POOLS" in snippets["aws_cli_rest"]
    assert (
        "--provider-arns arn:aws:cognito-idp:eu-west-1:ACCOUNT_ID:userpool/eu-west-1_Test123"
        in snippets["aws_cli_rest"]
    )
    assert aws_cli_rest(AuthorizerConfig("rest_cognito", "https://not.cognito")) is None
