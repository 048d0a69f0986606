"""Loading an edition: the secretariat's page, the check-only button and ``manage.py load_edition``.

A file with any problem loads nothing and every problem is shown with its place;
an edition id already loaded is refused unless the file is loaded as a new version.
"""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse as django_reverse
from django.utils import translation

from icc.core.models import Activity
from icc.index.models import Edition
from icc.index.services.editions import ensure_shipped_editions
from icc.index.tests.documents import area, choice, edition, yes_no

pytestmark = pytest.mark.django_db

YAML_EDITION = """\
format: icc-index-edition/1
id: pilot-2026
title: {en: Pilot edition, fr: Édition pilote}
areas:
  - id: welcome
    title: {en: Welcoming newcomers, fr: Accueil des nouveaux arrivants}
    questions:
      - id: welcome.office
        text: {en: "Is there a welcome office?", fr: "Existe-t-il un bureau d’accueil ?"}
        kind: yes_no
        data: input
        points: {yes: 1, no: 0}
overall:
  parts:
    - part: welcome
"""


def reverse(*args, **kwargs):
    with translation.override("en"):
        return django_reverse(*args, **kwargs)


def document(edition_id="pilot", **fields):
    return edition(
        area("welcome", yes_no("welcome.office"), choice("welcome.plan", 0, 1, 2)),
        area("language", yes_no("language.courses")),
        id=edition_id,
        **fields,
    )


def upload(data, name="pilot.json"):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def post(client, data, name="pilot.json", **fields):
    return client.post(reverse("index:edition-list"), {"file": upload(data, name), **fields})


def broken_document():
    """Return a file with four problems in three places."""
    data = document()
    data["areas"][0]["questions"][1]["options"][0]["id"] = "o1"  # option id used twice
    data["areas"][1]["questions"][0]["kind"] = "maybe"  # unknown kind
    data["overall"]["parts"].append({"part": "nowhere"})  # unknown part
    data["colour"] = "blue"  # unknown key
    return data


# The page: who may open it ---------------------------------------------------------------


def test_the_secretariat_sees_the_editions_with_their_areas_and_questions(secretariat):
    ensure_shipped_editions()

    page = secretariat.client().get(reverse("index:edition-list"))

    assert page.status_code == 200
    rows = {row["edition"].code: row for row in page.context["rows"]}
    assert set(rows) == {"v1", "2019"}
    assert rows["v1"]["areas"] == 14 and rows["v1"]["is_latest"]
    assert rows["2019"]["questions"] == len(Edition.objects.get(code="2019").method.questions)
    assert "Load the edition" in page.content.decode()


@pytest.mark.parametrize(
    "name", ["lyon_coordinator", "lyon_editor", "oslo_coordinator", "reci_coordinator", "expert"]
)
def test_everyone_else_is_refused_the_page_and_the_upload(personas, name):
    client = personas[name].client()

    page = client.get(reverse("index:edition-list"))
    posted = post(client, document())

    assert page.status_code == 403 and posted.status_code == 403
    assert not Edition.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client):
    page = client.get(reverse("index:edition-list"))
    assert page.status_code == 302 and not Edition.objects.exists()


def test_the_round_list_links_to_the_editions(secretariat):
    page = secretariat.client().get(reverse("index:round-list"))
    assert reverse("index:edition-list") in page.content.decode()


# Loading ---------------------------------------------------------------------------------


def test_a_correct_file_creates_the_edition_and_says_so(secretariat):
    client = secretariat.client()
    loaded = post(client, document())

    edition_row = Edition.objects.get()
    assert loaded.status_code == 302 and loaded["Location"] == reverse("index:edition-list")
    assert (edition_row.code, edition_row.version, edition_row.loaded_by) == (
        "pilot",
        1,
        secretariat.user,
    )
    assert edition_row.source_name == "pilot.json"
    activity = Activity.objects.get(verb="index.edition.loaded")
    assert activity.actor == secretariat.user and activity.target_id == str(edition_row.pk)
    page = client.get(loaded["Location"])
    shown = [str(message) for message in page.context["messages"]]
    assert shown == [
        "Edition pilot, version 1, is loaded (areas: 2; questions: 3). "
        "It can now be opened as a round."
    ]


