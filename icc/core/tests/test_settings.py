"""Start-up refuses bad settings, and production settings pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICC_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="ICC_TEST_FLAG"):
        env_bool("ICC_TEST_FLAG")


def test_integer_below_its_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICC_TEST_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="ICC_TEST_PORT"):
        env_int("ICC_TEST_PORT", 25, minimum=1)


def test_list_drops_empty_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICC_TEST_HOSTS", "a.example, ,b.example,")
    assert env_list("ICC_TEST_HOSTS", []) == ["a.example", "b.example"]


def test_database_url_without_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICC_TEST_DB", "not a url")
    with pytest.raises(ImproperlyConfigured, match="ICC_TEST_DB"):
        env_database("ICC_TEST_DB", "sqlite:///x.sqlite3")


def test_start_up_stops_on_a_bad_value_naming_the_variable() -> None:
    result = run_manage("check", DATABASE_URL="nonsense", ICC_HTTPS="0")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="icc.example",
        ICC_HTTPS="1",
        MAIL_BACKEND="smtp",
        SMTP_HOST="smtp.icc.example",
        ICC_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_models_and_migrations_agree() -> None:
    result = run_manage("makemigrations", "--check", "--dry-run", ICC_HTTPS="0")
    assert result.returncode == 0, result.stdout + result.stderr
