"""Every setting is declared once, parsed from the environment, and documented in the README."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from dashboard.cli import main
from services.config import SETTINGS, Config, ConfigError

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_config_field_has_a_setting():
    assert {s.field for s in SETTINGS} == {f.name for f in fields(Config)}


def test_every_setting_is_documented_in_the_readme():
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert not missing, f"undocumented settings: {missing}"


def test_from_env_parses_types_and_keeps_defaults():
    config = Config.from_env({"DASHBOARD_PORT": "9123", "DASHBOARD_DEBUG": "true", "DASHBOARD_REDIS_URL": ""})
    assert config.port == 9123 and config.debug is True and config.redis_url is None
    assert config.host == "127.0.0.1" and config.database_url.startswith("sqlite:///")


def test_config_is_frozen():
    config = Config()
    try:
        config.port = 1  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Config must be immutable")


def test_a_bad_variable_is_named_and_the_cli_says_so(monkeypatch, capsys):
    assert Config.from_env({"DASHBOARD_TIMEZONE": "Asia/Makassar"}).timezone == "Asia/Makassar"
    with pytest.raises(ConfigError, match="DASHBOARD_TIMEZONE='Mars/Base'"):
        Config.from_env({"DASHBOARD_TIMEZONE": "Mars/Base"})
    with pytest.raises(ConfigError, match="DASHBOARD_PORT='abc'"):
        Config.from_env({"DASHBOARD_PORT": "abc"})
    monkeypatch.setenv("DASHBOARD_TIMEZONE", "Mars/Base")
    assert main(["batches"]) == 2
    assert "configuration error: DASHBOARD_TIMEZONE" in capsys.readouterr().err
