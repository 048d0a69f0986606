"""A themed group: the secretariat proposes two mentors and two mentees with one benchmark;
each city accepts (Lyon in French); goals are set for both mentees and every city signs;
a mentor logs a check-in; the group closes only once every city has evaluated, and both
mentees' next results show on their goals.

Barcelona's and Paris's own answers, signatures and evaluations go through the services
(the pair journey drives those pages already): the browser covers what a group adds.
"""

from django.utils import timezone
from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.connections.mentoring import closure, services
from icc.connections.models import Scheme
from icc.connections.tests.conftest import publish_with_areas
from icc.index.tests.factories import shipped_round
from icc.network import services as network_services
from icc.network.models import City


def test_a_themed_group_of_two_mentors_and_two_mentees(
    new_page: NewPage,
    lyon: City,
    barcelona: City,
    oslo: City,
    secretariat: Persona,
    secretariat_totp_secret: str,
    lyon_coordinator: Persona,
    oslo_coordinator: Persona,
) -> None:
    paris = network_services.create_city(
        created_by=None,
        name="Paris",
        slug="paris",
        country="FR",
        status=City.Status.MEMBER,
        joined_on="2016-09-01",
        languages=["fr", "en"],
    )
    first_round = shipped_round(label="2024")
    for city, level in ((lyon, 0.3), (paris, 0.4), (barcelona, 1.0), (oslo, 0.9)):
        publish_with_areas(first_round, city, 0.6, {"language": level, "media": level})
    for mentor in (barcelona, oslo):
        services.save_mentor(mentor, saved_by=None, areas=["language"], languages=[], capacity=2)

    # The secretariat proposes the group: two mentors, two mentees, one benchmark.
    office = new_page()
    sign_in(office, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    office.goto(url("en", "connections:scheme-create"))
    office.get_by_role("radio", name="Themed group").check()
    office.get_by_role("textbox", name=field_name("en", "Theme", required=True)).fill(
        "Language cafés"
    )
    office.get_by_role(
        "listbox", name=field_name("en", "Mentor cities", required=True)
    ).select_option([str(barcelona.pk), str(oslo.pk)])
    office.get_by_role(
        "listbox", name=field_name("en", "Mentee cities", required=True)
    ).select_option([str(lyon.pk), str(paris.pk)])
    office.get_by_role("textbox", name="Benchmark of success factors", exact=True).fill(
        "- A café each month in every city"
    )
    office.get_by_role("button", name="Propose the scheme").click()
    expect(office.get_by_role("status")).to_have_text("The scheme is proposed to its cities.")
    scheme = Scheme.objects.get()
    assert scheme.kind == Scheme.Kind.GROUP and scheme.members.count() == 4

    # Lyon accepts in French, Oslo in English; Barcelona and Paris through the services.
    lyon_page = new_page()
    sign_in(lyon_page, user_of(lyon_coordinator).email)
    lyon_page.goto(url("fr", "connections:scheme-detail", pk=scheme.pk))
    lyon_page.get_by_role("radio", name=in_language("fr", "Accept")).check()
    lyon_page.get_by_role(
        "button", name=in_language("fr", "Send the answer for %(city)s") % {"city": "Lyon"}
    ).click()
    expect(lyon_page.get_by_role("status")).to_have_text(
        in_language("fr", "Your answer is recorded.")
    )
    oslo_page = new_page()
    sign_in(oslo_page, user_of(oslo_coordinator).email)
    oslo_page.goto(url("en", "connections:scheme-detail", pk=scheme.pk))
    oslo_page.get_by_role("radio", name="Accept").check()
    oslo_page.get_by_role("button", name="Send the answer for Oslo").click()
    expect(oslo_page.get_by_role("status")).to_have_text("Your answer is recorded.")
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.PROPOSED  # two cities still to answer
    for city in (barcelona, paris):
        services.answer_scheme(scheme, city=city, accept=True, answered_by=None)
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.ACTIVE

    # The secretariat sets a goal for each mentee, from its own weak areas.
    for mentee, target in ((lyon, "50"), (paris, "55")):
        office.goto(url("en", "connections:goal-create", pk=scheme.pk))
        office.get_by_role(
            "combobox", name=field_name("en", "Mentee", required=True)
        ).select_option(str(mentee.pk))
        office.get_by_role(
            "combobox", name=field_name("en", "Index area", required=True)
        ).select_option("language")
        office.get_by_role("spinbutton", name=field_name("en", "Target", required=True)).fill(
            target
        )
        office.get_by_role("button", name="Save").click()
        expect(office.get_by_role("status")).to_have_text("The goal is added.")
    assert sorted(scheme.goals.values_list("mentee__name", flat=True)) == ["Lyon", "Paris"]
    # The agreement shows the group's one benchmark, and both mentees' goals.
    expect(office.get_by_text("A café each month in every city")).to_be_visible()
    expect(office.get_by_role("row").filter(has_text="Paris").first).to_be_visible()
    # Lyon signs in the browser, the three others through the services.
    lyon_page.goto(url("fr", "connections:scheme-detail", pk=scheme.pk))
    lyon_page.get_by_role(
        "button", name=in_language("fr", "Sign the agreement for %(city)s") % {"city": "Lyon"}
    ).click()
    expect(lyon_page.get_by_role("status")).to_have_text(
        in_language("fr", "The agreement is signed.")
    )
    for city in (paris, barcelona, oslo):
        services.sign_agreement(scheme, city=city, signed_by=None)
    assert all(member.signed_at for member in scheme.members.all())

    # A mentor logs the group's check-in.
    oslo_page.goto(url("en", "connections:checkin-create", pk=scheme.pk))
    oslo_page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    oslo_page.get_by_role("textbox", name=field_name("en", "Notes", required=True)).fill(
        "All four cities met in Oslo."
    )
    oslo_page.get_by_role("button", name="Save").click()
    expect(oslo_page.get_by_text("All four cities met in Oslo.")).to_be_visible()

    # Lyon evaluates in the browser: the group stays open until every city has.
    lyon_page.goto(url("fr", "connections:scheme-detail", pk=scheme.pk))
    lyon_page.get_by_role(
        "link", name=in_language("fr", "Write the evaluation of %(city)s") % {"city": "Lyon"}
    ).click()
    lyon_page.get_by_role("radio", name=in_language("fr", "Goals met"), exact=True).check()
    lyon_page.get_by_role("textbox", name=field_name("fr", "What worked", required=True)).fill(
        "Les cafés"
    )
    lyon_page.get_by_role("textbox", name=field_name("fr", "What to change", required=True)).fill(
        "Plus de temps"
    )
    lyon_page.get_by_role("button", name=in_language("fr", "Save")).click()
    expect(lyon_page.get_by_role("status")).to_have_text(
        in_language("fr", "The evaluation is saved.")
    )
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.ACTIVE
    for city in (paris, barcelona, oslo):
        closure.evaluate_scheme(
            scheme,
            city=city,
            evaluated_by=None,
            goals_met="partly",
            what_worked="Cafés",
            what_to_change="Time",
        )
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.CLOSED

    # Both mentees publish their next result: each goal shows its new score.
    next_round = shipped_round(label="2026", opens_on=timezone.localdate())
    publish_with_areas(next_round, lyon, 0.6, {"language": 0.9})
    publish_with_areas(next_round, paris, 0.6, {"language": 0.45})
    office.goto(url("en", "connections:closing-report", pk=scheme.pk))
    rows = office.get_by_role("row").filter(has_text="2026")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Lyon")).to_contain_text("target reached")
    expect(rows.filter(has_text="Paris")).not_to_contain_text("target reached")
