"""Editing a city: who may, what each may change, bad input, and the record of it."""

from icc.core.models import Activity
from icc.network.models import City

VALID = {
    "region": "Rhône",
    "population": "530000",
    "population_year": "2023",
    "foreign_born_share": "14.5",
    "foreign_born_year": "2023",
    "languages": ["fr", "ar"],
    "website": "https://www.lyon.fr/",
    "latitude": "45.764",
    "longitude": "4.8357",
}


def test_coordinator_edits_own_city_and_the_change_is_recorded(lyon, lyon_coordinator) -> None:
    response = lyon_coordinator.client().post("/en/cities/lyon/edit/", VALID)
    assert response.status_code == 302
    lyon.refresh_from_db()
    assert lyon.population == 530_000
    assert lyon.languages == ["fr", "ar"]
    entry = Activity.objects.about(lyon).get(verb="city.updated")
    assert entry.actor == lyon_coordinator.user
    assert entry.changes["population"] == [522_000, 530_000]


def test_editor_edits_own_city(lyon, lyon_editor) -> None:
    response = lyon_editor.client().post("/en/cities/lyon/edit/", VALID)
    assert response.status_code == 302
    lyon.refresh_from_db()
    assert lyon.region == "Rhône"


def test_coordinator_of_another_city_is_refused_and_nothing_changes(lyon, oslo_coordinator):
    response = oslo_coordinator.client().post("/en/cities/lyon/edit/", VALID)
    assert response.status_code == 403
    lyon.refresh_from_db()
    assert lyon.population == 522_000
    assert not Activity.objects.about(lyon).filter(verb="city.updated").exists()


def test_coordinator_cannot_change_the_membership_status(lyon, lyon_coordinator) -> None:
    lyon_coordinator.client().post("/en/cities/lyon/edit/", VALID | {"status": "left"})
    lyon.refresh_from_db()
    assert lyon.status == City.Status.MEMBER


def test_secretariat_cannot_change_the_status_through_the_profile_form(lyon, secretariat):
    data = VALID | {"name": "Lyon", "slug": "lyon", "country": "FR", "status": "suspended"}
    response = secretariat.client().post("/en/cities/lyon/edit/", data)
    assert response.status_code == 302
    lyon.refresh_from_db()
    assert lyon.status == City.Status.MEMBER


def test_bad_input_shows_errors_next_to_fields_in_french_and_saves_nothing(
    lyon, lyon_coordinator
) -> None:
    data = VALID | {"foreign_born_share": "150", "population_year": "", "latitude": "45"}
    data.pop("longitude")
    client = lyon_coordinator.client()
    response = client.post("/fr/villes/lyon/modifier/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"foreign_born_share", "population_year", "longitude"}
    assert "inférieure ou égale à 100" in errors["foreign_born_share"][0]
    assert 'id="id_foreign_born_share_error"' in response.content.decode()
    lyon.refresh_from_db()
    assert lyon.population == 522_000


def test_visitor_is_sent_to_sign_in(client, lyon) -> None:
    response = client.get("/en/cities/lyon/edit/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]


def test_secretariat_adds_a_city(secretariat) -> None:
    data = {"name": "Bergen", "slug": "bergen", "country": "NO", "status": "applicant"}
    response = secretariat.client().post("/en/cities/new/", data)
    assert response.status_code == 302
    bergen = City.objects.get(slug="bergen")
    assert Activity.objects.about(bergen).get().verb == "city.created"


def test_a_new_city_starts_as_an_applicant_whatever_the_form_says(secretariat) -> None:
    data = {"name": "Bergen", "slug": "bergen", "country": "NO", "status": "member"}
    response = secretariat.client().post("/en/cities/new/", data)
    assert response.status_code == 302
    bergen = City.objects.get(slug="bergen")
    assert bergen.status == City.Status.APPLICANT
    assert bergen.status_changes.get().to_status == City.Status.APPLICANT


def test_network_coordinator_edits_own_network_only(reci, reci_coordinator) -> None:
    client = reci_coordinator.client()
    data = {
        "name": "RECI",
        "slug": "reci",
        "country": "ES",
        "founded_year": "2011",
        "website": "https://ciudadesinterculturales.example",
    }
    assert client.post("/en/national-networks/reci/edit/", data).status_code == 302
    reci.refresh_from_db()
    assert reci.website.startswith("https://")
