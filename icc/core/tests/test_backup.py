"""A backup taken while people write restores into an empty place, checked and migrated."""

import os
import secrets
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

# Adds cities and their activity as fast as it can until it is stopped.
WRITER = """
import itertools, time
from icc.network import services
for n in itertools.count():
    services.create_city(created_by=None, name=f"Writer {n}", slug=f"writer-{n}", country="FR")
"""
SEED = """
from icc.network import services
for n in range(30):
    services.create_city(created_by=None, name=f"City {n}", slug=f"city-{n}", country="NO")
"""
COUNT = "from icc.network.models import City; print(City.objects.count())"


class Place:
    """One installation: its own var/ folder and database."""

    def __init__(self, root: Path, database_url: str | None) -> None:
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        } | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ICC_VAR_DIR": str(root),
            "ICC_HTTPS": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "localhost",
            "SITE_URL": "http://localhost",
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.root = root

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def start(self, code: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )


def _postgres_database(name: str) -> str:
    db = settings.DATABASES["default"]
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{name}"


@pytest.fixture
def places(tmp_path) -> Iterator[tuple[Place, Place]]:
    """A source installation and an empty one to restore into."""
    if not ON_POSTGRES:
        yield Place(tmp_path / "source", None), Place(tmp_path / "target", None)
        return
    import psycopg

    db = settings.DATABASES["default"]
    names = [f"icc_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    admin = psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            Place(tmp_path / "source", _postgres_database(names[0])),
            Place(tmp_path / "target", _postgres_database(names[1])),
        )
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db
def test_a_backup_taken_during_writes_restores_whole(places) -> None:
    source, target = places
    source.manage("migrate", "--noinput", "-v", "0")
    source.manage("shell", "--no-imports", "-c", SEED)
    (source.root / "media" / "evidence").mkdir(parents=True)
    (source.root / "media" / "evidence" / "plan.pdf").write_bytes(b"%PDF-1.7 plan")
    writer = source.start(WRITER)
    try:
        time.sleep(3)
        archive = source.root / "backup.tar"
        result = source.manage("backup", str(archive))
        assert "uploaded files" in result.stdout
    finally:
        writer.terminate()
        writer.wait(timeout=30)
    written = int(source.manage("shell", "--no-imports", "-c", COUNT).stdout)

    restored = target.manage("restore", str(archive))
    assert "integrity checked" in restored.stdout
    assert "pages answer 200" in restored.stdout
    count = int(target.manage("shell", "--no-imports", "-c", COUNT).stdout)
    # The snapshot holds the seed and whatever the writer had committed by then, no more.
    assert 30 <= count <= written
    assert (target.root / "media" / "evidence" / "plan.pdf").read_bytes() == b"%PDF-1.7 plan"
    check = target.manage("check", "--database", "default")
    assert check.returncode == 0

    # A second restore into the same place is refused: it is not empty any more.
    again = target.manage("restore", str(archive), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_damaged_archive_is_refused(places, tmp_path) -> None:
    _source, target = places
    broken = tmp_path / "broken.tar"
    with tarfile.open(broken, "w"):
        pass
    result = target.manage("restore", str(broken), check=False)
    assert result.returncode != 0
    assert "not a backup" in result.stderr