def test_a_file_with_problems_loads_nothing_and_shows_every_problem(secretariat):
    page = post(secretariat.client(), broken_document(), name="broken.json")

    assert page.status_code == 200 and not Edition.objects.exists()
    problems = page.context["problems"]
    places = {(problem.file, problem.path) for problem in problems}
    assert {
        ("broken.json", "$.colour"),
        ("broken.json", "$.areas[0].questions[1].options[1].id"),
        ("broken.json", "$.areas[1].questions[0].kind"),
        ("broken.json", "$.overall.parts[2].part"),
    } <= places
    html = page.content.decode()
    assert 'role="alert"' in html and 'href="#edition-problems"' in html
    assert 'id="edition-problems"' in html
    assert f"has {len(problems)} problems" in html
    for problem in problems:
        assert problem.path in html
    assert "<title>Error:" in html
    assert not Activity.objects.filter(verb="index.edition.loaded").exists()


def test_a_json_syntax_error_is_placed_by_line_and_column(secretariat):
    page = post(secretariat.client(), b'{"id": "pilot",\n  "areas": [}', name="bad.json")

    (problem,) = page.context["problems"]
    assert problem.path == "$" and "line 2, column 13" in str(problem.reason)
    assert not Edition.objects.exists()


def test_a_yaml_file_loads_and_keeps_yes_and_no_as_keys(secretariat):
    loaded = post(secretariat.client(), YAML_EDITION.encode(), name="pilot.yaml")

    stored = Edition.objects.get()
    assert loaded.status_code == 302
    assert stored.code == "pilot-2026" and stored.title_fr == "Édition pilote"
    question = stored.method.question("welcome.office")
    assert [(option.id, option.points) for option in question.options] == [("yes", 1), ("no", 0)]


def test_a_yaml_syntax_error_and_a_date_are_placed(secretariat):
    broken = post(secretariat.client(), b"id: [unclosed\n", name="bad.yaml")
    dated = post(
        secretariat.client(),
        (YAML_EDITION + "opened: !!timestamp 2026-01-01\n").encode(),
        name="dated.yml",
    )

    (syntax,) = broken.context["problems"]
    assert "not valid YAML" in str(syntax.reason) and "line 2" in str(syntax.reason)
    assert any(problem.path == "$.opened" for problem in dated.context["problems"])
    assert not Edition.objects.exists()


def test_an_edition_id_already_loaded_is_refused(secretariat):
    client = secretariat.client()
    post(client, document())

    again = post(client, document(description={"en": "Changed", "fr": "Modifiée"}))

    assert again.status_code == 200
    assert "already loaded (version 1)" in again.content.decode()
    assert list(Edition.objects.values_list("code", "version")) == [("pilot", 1)]


def test_a_corrected_file_becomes_the_next_version_when_asked(secretariat):
    client = secretariat.client()
    post(client, document())

    changed = document(description={"en": "Changed", "fr": "Modifiée"})

    corrected = post(client, changed, new_version="on")
    unchanged = post(client, changed, new_version="on")

    assert corrected.status_code == 302
    assert "nothing would change" in unchanged.content.decode()
    assert sorted(Edition.objects.values_list("code", "version")) == [("pilot", 1), ("pilot", 2)]


def test_a_load_that_loses_the_race_to_another_gets_a_message_and_stores_nothing(
    secretariat, monkeypatch
):
    from icc.index.services import editions as edition_services

    check = edition_services._check

    def check_then_someone_else_loads(*args, **kwargs):
        checked = check(*args, **kwargs)
        # Another person's load of the same file commits right after this check.
        Edition.objects.create(
            code="pilot", version=1, title_en="Pilot", title_fr="Pilote", definition={}
        )
        return checked

    monkeypatch.setattr(edition_services, "_check", check_then_someone_else_loads)

    response = post(secretariat.client(), document())

    assert response.status_code == 200
    assert "was loaded by someone else a moment ago" in response.content.decode()
    assert not Activity.objects.filter(verb="index.edition.loaded").exists()


