"""Learning: a new coordinator invited in French completes a module and a course, downloads
and checks the certificate; the secretariat reorders lessons from the keyboard, publishes a
new version and progress is kept."""

import io
import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.accounts.models import Role
from icc.accounts.services import invite_person
from icc.learning import services
from icc.learning.models import Enrolment, Lesson
from icc.learning.tests.conftest import build_course, lesson_keys
from icc.network.models import City

NEWCOMER = "nouvelle@lyon.test"
PASSWORD = "un-mot-de-passe-assez-long"


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


def assert_no_serious_violation(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not blocking, f"axe-core found on {page.url}: {[v['id'] for v in blocking]}"


def test_a_new_coordinator_completes_the_induction_in_french_and_checks_the_certificate(
    new_page: NewPage,
    live_server: LiveServer,
    settings: Settings,
    lyon: City,
    secretariat: Persona,
) -> None:
    settings.SITE_URL = live_server.url
    course = build_course(by=user_of(secretariat))
    mail.outbox.clear()
    invite_person(
        email=NEWCOMER,
        role=Role.CITY_COORDINATOR,
        invited_by=user_of(secretariat),
        full_name="Aline Dupont",
        language="fr",
        city=lyon,
    )
    link = re.search(re.escape(live_server.url) + r"/\S+", str(mail.outbox[0].body))
    assert link is not None

    page = new_page()
    page.goto(link.group())
    form = page.get_by_role("main")
    form.get_by_role("textbox", name=field_name("fr", "Password", required=True), exact=True).fill(
        PASSWORD
    )
    form.get_by_role(
        "textbox", name=field_name("fr", "Password (again)", required=True), exact=True
    ).fill(PASSWORD)
    form.get_by_role("button", name=fr("Create my account")).click()
    page.wait_for_url(lambda address: "invitation" not in address)

    # Enrolled automatically: the course is in her list, nothing done yet.
    page.goto(url("fr", "learning:course-list"))
    expect(page.get_by_text(fr("%(done)s lesson done") % {"done": 0}, exact=False)).to_be_visible()
    page.get_by_role("link", name="Welcome (fr)").click()
    assert_no_serious_violation(page)
    page.get_by_role("link", name=re.compile("^" + re.escape(fr("Begin")))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diversity (fr)")
    assert_no_serious_violation(page)
    page.get_by_role("button", name=fr("I have read this lesson")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality (fr)")
    page.get_by_role("button", name=fr("I have read this lesson")).click()

    # The knowledge check, by keyboard alone: a wrong answer first, then the right one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check 1 (fr)")
    assert_no_serious_violation(page)
    page.get_by_role("radio", name="Walls (fr)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=fr("Check my answers")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("No: walls divide. (fr)")).to_be_visible()
    page.get_by_role("radio", name="Diversity (fr)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=fr("Check my answers")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(fr("Right."), exact=True)).to_be_visible()
    enrolment = Enrolment.objects.get(user__email=NEWCOMER)
    assert enrolment.lessons_done == 3 and enrolment.attempts.count() == 2

    # The last lesson completes the course; the certificate is in French and checks publicly.
    page.get_by_role("link", name=fr("Next lesson")).click()
    page.get_by_role("button", name=fr("I have read this lesson")).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download your certificate (PDF)")).click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert (
        "Aline Dupont" in text
        and "Welcome (fr)" in text
        and fr("Certificate of completion") in text
    )
    page.get_by_role(
        "link", name=re.compile(re.escape(fr("Public check of code %(code)s") % {"code": ""}))
    ).click()
    expect(page.get_by_role("status")).to_have_text(fr("This certificate is genuine."))
    expect(page.get_by_role("main").get_by_text("Aline Dupont")).to_be_visible()
    assert_no_serious_violation(page)
    assert course.enrolments.get(user__email=NEWCOMER).completed_at is not None


def test_the_secretariat_publishes_a_new_version_and_progress_is_kept(
    new_page: NewPage, lyon_coordinator: Persona, secretariat: Persona, secretariat_totp_secret: str
) -> None:
    course = build_course(by=user_of(secretariat))
    enrolment = services.enrol(course, user_of(lyon_coordinator), source="self")
    first, second, _check, _last = lesson_keys(course)
    services.complete_lesson(enrolment, lesson_key=first)
    services.complete_lesson(enrolment, lesson_key=second)

    page = new_page()
    sign_in(page, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    page.goto(url("en", "learning:course-edit", slug=course.slug))
    assert_no_serious_violation(page)
    page.get_by_role("link", name="Equality", exact=True).click()
    english = page.get_by_role(
        "group", name=en("Texts in %(language)s") % {"language": en("English")}
    )
    english.get_by_role("textbox", name=re.compile("^" + re.escape(en("Text (Markdown)")))).fill(
        "Equal rights, and **equal chances**."
    )
    page.get_by_role("button", name=en("Save"), exact=True).click()
    expect(page.get_by_text(en("The lesson was saved."))).to_be_visible()
    page.goto(url("en", "learning:course-edit", slug=course.slug))
    # Reordering needs no dragging: the "Move down" button works from the keyboard.
    move_down = re.compile(re.escape(en("Move down")) + r"\W*Diversity")
    page.get_by_role("button", name=move_down).focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text(en("Moved. Learners see the new order when you publish a new version."))
    ).to_be_visible()
    expect(page.locator("ol").first.get_by_role("listitem").first).to_contain_text("Equality")
    assert_no_serious_violation(page)
    expect(
        page.get_by_text(en("Changed (progress on it starts again)") + ": Equality")
    ).to_be_visible()
    page.get_by_role("button", name=en("Publish a new version")).click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Version 2")
    expect(page.get_by_text(re.compile(r"^1 person has progress"))).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.lessons_done == 1
    assert Lesson.objects.get(key=second).texts["en"]["body"].startswith("Equal rights, and")
    assert Lesson.objects.get(key=second).position < Lesson.objects.get(key=first).position
