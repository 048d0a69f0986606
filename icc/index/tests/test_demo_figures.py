"""The demo network's figures, on every public page, in the API and a PDF, are those of before.

``demo_figures.json`` was captured with ``figures.demo_figures`` from the code that
ranked every round on each view, before the results were stored at publication.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from icc.index.tests.figures import demo_figures

EXPECTED = Path(__file__).with_name("demo_figures.json")
# Row ids depend on the database's sequences (PostgreSQL does not reset them between
# tests); rounds are named by their label beside the id, so the id is left out.
DATABASE_IDS = {"round_id"}


def without_ids(value: Any) -> Any:
    """The figures with the database's row ids taken out, at every depth."""
    if isinstance(value, dict):
        return {key: without_ids(item) for key, item in value.items() if key not in DATABASE_IDS}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


@pytest.mark.django_db
def test_pages_api_and_pdf_give_the_figures_they_gave_before_results_were_stored() -> None:
    call_command("load_demo", verbosity=0)
    expected = without_ids(json.loads(EXPECTED.read_text(encoding="utf-8")))

    found = without_ids(json.loads(json.dumps(demo_figures(Client()))))

    assert sorted(found) == sorted(expected)
    for key, value in expected.items():
        assert found[key] == value, key
