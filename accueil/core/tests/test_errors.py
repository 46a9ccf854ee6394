"""Refusals carry a machine-readable code from an app's `StrEnum`, a message and an HTTP status."""

from __future__ import annotations

from enum import StrEnum

import pytest

from accueil.core.errors import CommonError, Refused


class ShelterError(StrEnum):
    FULL = "full"


def test_a_refusal_carries_its_code_message_status_and_details():
    refusal = Refused(ShelterError.FULL, "No bed left tonight.", status=422, details={"beds": 0})
    assert (refusal.code, refusal.message, refusal.status, refusal.details) == (
        "full",
        "No bed left tonight.",
        422,
        {"beds": 0},
    )
    assert str(refusal) == "No bed left tonight."


def test_a_refusal_is_a_conflict_without_details_by_default():
    refusal = Refused(CommonError.CONFLICT, "Changed meanwhile.")
    assert (refusal.status, refusal.details) == (409, None)


def test_a_refusal_is_raised_and_caught_as_an_exception():
    with pytest.raises(Refused) as caught:
        raise Refused(ShelterError.FULL, "No bed left tonight.")
    assert caught.value.code is ShelterError.FULL


def test_common_codes_are_plain_strings_for_the_json_answer():
    assert [str(code) for code in CommonError] == [code.value for code in CommonError]
    assert {"unauthenticated", "forbidden", "not_found", "invalid", "throttled"} <= {code.value for code in CommonError}
