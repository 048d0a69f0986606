"""The failed tasks and scheduled runs kept by the network app are core's after migrating.

Decision 0036 moved ``TaskFailure`` and ``ScheduledRun`` from ``network`` to ``core``.
``scripts/check_task_records_move.py`` migrates an empty database to before the move,
writes rows and an activity entry about them there, migrates through the move and finds
them through core's models; here on a fresh SQLite file (the same script checks a
PostgreSQL database given by ``DATABASE_URL``). A fresh database goes through the move
as every test database does.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_rows_kept_by_network_are_found_in_core_after_migrating(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.process_settings",
        "ICC_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'before-the-move.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_task_records_move.py")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "kept"
