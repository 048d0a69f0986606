"""The public city profile and the timeline the secretariat sees on it."""

from icc.network import services


def test_profile_shows_the_city_facts(client, lyon) -> None:
    content = client.get("/en/cities/lyon/").content.decode()
    assert "<h1" in content and "Lyon" in content
    assert "522,000 (2021)" in content
    assert "France" in content


def test_invented_figures_are_flagged_as_demo_data(client, lyon, secretariat) -> None:
    assert b"Demo data" not in client.get("/en/cities/lyon/").content
    services.update_city(lyon, changed_by=secretariat.user, data={"has_demo_figures": True})
    assert b"Demo data" in secretariat.client().get("/en/cities/lyon/").content


def test_unknown_city_is_a_404(client, lyon) -> None:
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_secretariat_sees_the_timeline_with_what_changed(lyon, lyon_coordinator, secretariat):
    lyon.refresh_from_db()
    services.update_city(lyon, changed_by=lyon_coordinator.user, data={"population": 530_000})
    response = secretariat.client().get("/en/cities/lyon/")
    timeline = response.context["timeline"]
    entry, label = timeline[0]
    assert entry.actor == lyon_coordinator.user
    assert str(label) == "updated the city profile"
    assert entry.changes == {"population": [522_000, 530_000]}
    assert b"Timeline" in response.content


def test_coordinator_does_not_see_the_timeline(lyon_coordinator) -> None:
    response = lyon_coordinator.client().get("/en/cities/lyon/")
    assert response.context["timeline"] is None
    assert b"Edit the profile" in response.content


def test_profile_query_count_is_fixed(
    client, secretariat, lyon, lyon_coordinator, lyon_editor, django_assert_num_queries
) -> None:
    # city, join steps, their definitions; the links of other apps: Index results,
    # practices, stories (one query each, whatever the city's size)
    with django_assert_num_queries(6):
        client.get("/en/cities/lyon/")
    staff = secretariat.client()
    staff.get("/en/cities/lyon/")
    for population in range(600_000, 600_010):
        lyon.refresh_from_db()
        services.update_city(
            lyon, changed_by=lyon_coordinator.user, data={"population": population}
        )
    # session, user, grants, city, timeline, people, join steps, unread notifications,
    # step definitions, and the links of other apps: Index results, practices, stories
    with django_assert_num_queries(12):
        staff.get("/en/cities/lyon/")
