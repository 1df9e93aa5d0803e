"""Local table state: kept when built from the same cluster and topics, else set aside."""

from __future__ import annotations

import logging
from pathlib import Path

import orjson
import pytest

from stancewire.settings import Settings
from stancewire.state import StateOrigin, check_state, set_state_aside

ORIGIN = StateOrigin("cluster-a", {"stancewire-mentions-changelog": "id-1"})


def _state(tmp_path: Path, origin: StateOrigin | None) -> Settings:
    store = tmp_path / "worker" / "stancewire-data" / "v1" / "tables"
    store.mkdir(parents=True)
    (store / "mentions.db").write_bytes(b"old state")
    if origin is not None:
        (tmp_path / "worker" / "origin.json").write_bytes(orjson.dumps(origin._asdict()))
    return Settings(data_dir=tmp_path)


def test_state_of_the_same_origin_is_kept(tmp_path: Path):
    settings = _state(tmp_path, ORIGIN)
    grown = ORIGIN._replace(changelogs={**ORIGIN.changelogs, "stancewire-quotes-changelog": "2"})
    assert check_state(settings, grown) is None
    assert (tmp_path / "worker" / "stancewire-data" / "v1" / "tables" / "mentions.db").exists()
    recorded = orjson.loads((tmp_path / "worker" / "origin.json").read_bytes())
    assert recorded["changelogs"] == grown.changelogs


@pytest.mark.parametrize(("recorded", "reason"), [
    (ORIGIN._replace(cluster_id="cluster-b"), "built from cluster cluster-b"),
    (ORIGIN._replace(changelogs={"stancewire-mentions-changelog": "id-0"}),
     "deleted and created again"),
    (None, "does not say which cluster"),
])
def test_state_of_another_origin_is_set_aside_not_deleted(tmp_path: Path, caplog,
                                                          recorded: StateOrigin | None,
                                                          reason: str):
    settings = _state(tmp_path, recorded)
    with caplog.at_level(logging.WARNING):
        aside = check_state(settings, ORIGIN)
    assert aside is not None and aside.parent == tmp_path
    assert (aside / "stancewire-data" / "v1" / "tables" / "mentions.db").read_bytes() \
        == b"old state"
    assert reason in caplog.text and str(aside) in caplog.text
    # a fresh folder that records where its state will come from
    assert [p.name for p in (tmp_path / "worker").iterdir()] == ["origin.json"]


def test_setting_aside_without_state_does_nothing(tmp_path: Path):
    assert set_state_aside(Settings(data_dir=tmp_path), reason="asked") is None
    assert list(tmp_path.iterdir()) == []
