"""Production refuses to start without a shared secret key and a host list."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOAD_WSGI = "import config.wsgi"


def _run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "ICC_HTTPS"}
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings", "ICC_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_server_does_not_start_without_key_and_hosts(tmp_path: Path) -> None:
    result = _run(LOAD_WSGI, tmp_path, ICC_HTTPS="1")
    assert result.returncode != 0
    assert "needs SECRET_KEY and ALLOWED_HOSTS from the environment" in result.stderr


def test_production_server_names_the_one_missing_setting(tmp_path: Path) -> None:
    result = _run(LOAD_WSGI, tmp_path, ICC_HTTPS="1", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS from the environment" in result.stderr


def test_production_server_starts_with_both(tmp_path: Path) -> None:
    result = _run(
        LOAD_WSGI,
        tmp_path,
        ICC_HTTPS="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="icc.example",
    )
    assert result.returncode == 0, result.stderr


def test_demo_on_loopback_starts_with_a_key_of_this_machine(tmp_path: Path) -> None:
    result = _run(LOAD_WSGI, tmp_path, ICC_HTTPS="0")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret-key").exists()


def test_deploy_check_fails_on_a_key_kept_under_var(tmp_path: Path) -> None:
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy'])"
    )
    result = _run(code, tmp_path, ICC_HTTPS="1", ALLOWED_HOSTS="icc.example")
    assert result.returncode != 0
    assert "icc.E001" in result.stderr and "SECRET_KEY" in result.stderr
