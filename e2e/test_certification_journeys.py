"""The certification in the browser: an NGO applies in French, two reviewers score, a visit is
recorded, the commission (here the secretariat) decides, the certificate is downloaded and
verified on the public page, and the organisation appears in the register; then an appeal."""

import re

from playwright.sync_api import Page, expect

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.accounts.models import Role
from icc.certification import services
from icc.certification.models import Appeal, Application, Certificate
from icc.certification.tests import world
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


def _score_everything(page: Page, option: str) -> None:
    for radio in page.get_by_role("radio", name=option, exact=True).all():
        radio.check()


def test_an_ngo_applies_in_french_and_is_certified_and_registered(
    new_page: NewPage, lyon: City, secretariat: Persona, secretariat_totp_secret: str
) -> None:
    org = world.organisation(lyon, name="Maison des langues", rep_email="rep@maison.test")
    rep = world.rep_of(org)
    first = world.person("ana@experts.test", name="Ana Reviewer", role=Role.EXPERT)
    second = world.person("ben@experts.test", name="Ben Reviewer", role=Role.EXPERT)

    page = new_page()
    sign_in(page, rep.email, language="fr")
    page.goto(url("fr", "certification:organisation-detail", slug=org.slug))
    page.get_by_role("button", name=fr("Apply for the certification")).click()
    page.get_by_role("dialog").get_by_role("button", name=fr("Apply for the certification")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Eligibility"))
    for radio in page.get_by_role("radio", name="Oui", exact=True).all():
        radio.check()
    page.get_by_role("button", name=fr("Check the eligibility")).click()
    page.get_by_role("link", name=fr("Fill the self-assessment")).click()
    _score_everything(page, "Pleinement rempli")
    page.get_by_role("textbox", name=fr("Evidence")).first.fill("Déclaration adoptée en 2024.")
    expect(page.get_by_role("status")).to_have_text(fr("Saved."))
    page.get_by_role("button", name=fr("Save and submit for review")).click()
    expect(page.get_by_text(fr("The application is submitted for review."))).to_be_visible()
    application = Application.objects.get(organisation=org)
    assert application.status == Application.Status.SUBMITTED
    page.context.close()

    # The secretariat assigns the two reviewers and names itself to the commission.
    for reviewer in (first, second):
        services.assign_reviewer(application, by=user_of(secretariat), reviewer=reviewer)
    services.name_commission_member(application, by=None, person=user_of(secretariat))

    for reviewer in (first, second):
        review_page = new_page()
        sign_in(review_page, reviewer.email)
        review_page.goto(url("en", "certification:review-declare", pk=application.pk))
        review_page.get_by_role(
            "radio", name=en("I have no conflict of interest with this organisation")
        ).check()
        review_page.get_by_role("button", name=en("Declare")).click()
        _score_everything(review_page, "Fully met")
        review_page.get_by_role("button", name=en("Submit my scores")).click()
        expect(review_page.get_by_text(en("Your scores are saved."))).to_be_visible()
        if reviewer == second:
            review_page.get_by_role("link", name=en("Record the visit")).click()
            review_page.get_by_label(en("Planned date")).fill("2026-11-20")
            review_page.get_by_label(en("Participants")).fill("Ana, Ben, the board")
            review_page.get_by_label("Intercultural practice").fill(
                "Mixed groups in every workshop."
            )
            review_page.get_by_role("button", name=en("Save")).click()
            expect(review_page.get_by_text(en("The visit is recorded."))).to_be_visible()
        review_page.context.close()

    desk = new_page()
    sign_in(desk, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    desk.goto(url("en", "certification:decide", pk=application.pk))
    desk.get_by_role("radio", name=en("Certified"), exact=True).check()
    desk.get_by_role("button", name=en("Record the decision")).click()
    expect(desk.get_by_role("alert")).to_be_visible()  # no reasons, no level: nothing saved
    assert not Certificate.objects.exists()
    desk.get_by_label(en("Level")).select_option("distinction")
    desk.get_by_label(en("Reasons")).fill("Every criterion is fully met; the visit confirms it.")
    desk.get_by_role("button", name=en("Record the decision")).click()
    expect(
        desk.get_by_text(en("The decision is recorded and the organisation told."))
    ).to_be_visible()
    desk.context.close()

    certificate = Certificate.objects.get()
    page = new_page()
    sign_in(page, rep.email, language="fr")
    page.goto(url("fr", "certification:certificate-manage", code=certificate.code))
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download the certificate in French (PDF)")).click()
    assert download.value.suggested_filename == f"certificate-{certificate.code}-fr.pdf"
    page.goto(url("fr", "certification:verify"))
    page.get_by_role("textbox", name=fr("Verification code")).fill(certificate.code.lower())
    page.get_by_role("button", name=fr("Check")).click()
    expect(page.get_by_role("status")).to_have_text(fr("This certificate is genuine and in force."))
    expect(page.get_by_role("main")).to_contain_text("Maison des langues")
    page.goto(url("fr", "certification:verify-code", code="NOPE00000000"))
    expect(page.get_by_role("status")).to_contain_text("NOPE00000000")
    page.goto(url("fr", "certification:register") + "?q=Maison")
    expect(page.get_by_role("table")).to_contain_text("Maison des langues")
    expect(page.get_by_role("table")).to_contain_text("Certifiée avec distinction")


def test_an_ngo_appeals_a_refusal_and_another_person_decides(
    new_page: NewPage, lyon: City, secretariat: Persona, secretariat_totp_secret: str
) -> None:
    org = world.organisation(lyon, name="Pont des cultures", rep_email="rep@pont.test")
    first = world.person("ana@experts.test", name="Ana Reviewer", role=Role.EXPERT)
    second = world.person("ben@experts.test", name="Ben Reviewer", role=Role.EXPERT)
    commission = world.person("clara@experts.test", name="Clara Commission", role=Role.EXPERT)
    application = world.decided(
        world.reviewed(
            world.submitted(org, option="partly"), first, second, options=("partly", "not_met")
        ),
        commission,
        outcome="refused",
    )
    page = new_page()
    sign_in(page, world.rep_of(org).email, language="fr")
    page.goto(url("fr", "certification:application-detail", pk=application.pk))
    expect(page.get_by_text("The evidence shows the criteria are met.")).to_be_visible()
    page.get_by_role("link", name=fr("Appeal the decision")).click()
    page.get_by_role("button", name=fr("File the appeal")).click()
    expect(page.get_by_text(fr("Give the grounds of the appeal."))).to_be_visible()
    assert not Appeal.objects.exists()
    page.get_by_label(fr("Grounds of the appeal")).fill(
        "La visite n’a pas rencontré nos animateurs."
    )
    page.get_by_role("button", name=fr("File the appeal")).click()
    expect(page.get_by_text(fr("The appeal is filed."))).to_be_visible()
    page.context.close()

    desk = new_page()
    sign_in(desk, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    desk.goto(url("en", "certification:desk"))
    desk.get_by_role("link", name="Pont des cultures").last.click()
    desk.get_by_role(
        "radio", name=re.compile(re.escape(en("Appeal upheld: the decision is set aside")))
    ).check()
    desk.get_by_label(en("Reasons")).fill("The visit report left out the workshops.")
    desk.get_by_role("button", name=en("Close the appeal")).click()
    expect(desk.get_by_text(en("The appeal is closed."))).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert Appeal.objects.get().outcome == "upheld"
