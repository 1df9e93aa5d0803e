"""The web view's bearer token and security headers, on a real worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stancewire.cli.main import cli
from stancewire.errors import ConfigError
from stancewire.settings import Settings
from tests.test_web.web_helpers import get

TOKEN = "s3cret-web-token"
GUARDED = ["/api/stats/", "/api/entities/?top=3", "/api/dlq/", "/metrics", "/router/"]


@pytest.mark.kafka
def test_every_route_but_the_page_shell_needs_the_token(settings, start_worker):
    worker = start_worker(settings, STANCEWIRE_WEB_TOKEN=TOKEN,
                          STANCEWIRE_WEB_HOST="0.0.0.0")  # allowed: a token is set
    worker.wait_ready()
    port = worker.web_port
    for path in GUARDED:
        status, headers, body = get(port, path)
        assert status == 401, (path, body[:200])
        assert headers["WWW-Authenticate"].startswith("Bearer")
        assert get(port, path, headers={"Authorization": "Bearer wrong"})[0] == 401
        status, headers, _ = get(port, path, headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "no-referrer"
    for path in ["/dashboard/", "/dashboard/static/dashboard.js"]:  # no data in them
        status, headers, _ = get(port, path)
        assert status == 200, path
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert TOKEN.encode() not in worker.log.read_bytes()


def test_a_worker_without_token_refuses_a_non_loopback_address(monkeypatch):
    monkeypatch.setenv("STANCEWIRE_WEB_HOST", "0.0.0.0")
    monkeypatch.delenv("STANCEWIRE_WEB_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["worker"])
    assert result.exit_code == 2
    assert "STANCEWIRE_WEB_HOST=0.0.0.0 would show every table" in result.output
    assert "STANCEWIRE_WEB_TOKEN" in result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_token(host: str):
    Settings(web_host=host).check_web_exposure()


def test_token_from_a_file(tmp_path: Path):
    token_file = tmp_path / "token"
    token_file.write_text(f"{TOKEN}\n")
    settings = Settings(web_host="0.0.0.0", web_token_file=token_file)
    settings.check_web_exposure()
    assert settings.web_secret() == TOKEN
    assert TOKEN not in repr(Settings(web_token=TOKEN))
    token_file.write_text("")
    with pytest.raises(ConfigError, match="is empty"):
        settings.web_secret()
