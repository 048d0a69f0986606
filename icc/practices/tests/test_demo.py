"""The demo content: enough practices in both languages, flagged, loaded once."""

import io

import pytest
from django.core.management import call_command

from icc.core.models import Activity
from icc.practices import demo, search
from icc.practices.models import Practice, PracticeTranslation, Question, Story

pytestmark = pytest.mark.django_db


def test_the_demo_has_practices_in_both_languages_and_loads_once() -> None:
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    counts = (
        Practice.objects.count(),
        PracticeTranslation.objects.count(),
        Question.objects.count(),
        Story.objects.count(),
        Activity.objects.count(),
    )
    demo.load(io.StringIO())
    assert counts == (
        Practice.objects.count(),
        PracticeTranslation.objects.count(),
        Question.objects.count(),
        Story.objects.count(),
        Activity.objects.count(),
    )
    assert Practice.objects.filter(is_demo=True).count() >= 60
    assert not Practice.objects.filter(is_demo=False).exists()
    both = (
        Practice.objects.filter(translations__language="fr")
        .filter(translations__language="en")
        .count()
    )
    assert both >= 50
    assert Practice.objects.filter(status="submitted").exists()
    assert search.search("accueillir", language="fr").total >= 6
