"""The configuration to copy for a simulated authorizer: an AWS CLI command creating the HTTP
API JWT authorizer (and the route's scopes), the REST API Cognito authorizer for rest_cognito,
and an aws-jwt-verify verifier with the same checks.

Placeholders are UPPER_CASE words, not <angle brackets>, so a pasted command never turns them
into shell redirections. Pure Python (no Django import).
"""

from __future__ import annotations

import json
import shlex

from jwtdebugger.core import cognito
from jwtdebugger.learn.authorizers import AuthorizerConfig


def _client_ids(config: AuthorizerConfig) -> list[str]:
    return [config.client_id] if config.client_id else list(config.audience)


def aws_cli(config: AuthorizerConfig) -> str:
    """The HTTP API JWT authorizer (and route scopes) enforcing this issuer and audience."""
    audience = list(config.audience) or _client_ids(config) or ["APP_CLIENT_ID"]
    jwt_configuration = json.dumps({"Issuer": config.issuer, "Audience": audience})
    lines = [
        "aws apigatewayv2 create-authorizer \\",
        "  --api-id API_ID \\",
        "  --name jwt-authorizer \\",
        "  --authorizer-type JWT \\",
        f"  --identity-source {shlex.quote('$request.header.Authorization')} \\",
        f"  --jwt-configuration {shlex.quote(jwt_configuration)}",
    ]
    if config.scopes:
        lines += [
            "",
            "aws apigatewayv2 update-route \\",
            "  --api-id API_ID \\",
            "  --route-id ROUTE_ID \\",
            "  --authorization-type JWT \\",
            "  --authorizer-id AUTHORIZER_ID \\",
            "  --authorization-scopes " + " ".join(shlex.quote(s) for s in config.scopes),
        ]
    return "\n".join(lines)


def aws_cli_rest(config: AuthorizerConfig) -> str | None:
    """The REST API COGNITO_USER_POOLS authorizer for a Cognito issuer; None otherwise."""
    issuer = cognito.parse_issuer(config.issuer)
    if issuer is None:
        return None
    arn = f"arn:aws:cognito-idp:{issuer.region}:ACCOUNT_ID:userpool/{issuer.user_pool_id}"
    return "\n".join(
        [
            "aws apigateway create-authorizer \\",
            "  --rest-api-id REST_API_ID \\",
            "  --name cognito-user-pool \\",
            "  --type COGNITO_USER_POOLS \\",
            f"  --provider-arns {shlex.quote(arn)} \\",
            "  --identity-source method.request.header.Authorization",
        ]
    )


def _js(value: str | list[str] | None) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return json.dumps(value)


LAMBDA_HANDLER = """
const policy = (principalId, effect, resource) => ({
  principalId,
  policyDocument: {
    Version: "2012-10-17",
    Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
  },
});

export const handler = async (event) => {
  const token = (event.authorizationToken || "").replace(/^Bearer /i, "");
  try {
    const payload = await verifier.verify(token);
    return policy(payload.sub, "Allow", event.methodArn);
  } catch (err) {
    if (err instanceof JwtInvalidScopeError || err instanceof CognitoJwtInvalidGroupError) {
      return policy("user", "Deny", event.methodArn); // explicit Deny: API Gateway answers 403
    }
    throw new Error("Unauthorized"); // API Gateway answers 401
  }
};"""


def aws_jwt_verify(config: AuthorizerConfig) -> str:
    """An aws-jwt-verify verifier with the same checks (CognitoJwtVerifier for a Cognito issuer)."""
    issuer = cognito.parse_issuer(config.issuer)
    client_ids = _client_ids(config)
    lambda_function = config.type == "lambda_cognito"
    if issuer is None:
        options = [
            f"  issuer: {_js(config.issuer)},",
            f"  audience: {_js(client_ids or None)},",
            '  jwksUri: "<the issuer\'s JWKS URL>",',
        ]
        if config.scopes:
            options.append(f"  scope: {_js(list(config.scopes))},")
        return "\n".join(
            [
                'import { JwtVerifier } from "aws-jwt-verify";',
                "",
                "const verifier = JwtVerifier.create({",
                *options,
                "});",
            ]
        )
    token_use = config.token_use if lambda_function else ("access" if config.scopes else None)
    options = [
        f"  userPoolId: {_js(issuer.user_pool_id)},",
        f"  tokenUse: {_js(token_use)},{'' if token_use else ' // null: ID and access tokens both accepted'}",
        f"  clientId: {_js(client_ids or None)},{'' if client_ids else ' // null: the app client is not checked'}",
    ]
    if config.scopes:
        options.append(f"  scope: {_js(list(config.scopes))},")
    if config.groups and lambda_function:
        options.append(f"  groups: {_js(list(config.groups))},")
    imports = ['import { CognitoJwtVerifier } from "aws-jwt-verify";']
    if lambda_function:
        imports.append('import { JwtInvalidScopeError, CognitoJwtInvalidGroupError } from "aws-jwt-verify/error";')
    snippet = [*imports, "", "const verifier = CognitoJwtVerifier.create({", *options, "});"]
    if lambda_function:
        snippet.append(LAMBDA_HANDLER)
    else:
        snippet += ["", "// const payload = await verifier.verify(token); // throws when the token is not valid"]
    return "\n".join(snippet)


def config_snippets(config: AuthorizerConfig) -> dict[str, str]:
    snippets = {"aws_cli": aws_cli(config), "aws_jwt_verify": aws_jwt_verify(config)}
    rest = aws_cli_rest(config) if config.type == "rest_cognito" else None
    if rest is not None:
        snippets["aws_cli_rest"] = rest
    return snippets
