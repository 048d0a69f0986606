"""Odd input through the pages: nothing stored that a page cannot show, no server error."""

import pytest
from django.core.exceptions import ValidationError

from conftest import Persona
from icc.index.models import Answer
from icc.index.services.answers import MAX_EVIDENCE_TEXT, save_answer, start_response
from icc.index.tests.factories import shipped_round
from icc.network.models import City


def test_a_lone_surrogate_sent_by_a_form_is_never_stored(
    lyon: City, lyon_coordinator: Persona
) -> None:
    client = lyon_coordinator.client()
    # %ED%A0%80 is U+D800 encoded as if it were a character: a lone surrogate.
    response = client.post(
        "/en/cities/lyon/edit/",
        data="region=Rh%ED%A0%80ne&population=522000&population_year=2021",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302)
    lyon.refresh_from_db()
    lyon.region.encode("utf-8")
    assert client.get("/en/cities/lyon/").status_code == 200


def test_evidence_longer_than_the_limit_is_refused_and_not_stored(
    lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    index_round = shipped_round("2019", label="2022", opened_by=secretariat.user)
    response = start_response(index_round, lyon, started_by=lyon_coordinator.user)
    with pytest.raises(ValidationError, match="too long"):
        save_answer(
            response,
            "language.mother_tongues",
            saved_by=lyon_coordinator.user,
            expected_version=0,
            evidence_text="x" * (MAX_EVIDENCE_TEXT + 1),
        )
    assert not Answer.objects.filter(response=response).exists()
