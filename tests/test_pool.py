"""How the NLP pool cuts a batch into groups (no process is started here)."""

from collections.abc import Callable, Iterator

import pytest

from stancewire.pool import MIN_GROUPS, NlpPool
from stancewire.settings import Settings


@pytest.fixture
def pool_of() -> Iterator[Callable[[int], NlpPool]]:
    pools: list[NlpPool] = []

    def make(processes: int) -> NlpPool:
        pools.append(NlpPool(Settings(nlp_processes=processes)))
        return pools[-1]

    yield make
    for pool in pools:
        pool.close()


@pytest.mark.parametrize(("processes", "items", "groups"), [
    (1, 32, MIN_GROUPS),  # one process still gets groups to publish while it works
    (2, 32, 4),
    (3, 30, 6),  # two per process
    (2, 2, 2),  # never an empty group
])
def test_equal_items_make_equal_groups_two_per_process(
        pool_of: Callable[[int], NlpPool], processes: int, items: int, groups: int) -> None:
    cut = pool_of(processes).groups([100] * items)
    assert len(cut) == groups
    assert [i for group in cut for i in group] == list(range(items))  # consecutive, in order
    assert max(map(len, cut)) - min(map(len, cut)) <= 1


def test_a_long_article_makes_a_group_of_its_own(pool_of: Callable[[int], NlpPool]) -> None:
    cut = pool_of(2).groups([5_000, 100, 100, 100, 100, 100, 5_000, 100])
    assert [list(group) for group in cut] == [[0], [1, 2, 3, 4, 5], [6], [7]]


def test_nothing_makes_no_group(pool_of: Callable[[int], NlpPool]) -> None:
    assert pool_of(2).groups([]) == []
