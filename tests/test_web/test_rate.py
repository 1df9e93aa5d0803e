"""Articles per second from samples of per-partition counters."""

from __future__ import annotations

from stancewire.web.rate import RateMeter


def test_rate_over_the_span_of_the_samples():
    meter = RateMeter(span=10.0)
    assert meter.per_second() == 0.0
    for second in range(0, 21):
        meter.record(float(second), {"processed/0": 3 * second, "rejected/0": second})
    assert meter.per_second() == 4.0


def test_a_partition_arriving_in_a_rebalance_is_not_a_burst():
    meter = RateMeter(span=10.0)
    meter.record(0.0, {"processed/0": 100})
    meter.record(1.0, {"processed/0": 102, "processed/1": 50_000})
    assert meter.per_second() == 2.0
    meter.record(2.0, {"processed/1": 50_004})  # processed/0 moved away
    assert meter.per_second() == 3.0  # 2 on processed/0, then 4 on processed/1, in 2 s


def test_old_samples_are_dropped_beyond_the_span():
    meter = RateMeter(span=5.0)
    meter.record(0.0, {"p": 0})
    for second in range(1, 100):
        meter.record(float(second), {"p": 1000 + second})  # a jump at 1 s, then 1 per second
    assert meter.per_second() == 1.0
