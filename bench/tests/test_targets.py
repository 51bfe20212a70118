"""What passes in bench_endpoints.py and bench_meals.py: a missed target, an
error or an unexpected write answer must fail the run."""

import pytest

from bench.targets import (
    HIT_RATIO_TARGET,
    MIXED_TARGETS,
    TARGETS,
    endpoints_exit_status,
    meals_exit_status,
    meals_targets_met,
    mixed_met,
    ratios_met,
    unexpected_writes,
)


def read_only(**ratios) -> dict:
    """Figures with every ratio at its target, but for `ratios`."""
    return {"errors": 0, "ratio_to_baseline": {**TARGETS, **ratios}}


def mixed(**changes) -> dict:
    """A mixed phase meeting every target, but for `changes`."""
    return {
        "errors": 0,
        "write_statuses": {"enroll": {"200": 5}, "leave": {"204": 5}},
        "ratio_to_read_only": dict(MIXED_TARGETS),
        "hit_ratio": dict.fromkeys(MIXED_TARGETS, HIT_RATIO_TARGET),
        "hit_ratio_overall": HIT_RATIO_TARGET,
        **changes,
    }


def test_ratios_exactly_at_their_targets_pass():
    assert ratios_met(read_only())


def test_a_ratio_under_its_target_fails():
    assert not ratios_met(read_only(student_course_page=0.449))


def test_an_error_under_wrk_fails_whatever_the_ratios():
    assert not ratios_met({**read_only(), "errors": 1})


def test_a_mixed_phase_at_its_targets_passes():
    assert mixed_met(mixed())


def test_a_mixed_ratio_under_its_target_fails():
    ratios = {**MIXED_TARGETS, "catalogue": 0.79}

    assert not mixed_met(mixed(ratio_to_read_only=ratios))


def test_a_hit_ratio_under_target_fails_on_one_endpoint_or_overall():
    hits = {**dict.fromkeys(MIXED_TARGETS, 0.99), "api_meals": 0.94}

    assert not mixed_met(mixed(hit_ratio=hits))
    assert not mixed_met(mixed(hit_ratio_overall=0.94))


def test_an_endpoint_with_too_few_gets_has_no_hit_ratio_to_check():
    assert mixed_met(mixed(hit_ratio=dict.fromkeys(MIXED_TARGETS)))


@pytest.mark.parametrize(
    ("action", "status"),
    [("rate", "500"), ("enroll", "403"), ("enroll", "ConnectionResetError")],
)
def test_a_write_answered_other_than_2xx_or_not_at_all_fails(action, status):
    statuses = {action: {"200": 3, status: 1}}

    assert unexpected_writes(statuses) == 1
    assert not mixed_met(mixed(write_statuses=statuses))


def test_leaving_answered_405_is_tolerated():
    statuses = {"leave": {"405": 7}, "rate": {"201": 2}}

    assert unexpected_writes(statuses) == 0
    assert mixed_met(mixed(write_statuses=statuses))


@pytest.mark.parametrize("missed", ["ratios_met", "queries_equal", "mixed_met"])
def test_any_missed_target_makes_the_exit_status_1(missed):
    results = {"ratios_met": True, "queries_equal": True, "mixed_met": True}

    assert endpoints_exit_status(results) == 0
    assert endpoints_exit_status({**results, missed: False}) == 1


def test_the_meal_list_must_reach_its_ratio_and_hold_at_10k_meals():
    figures = {"errors": 0, "ratio_to_baseline": {"meal_list_10k": 0.30}}

    assert meals_targets_met(figures, list_10k_vs_1k=0.90)
    assert not meals_targets_met(figures, list_10k_vs_1k=0.89)
    slow = {**figures, "ratio_to_baseline": {"meal_list_10k": 0.29}}
    assert not meals_targets_met(slow, list_10k_vs_1k=1.0)


def test_an_error_under_wrk_fails_the_meals_targets():
    figures = {"errors": 3, "ratio_to_baseline": {"meal_list_10k": 0.5}}

    assert not meals_targets_met(figures, list_10k_vs_1k=1.0)


def test_a_missed_meals_target_makes_the_exit_status_1():
    assert meals_exit_status({"targets_met": True}) == 0
    assert meals_exit_status({"targets_met": False}) == 1
