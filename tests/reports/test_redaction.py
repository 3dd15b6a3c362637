"""Hidden claims: their values become "[hidden]" everywhere in the stored document."""

from __future__ import annotations

import json

from jwtdebugger.core import Expectations, KeyInput, inspect
from jwtdebugger.presentation import result_context
from jwtdebugger.reports.documents import build_document
from jwtdebugger.reports.redaction import HIDDEN, Replacer, hide_claims, value_forms
from tests.keys import NOW, SECRET, make_token


def document_for(payload, *, expect=None, hide=(), key=None):
    token = make_token(payload)
    key = key or KeyInput("secret", SECRET)
    expect = expect or Expectations()
    report = inspect(token, key=key, expect=expect, at=NOW)
    return build_document(report.to_dict(), token_text=token, key=key, expect=expect, hide=hide)


def check(document, check_id):
    return next(c for c in document["checks"] if c["id"] == check_id)


def test_hidden_claim_is_replaced_in_payload_claims_checks_and_expectations():
    document = document_for({"sub": "alice", "exp": NOW + 60}, expect=Expectations(sub="bob"), hide=["sub"])
    assert document["hidden_claims"] == ["sub"]
    assert document["token"]["payload"]["sub"] == HIDDEN
    claim = next(c for c in document["claims"] if c["name"] == "sub")
    assert (claim["value"], claim["display"]) == (HIDDEN, None)
    sub = check(document, "claim.sub")
    assert sub["status"] == "fail"
    assert (sub["expected"], sub["actual"]) == (HIDDEN, HIDDEN)
    assert sub["message"] == "Expected the subject [hidden], found [hidden]."
    assert document["expectations"]["sub"] == HIDDEN
    assert "alice" not in json.dumps(document) and "bob" not in json.dumps(document)


def test_a_passing_check_does_not_give_the_value_away_through_the_expectation():
    document = document_for({"sub": "alice", "exp": NOW + 60}, expect=Expectations(sub="alice"), hide=["sub"])
    assert check(document, "claim.sub")["message"] == "The subject is [hidden], as expected."
    assert "alice" not in json.dumps(document)


def test_the_value_is_replaced_inside_other_claims_and_lists_but_not_inside_words():
    payload = {
        "email": "al@example.com",
        "preferred_username": "al@example.com",
        "groups": ["al@example.com", "admins"],
        "exp": NOW + 60,
    }
    document = document_for(payload, hide=["email"])
    assert document["token"]["payload"]["preferred_username"] == HIDDEN
    assert document["token"]["payload"]["groups"] == [HIDDEN, "admins"]
    assert "al@example.com" not in json.dumps(document)
    # Word boundaries: hiding "a" keeps "signature" and "matches" intact.
    short = document_for({"team": "a", "exp": NOW + 60}, hide=["team"])
    assert (
        check(short, "signature")["message"]
        == "The signature matches: the token was signed with this key and not changed since."
    )


def test_list_claims_are_hidden_in_check_messages():
    document = document_for(
        {"aud": ["orders", "reports"], "exp": NOW + 60}, expect=Expectations(aud=("billing",)), hide=["aud"]
    )
    aud = check(document, "claim.aud")
    assert "orders" not in aud["message"] and "reports" not in aud["message"] and "billing" not in aud["message"]
    assert aud["message"].startswith("The token is for [hidden]")
    assert (aud["expected"], aud["actual"]) == (HIDDEN, HIDDEN)


def test_a_hidden_date_leaves_no_date_in_messages_or_displays():
    document = document_for({"sub": "x", "exp": NOW - 3 * 3600 - 12 * 60}, hide=["exp"])
    exp = check(document, "claim.exp")
    assert exp["status"] == "fail"
    assert "2026-11-26 15:48:00 UTC" not in json.dumps(document)
    assert "3 h 12 min" not in exp["message"]
    assert exp["message"].startswith("Expired [hidden]")
    # The page still renders: no timeline without a date, no error.
    context = result_context(document)
    assert context["timeline"] is None and context["verdict"] == "invalid"


def test_hiding_a_cognito_issuer_hides_the_user_pool_and_keeps_the_page_working():
    iss = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Secr3tPool"
    document = document_for({"iss": iss, "token_use": "id", "exp": NOW + 60}, hide=["iss"])
    text = json.dumps(document)
    assert "eu-west-1_Secr3tPool" not in text and iss not in text
    cognito = check(document, "cognito")
    assert cognito["actual"] == {"region": HIDDEN, "user_pool_id": HIDDEN}
    assert result_context(document)["token_kind"] == "Cognito ID token, user pool [hidden] in [hidden]"


def test_hiding_nothing_changes_nothing_but_says_so():
    document = {"token": {"header": {}, "payload": {"a": 1}}, "claims": [], "checks": [], "evaluated_at": NOW}
    assert hide_claims(document, []) == {**document, "hidden_claims": []}


def test_replacer_prefers_the_longest_spelling_and_respects_word_boundaries():
    replacer = Replacer(value_forms("ann", at=NOW), HIDDEN)
    assert (
        replacer.text("found 'ann' and \"ann\" and ann, not annual or joann")
        == "found [hidden] and [hidden] and [hidden], not annual or joann"
    )
    assert replacer.deep({"k": ["ann", 3, None]}) == {"k": [HIDDEN, 3, None]}
