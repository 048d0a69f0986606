"""One coordinator's ballot, cast in a process of its own at the same moment as others.

Run by the concurrency test: waits for a file named ``go`` in the barrier folder, casts
the ballot through the service and prints one JSON line: ``counted`` with the receipt,
or ``refused`` with the message. Needs ``DJANGO_SETTINGS_MODULE`` and a shared database.

    python -m icc.governance.tests.concurrent_ballot MOTION CITY EMAIL OPTION BARRIER NAME
"""

import json
import sys
import time
from pathlib import Path


def main() -> None:
    motion_id, city_id, email, option_id, barrier, name = sys.argv[1:7]
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from icc.accounts.models import User
    from icc.governance.models import Motion
    from icc.governance.services import votes
    from icc.network.models import City

    translation.activate("en")
    user = User.objects.get(email=email)
    motion = Motion.objects.get(pk=motion_id)
    city = City.objects.get(pk=city_id)
    folder = Path(barrier)
    (folder / f"ready-{name}").touch()
    while not (folder / "go").exists():
        time.sleep(0.005)
    try:
        ballot = votes.cast_ballot(motion, city=city, option_id=int(option_id), cast_by=user)
    except ValidationError as error:
        print(json.dumps({"answer": "refused", "message": " ".join(error.messages)}))
    else:
        print(json.dumps({"answer": "counted", "receipt": ballot.receipt}))


if __name__ == "__main__":
    main()
