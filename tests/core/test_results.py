"""results.fast_init: the cheaper __init__ keeps a frozen dataclass's whole behaviour."""

from __future__ import annotations

import dataclasses

import pytest

from jwtdebugger.core.results import Check, Expectations, Report, Status, fast_init


def test_frozen_equal_hashable_and_replaceable():
    check = Check(id="claim.exp", status=Status.PASS, title="Expiry", message="ok")
    assert check == Check("claim.exp", Status.PASS, "Expiry", "ok")
    assert hash(check) == hash(Check("claim.exp", Status.PASS, "Expiry", "ok"))
    assert check.claim is None and check.lesson is None  # defaults
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.message = "changed"  # type: ignore[misc]
    assert dataclasses.replace(check, message="other").message == "other"
    assert Expectations().required == () and Expectations(iss="x").iss == "x"


def test_default_factories_give_a_fresh_value_each_time():
    factories = [f.name for f in dataclasses.fields(Report) if f.default_factory is not dataclasses.MISSING]
    assert factories, "Report has default factories (extras)"

    @fast_init
    @dataclasses.dataclass(frozen=True)
    class Box:
        name: str
        items: list[str] = dataclasses.field(default_factory=list)

    first, second = Box("a"), Box("b")
    first.items.append("x")
    assert second.items == [] and Box("c", ["y"]).items == ["y"]
    with pytest.raises(TypeError):
        Box()  # type: ignore[call-arg]


def test_refuses_what_it_cannot_copy():
    with pytest.raises(AssertionError):

        @fast_init
        @dataclasses.dataclass(frozen=True)
        class Later:
            value: int

            def __post_init__(self) -> None:
                pass
