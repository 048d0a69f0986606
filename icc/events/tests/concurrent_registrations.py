"""People registering for one event at the same moment, from threads of one process.

Run by the concurrency test and by ``benchmarks/governance_registrations.py``: each
thread (its own database connection) waits for a file named ``go`` in the barrier folder,
registers one person through the service, and the process prints one JSON line per
person: ``confirmed``, ``waiting`` or ``refused``. Needs ``DJANGO_SETTINGS_MODULE`` and a
database shared with the caller.

    python -m icc.events.tests.concurrent_registrations EVENT BARRIER NAME EMAIL...
"""

import json
import sys
import threading
import time
from pathlib import Path


def main() -> None:
    event_id, barrier, name, *emails = sys.argv[1:]
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.utils import translation

    from icc.accounts.models import User
    from icc.events import services
    from icc.events.models import Event

    translation.activate("en")
    people = list(User.objects.filter(email__in=emails))
    event = Event.objects.get(pk=event_id)
    folder = Path(barrier)
    answers: list[dict[str, str]] = []

    def register(person: User) -> None:
        while not (folder / "go").exists():
            time.sleep(0.002)
        try:
            registration = services.register(event, person=person)
        except ValidationError as error:
            answers.append({"answer": "refused", "message": " ".join(error.messages)})
        else:
            answers.append({"answer": registration.status})
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    (folder / f"ready-{name}").touch()
    for thread in threads:
        thread.join()
    for answer in answers:
        print(json.dumps(answer))


if __name__ == "__main__":
    main()
