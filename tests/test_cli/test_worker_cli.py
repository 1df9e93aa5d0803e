"""``stancewire worker --reset-state``: local table state is set aside, never deleted."""

from __future__ import annotations

from pathlib import Path

from stancewire.cli.worker import set_state_aside
from stancewire.settings import Settings


def test_reset_state_moves_the_table_state_aside(tmp_path: Path, capsys):
    store = tmp_path / "worker" / "stancewire-data" / "v1" / "tables"
    store.mkdir(parents=True)
    (store / "mentions.db").write_bytes(b"old state")
    aside = set_state_aside(Settings(data_dir=tmp_path))
    assert aside is not None and aside.parent == tmp_path
    assert not (tmp_path / "worker").exists()
    assert (aside / "stancewire-data" / "v1" / "tables" / "mentions.db").read_bytes() \
        == b"old state"
    assert str(aside) in capsys.readouterr().err


def test_reset_state_without_state_does_nothing(tmp_path: Path):
    assert set_state_aside(Settings(data_dir=tmp_path)) is None
    assert list(tmp_path.iterdir()) == []
