"""A task for benchmarks/task_recovery.py, importable by the workers it starts."""

import time

from django.tasks import task


@task()
def pause(*, seconds: float, number: int) -> int:
    """Sleep ``seconds``, long enough to be killed in the middle; return ``number``."""
    time.sleep(seconds)
    return number
