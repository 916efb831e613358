"""The benchmark's memory sampler takes little from what it measures (benchmarks/, issue 26): sampling a build's
process tree every 20 ms took 38 % of a core on a two-core machine, which the builds (both cores busy) lost and
the one-core floor hardly did. It waits long enough after each sample to stay within ``SAMPLING_SHARE`` of a core."""

from __future__ import annotations

import pytest
from benchmarks.__main__ import SAMPLING_MIN_WAIT, SAMPLING_SHARE, sampling_wait


def test_a_cheap_sample_is_followed_by_the_shortest_wait() -> None:
    assert sampling_wait(0.0) == SAMPLING_MIN_WAIT
    assert sampling_wait(0.0005) == SAMPLING_MIN_WAIT


@pytest.mark.parametrize("cost", [0.002, 0.01, 0.05, 0.4])
def test_sampling_takes_at_most_its_share_of_a_core(cost: float) -> None:
    wait = sampling_wait(cost)
    assert cost / (cost + wait) <= SAMPLING_SHARE + 1e-9
    assert wait >= SAMPLING_MIN_WAIT