def test_an_edition_mapped_to_an_edition_not_loaded_reports_it_with_the_rest(secretariat):
    data = broken_document()
    data["earlier_edition"] = "v0"

    page = post(secretariat.client(), data)

    paths = [problem.path for problem in page.context["problems"]]
    assert paths[0] == "$.earlier_edition" and len(paths) > 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"{}", "edition.txt", "Choose a .json, .yaml or .yml file."),
        (b"\xff\xfe{}", "edition.json", "The file is not UTF-8 text."),
        (b"x" * 2_000_001, "edition.json", "The file is larger than 2 MB."),
    ],
)
def test_the_files_type_encoding_and_size_are_checked(secretariat, content, name, message):
    page = post(secretariat.client(), content, name=name)

    assert page.status_code == 200 and not Edition.objects.exists()
    assert page.context["form"].errors["file"] == [message]
    assert 'href="#id_file"' in page.content.decode()


def test_check_only_validates_without_loading(secretariat):
    client = secretariat.client()

    good = post(client, document(), action="check")
    bad = post(client, broken_document(), action="check")

    assert good.status_code == 200 and good.context["checked"].version == 1
    assert "is correct: edition pilot (areas: 2; questions: 3)" in good.content.decode()
    assert bad.context["problems"]
    assert not Edition.objects.exists()


# The command -----------------------------------------------------------------------------


def test_the_command_loads_a_file(tmp_path):
    path = tmp_path / "pilot.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    out = StringIO()

    call_command("load_edition", str(path), stdout=out)

    assert Edition.objects.get().code == "pilot"
    assert "Loaded edition pilot, version 1: 2 areas, 3 questions." in out.getvalue()
    assert Activity.objects.filter(verb="index.edition.loaded").count() == 1


def test_the_command_reports_every_problem_on_stderr_and_loads_nothing(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken_document()), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError) as raised, translation.override("fr"):
        # The command line reads in English whatever language is active.
        call_command("load_edition", str(path), stderr=err)

    lines = err.getvalue().splitlines()
    assert f"{path}: $.overall.parts[2].part: no area or composite is called 'nowhere'" in lines
    assert len(lines) >= 4 and raised.value.returncode == 1
    assert "nothing was loaded" in str(raised.value)
    assert not Edition.objects.exists()


def test_the_command_checks_only_and_refuses_a_loaded_edition(tmp_path):
    path = tmp_path / "pilot.yaml"
    path.write_text(YAML_EDITION, encoding="utf-8")
    out = StringIO()

    call_command("load_edition", str(path), "--check", stdout=out)
    assert not Edition.objects.exists() and "correct: edition pilot-2026" in out.getvalue()

    call_command("load_edition", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_edition", str(path), stdout=StringIO())
    assert Edition.objects.count() == 1


# Reading YAML ----------------------------------------------------------------------------


def test_yaml_that_json_cannot_hold_is_placed_and_check_reads_yaml(tmp_path):
    from icc.index.method.loader import EditionError, load_edition, read_edition_text

    with pytest.raises(EditionError) as caught:
        read_edition_text("areas:\n  - 1: one\n    weight: .inf\n", name="odd.yaml")
    assert [(error.path, str(error.reason)) for error in caught.value.errors] == [
        ("$.areas[0]", "the key 1 must be a text (write it in quotes)"),
        ("$.areas[0].weight", "inf is not a finite number"),
    ]
    path = tmp_path / "pilot.yml"
    path.write_text(YAML_EDITION, encoding="utf-8")
    assert load_edition(path).id == "pilot-2026"
