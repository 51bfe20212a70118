"""The soak's write accounting, on synthetic answers and rows: a write answered
2xx and not stored is lost and fails; one answered 5xx or not at all is unsure,
stored or not, and does not; a stored row nobody was told of fails."""

from collections import defaultdict
from decimal import Decimal

import pytest

from bench.soak_accounting import (
    Writes,
    compare_enrolments,
    compare_meal_stats,
    compare_ratings,
    kind,
)
from bench.soak_checks import database_checks

USER = 7


def enrolled(*courses: int) -> defaultdict:
    """What the database holds: USER in `courses`."""
    return defaultdict(set, {USER: set(courses)})


def rated(**stars: int) -> defaultdict:
    """What the database holds: USER's stars, by meal ("m3": 3 -> meal 3)."""
    return defaultdict(dict, {USER: {int(m[1:]): s for m, s in stars.items()}})


def told(*answers) -> Writes:
    """USER's writes after `answers`: (action, course or meal, stars, status)."""
    writes = Writes(enrolled={1}, stars={})
    for action, target, stars, status in answers:
        writes.record(action, target, stars, status)
    return writes


def checks_on(enrolments=None, ratings=None, meal_rows=()) -> dict[str, bool]:
    """database_checks' verdicts, by check name."""
    no_writes = {USER: told()}
    database = {
        "enrolments": enrolments or compare_enrolments(no_writes, enrolled(1)),
        "ratings": ratings or compare_ratings(no_writes, rated()),
        "meal_stats": compare_meal_stats(list(meal_rows)),
    }
    return {c["check"]: c["ok"] for c in database_checks(database)}


ENROLMENTS_CHECK = "enrolments: all answered 2xx stored, no other"
RATINGS_CHECK = "ratings: all answered 2xx stored, no other"


@pytest.mark.parametrize(
    ("status", "expected"),
    [(200, "2xx"), (201, "2xx"), (404, "4xx"), (503, "5xx"), ("TimeoutError", "error")],
)
def test_kind_classes_a_status_or_no_answer(status, expected):
    assert kind(status) == expected


def test_enrolments_stored_as_answered_are_exact():
    writes = {USER: told(("enroll", 2, None, 201), ("enroll", 3, None, 400))}

    found = compare_enrolments(writes, enrolled(1, 2))

    assert (found["expected"], found["stored"], found["lost"]) == (2, 2, 0)
    assert found["exact"]
    assert checks_on(enrolments=found)[ENROLMENTS_CHECK]


def test_an_enrolment_answered_2xx_but_not_stored_is_lost_and_fails():
    writes = {USER: told(("enroll", 2, None, 200))}

    found = compare_enrolments(writes, enrolled(1))

    assert found["lost"] == 1
    assert found["examples"] == [[USER, 2]]
    assert not checks_on(enrolments=found)[ENROLMENTS_CHECK]


@pytest.mark.parametrize("status", [503, 500, "RemoteDisconnected"])
@pytest.mark.parametrize("stored", [True, False])
def test_an_unsure_enrolment_stored_or_not_does_not_fail(status, stored):
    writes = {USER: told(("enroll", 2, None, status))}

    found = compare_enrolments(writes, enrolled(1, 2) if stored else enrolled(1))

    assert (found["unsure"], found["unsure_stored"]) == (1, int(stored))
    assert found["lost"] == found["unexplained"] == 0
    assert checks_on(enrolments=found)[ENROLMENTS_CHECK]


def test_an_enrolment_stored_that_no_write_asked_for_fails():
    found = compare_enrolments({USER: told()}, enrolled(1, 9))

    assert found["unexplained"] == 1
    assert not checks_on(enrolments=found)[ENROLMENTS_CHECK]


def test_the_stars_stored_must_be_the_last_answered_2xx():
    writes = {USER: told(("rate_meal", 3, 2, 201), ("rate_meal", 3, 4, 200))}

    assert compare_ratings(writes, rated(m3=4))["exact"]
    found = compare_ratings(writes, rated(m3=2))
    assert found["lost"] == 1
    assert found["examples"] == [[USER, 3, 4, 2]]
    assert not checks_on(ratings=found)[RATINGS_CHECK]


def test_a_rating_answered_2xx_but_not_stored_is_lost():
    writes = {USER: told(("rate_meal", 3, 5, 201))}

    found = compare_ratings(writes, rated())

    assert found["lost"] == 1
    assert not checks_on(ratings=found)[RATINGS_CHECK]


@pytest.mark.parametrize("stored", [{"m3": 4}, {"m3": 5}])
def test_stars_of_an_unsure_write_after_the_last_success_may_be_stored(stored):
    writes = {USER: told(("rate_meal", 3, 4, 201), ("rate_meal", 3, 5, 503))}

    found = compare_ratings(writes, rated(**stored))

    assert found["unsure"] == 1
    assert found["lost"] == found["unexplained"] == 0
    assert checks_on(ratings=found)[RATINGS_CHECK]


def test_a_success_after_an_unsure_write_decides_the_stars():
    writes = {USER: told(("rate_meal", 3, 5, "TimeoutError"), ("rate_meal", 3, 1, 200))}

    assert compare_ratings(writes, rated(m3=1))["exact"]
    assert compare_ratings(writes, rated(m3=5))["lost"] == 1


def test_a_rating_stored_that_no_write_asked_for_fails():
    found = compare_ratings({USER: told()}, rated(m8=3))

    assert found["unexplained"] == 1
    assert not checks_on(ratings=found)[RATINGS_CHECK]


def test_each_new_rating_must_be_answered_201_once():
    once = {USER: told(("rate_meal", 3, 2, 201), ("rate_meal", 3, 4, 200))}
    twice = {USER: told(("rate_meal", 3, 2, 201), ("rate_meal", 3, 4, 201))}

    assert checks_on(ratings=compare_ratings(once, rated(m3=4)))[
        "one 201 per new rating"
    ]
    assert not checks_on(ratings=compare_ratings(twice, rated(m3=4)))[
        "one 201 per new rating"
    ]


def test_meal_stats_must_equal_a_fresh_aggregate_rounded_as_the_service_rounds():
    # (meal, stored average, stored count, sum of stars, count of ratings)
    right = [(1, Decimal("3.67"), 3, 11, 3), (2, None, 0, 0, 0)]
    wrong_average = [(3, Decimal("3.66"), 3, 11, 3)]
    wrong_count = [(4, Decimal("3.67"), 4, 11, 3)]

    assert compare_meal_stats(right)["mismatched"] == 0
    assert checks_on(meal_rows=right)["meal stats match their ratings"]
    for rows in (wrong_average, wrong_count):
        assert compare_meal_stats(rows)["mismatched"] == 1
        assert not checks_on(meal_rows=rows)["meal stats match their ratings"]
