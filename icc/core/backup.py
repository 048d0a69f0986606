"""Back up the platform (database and uploaded files) while people use it, and restore it.

A backup is one ``.tar`` archive:

- ``database.sqlite3``: a copy made with SQLite's online backup API, which copies a
  consistent snapshot while other connections go on writing; or ``database.pgdump``:
  ``pg_dump --format=custom``, which reads one consistent snapshot of PostgreSQL.
- ``media/``: the uploaded files, copied after the database snapshot. Uploads are written
  before the rows that name them and never changed in place, so every file the snapshot
  names is there; a file uploaded during the copy may be there too, unnamed and harmless.
- ``manifest.json``: when, which engine, the applied migrations, row counts of key tables
  and the checksum of the database part.

A restore goes only into an empty place (no database tables, no uploaded files), checks
the archive's checksum and the database's integrity, then applies the migrations the
code has that the backup had not, so an old backup comes up on new code.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
# Row counts recorded in the manifest and checked after a restore.
COUNTED_TABLES = ["network_city", "accounts_user", "core_activity"]


class BackupError(Exception):
    """The backup or the restore cannot be done; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    """What a backup wrote."""

    path: Path
    engine: str
    size: int
    media_files: int
    counts: dict[str, int]


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    """Return the connection arguments and environment for PostgreSQL's own tools."""
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in COUNTED_TABLES:
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        source_path = settings.DATABASES["default"]["NAME"]
        source = sqlite3.connect(str(source_path))
        copy = sqlite3.connect(str(target))
        try:
            # One step: in WAL mode it reads one snapshot while writers go on. (Copying in
            # several steps would restart after every write and might never finish.)
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    args, env = _postgres_env()
    name = str(settings.DATABASES["default"]["NAME"])
    result = subprocess.run(  # noqa: S603
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, name],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def back_up(destination: Path) -> BackupResult:
    """Write a backup archive of the database and the uploaded files to ``destination``."""
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        database = Path(work) / ("database.sqlite3" if engine == "sqlite" else "database.pgdump")
        counts = _counts()
        _dump_database(engine, database)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": {"file": database.name, "sha256": _sha256(database)},
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "counts_before_snapshot": counts,
        }
        partial = destination.with_name(destination.name + ".partial")
        media_files = 0
        with tarfile.open(partial, "w") as archive:
            archive.add(database, arcname=database.name)
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
                        media_files += 1
            manifest["media_files"] = media_files
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        # Only a complete archive takes the final name.
        partial.replace(destination)
    return BackupResult(destination, engine, destination.stat().st_size, media_files, counts)


def read_manifest(archive_path: Path) -> dict[str, Any]:
    """Return the manifest of a backup archive."""
    try:
        with tarfile.open(archive_path, "r") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            return dict(json.loads(member.read()))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a backup of this platform ({error}).") from None


@contextmanager
def _extracted(archive_path: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r") as archive:
        archive.extractall(work, filter="data")
        yield Path(work)


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(archive_path: Path) -> dict[str, Any]:
    """Restore a backup archive into an empty database and an empty media folder.

    Returns the manifest. Raises ``BackupError`` when the place is not empty, the
    archive is damaged or of another engine, or the restored database fails its checks.
    """
    engine = _engine()
    manifest = read_manifest(archive_path)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported.")
    if manifest.get("engine") != engine:
        raise BackupError(
            f"This backup is of a {manifest.get('engine')} database; "
            f"the platform now uses {engine}."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not _database_is_empty():
        raise BackupError("The database is not empty: restore only into a new, empty database.")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The uploaded-files folder {media_root} is not empty.")
    with _extracted(archive_path) as work:
        database = work / manifest["database"]["file"]
        if _sha256(database) != manifest["database"]["sha256"]:
            raise BackupError("The database part of the backup is damaged (checksum differs).")
        _load_database(engine, database)
        media = work / "media"
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    connections.close_all()
    _check_integrity(engine)
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def _load_database(engine: str, database: Path) -> None:
    if engine == "sqlite":
        target_path = Path(settings.DATABASES["default"]["NAME"])
        connections.close_all()
        source = sqlite3.connect(str(database))
        target = sqlite3.connect(str(target_path))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    args, env = _postgres_env()
    name = str(settings.DATABASES["default"]["NAME"])
    result = subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", name, *args, str(database)],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _check_integrity(engine: str) -> None:
    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            problems = [row[0] for row in cursor.fetchall()]
            if problems != ["ok"]:
                raise BackupError(f"The restored database is damaged: {problems[:5]}")
            cursor.execute("PRAGMA foreign_key_check")
            if cursor.fetchone() is not None:
                raise BackupError("The restored database has rows whose related rows are missing.")
        else:
            cursor.execute("SELECT 1")
