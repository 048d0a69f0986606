"""The demo network's figures, on every public page, in the API and a PDF, are those of before.

``demo_figures.json`` was captured with ``figures.demo_figures`` from the code that
ranked every round on each view, before the results were stored at publication.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from icc.index.tests.figures import demo_figures

EXPECTED = Path(__file__).with_name("demo_figures.json")


@pytest.mark.django_db
def test_pages_api_and_pdf_give_the_figures_they_gave_before_results_were_stored() -> None:
    call_command("load_demo", verbosity=0)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))

    found = json.loads(json.dumps(demo_figures(Client())))

    assert sorted(found) == sorted(expected)
    for key, value in expected.items():
        assert found[key] == value, key
