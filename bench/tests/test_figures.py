"""The figures the targets judge: medians of per-cycle ratios, the hit ratio and
its minimum of gets, the sums over a phase. Synthetic slices, no server."""

from bench.figures import (
    MIN_GETS,
    hit_ratio,
    median_ratio,
    mixed_figures,
    read_only_figures,
    sum_gets,
)
from bench.load import MixedSlice, Slice

LATENCY = {"p50": 1.0, "p95": 2.0, "p99": 3.0}


def slices(*rates: float, errors: int = 0) -> list[Slice]:
    return [Slice(rate, errors, LATENCY) for rate in rates]


def under_writes(rate: float, gets, statuses=None) -> MixedSlice:
    writes = {"target_per_s": 10.0, "per_s": 9.5, "statuses": statuses or {}}
    return MixedSlice(Slice(rate, 0, LATENCY), writes, gets)


def test_the_ratio_to_the_baseline_is_the_median_of_the_per_cycle_ratios():
    # /ping swings between cycles; per cycle the page makes 0.9, 0.5 and 0.35
    # of it. The ratio of the medians would be 900 / 2000 = 0.45, the mean of
    # the ratios 0.583: only the median of the ratios is 0.5.
    figures = read_only_figures(
        {"baseline": slices(1000, 3000, 2000), "page": slices(900, 1500, 700)},
        "baseline",
    )

    assert figures["ratio_to_baseline"] == {"page": 0.5}
    assert figures["ratio_spread"] == {"page": 0.55}
    assert figures["req_per_s"] == {"baseline": 2000, "page": 900}
    assert figures["req_per_s_per_cycle"]["page"] == [900, 1500, 700]


def test_errors_of_every_slice_add_up_the_baseline_included():
    figures = read_only_figures(
        {"baseline": slices(1000, 1000, errors=1), "page": slices(500, 500, errors=2)},
        "baseline",
    )

    assert figures["errors"] == 6


def test_median_ratio_divides_cycle_by_cycle():
    figures = {"req_per_s_per_cycle": {"10k": [90, 50, 100], "1k": [100, 100, 100]}}

    assert median_ratio(figures, "10k", "1k") == 0.9


def test_the_mixed_ratio_is_to_the_same_cycles_read_only_rate():
    mixed = mixed_figures(
        {"page": [under_writes(400, (990, 10)), under_writes(450, (985, 15))]},
        {"page": [1000.0, 500.0]},
    )

    # 0.4 and 0.9: the median of two is their mean.
    assert mixed["ratio_to_read_only"] == {"page": 0.65}
    assert mixed["gets"] == {"page": {"hits": 1975, "misses": 25}}
    assert mixed["hit_ratio"] == {"page": 0.9875}
    assert mixed["hit_ratio_overall"] == 0.9875


def test_the_write_answers_of_every_slice_add_up():
    mixed = mixed_figures(
        {
            "a": [under_writes(1, None, {"rate": {"201": 3}})],
            "b": [under_writes(1, None, {"rate": {"201": 1, "500": 1}})],
        },
        {"a": [1.0], "b": [1.0]},
    )

    assert mixed["write_statuses"] == {"rate": {"201": 4, "500": 1}}
    assert mixed["hit_ratio_overall"] is None  # no memcached


def test_a_hit_ratio_needs_min_gets():
    assert hit_ratio({"hits": MIN_GETS - 1, "misses": 0}) is None
    assert hit_ratio({"hits": MIN_GETS - 5, "misses": 5}) == 0.95
    assert hit_ratio(None) is None


def test_gets_are_unknown_if_one_slice_had_no_memcached():
    assert sum_gets([(10, 1), None]) is None
    assert sum_gets([(10, 1), (5, 2)]) == {"hits": 15, "misses": 3}
