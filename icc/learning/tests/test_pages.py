"""The learning pages as people use them: lessons, checks, certificates, uploads, cohort."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from icc.learning import services
from icc.learning.models import Certificate, Enrolment, Lesson, LessonFile
from icc.learning.tests.conftest import build_course, lesson_keys, right_answers


def _complete(course, user):
    enrolment = services.enrol(course, user, source="self")
    for key in lesson_keys(course):
        if Lesson.objects.get(key=key).kind == "check":
            services.submit_check(enrolment, lesson_key=key, answers=right_answers(course, key))
        else:
            services.complete_lesson(enrolment, lesson_key=key)
    return Certificate.objects.get(enrolment=enrolment)


def test_a_learner_reads_a_lesson_in_french_and_marks_it_done(course, lyon_coordinator):
    client = lyon_coordinator.client()
    first, second, *_rest = lesson_keys(course)
    page = client.get(f"/fr/formation/{course.slug}/lecons/{first}/")
    assert page.status_code == 200
    assert "<strong>Diversity</strong> helps. (fr)" in page.content.decode()
    locked = client.get(f"/en/learning/{course.slug}/lessons/{second}/")
    assert locked.status_code == 302
    done = client.post(f"/en/learning/{course.slug}/lessons/{first}/done/")
    assert done.url.endswith(f"/lessons/{second}/")
    assert Enrolment.objects.get(user=lyon_coordinator.user).lessons_done == 1


def test_the_check_keeps_answers_and_shows_the_feedback_of_the_chosen_option(
    course, lyon_coordinator
):
    enrolment = Enrolment.objects.get(user=lyon_coordinator.user)
    first, second, check, _last = lesson_keys(course)
    services.complete_lesson(enrolment, lesson_key=first)
    services.complete_lesson(enrolment, lesson_key=second)
    lesson = Lesson.objects.get(key=check)
    question = lesson.questions.get()
    wrong = question.options.get(is_correct=False)
    client = lyon_coordinator.client()
    client.post(f"/en/learning/{course.slug}/lessons/{check}/", {f"q-{question.key}": wrong.key})
    page = client.get(f"/en/learning/{course.slug}/lessons/{check}/").content.decode()
    assert "No: walls divide." in page and "Not quite." in page
    right = question.options.get(is_correct=True)
    client.post(f"/en/learning/{course.slug}/lessons/{check}/", {f"q-{question.key}": right.key})
    assert enrolment.attempts.count() == 2
    assert enrolment.attempts.first().passed


def test_the_certificate_pdf_is_in_the_holders_language_and_verifies_publicly(
    course, lyon_coordinator, client
):
    certificate = _complete(course, lyon_coordinator.user)
    response = lyon_coordinator.client().get(f"/en/learning/{course.slug}/certificate/")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Camille Martin" in text and "Welcome (fr)" in text and certificate.code in text
    page = client.get(f"/en/certificates/{certificate.code}/").content.decode()
    assert "Camille Martin" in page and "Welcome" in page
    assert "coordinator@lyon.test" not in page


def test_a_revoked_or_unknown_certificate_says_so(course, lyon_coordinator, secretariat, client):
    certificate = _complete(course, lyon_coordinator.user)
    services.revoke_certificate(
        certificate, revoked_by=secretariat.user, reason="Issued by mistake"
    )
    page = client.get(f"/en/certificates/{certificate.code}/")
    assert "was revoked" in page.content.decode() and "Camille" not in page.content.decode()
    unknown = client.get("/en/certificates/NOSUCHCODE22/")
    assert unknown.status_code == 404 and "No certificate has the code" in unknown.content.decode()


def test_an_upload_that_is_not_what_it_claims_is_refused(course, secretariat):
    lesson = Lesson.objects.filter(module__course=course).first()
    client = secretariat.client()
    fake = SimpleUploadedFile("photo.png", b"not a png at all", content_type="image/png")
    response = client.post(
        f"/en/learning/{course.slug}/drafts/{lesson.pk}/files/new/",
        {"kind": "image", "file": fake, "alt_en": "A", "alt_fr": "B"},
    )
    assert response.status_code == 200
    assert "not a real PNG file" in response.content.decode()
    assert not LessonFile.objects.exists()


def test_an_oversized_upload_is_refused(course, secretariat, settings):
    from icc.core import uploads

    lesson = Lesson.objects.filter(module__course=course).first()
    big = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 " + b"x" * (uploads.MAX_UPLOAD_BYTES + 1))
    response = secretariat.client().post(
        f"/en/learning/{course.slug}/drafts/{lesson.pk}/files/new/",
        {"kind": "file", "file": big, "title_en": "Notes"},
    )
    assert "the limit is 10 MB" in response.content.decode()
    assert not LessonFile.objects.exists()


def test_a_question_with_no_right_option_is_refused_on_the_page(course, secretariat):
    lesson = Lesson.objects.get(module__course=course, kind="check")
    response = secretariat.client().post(
        f"/en/learning/{course.slug}/drafts/{lesson.pk}/questions/new/",
        {
            "kind": "single",
            "prompt_en": "Q",
            "prompt_fr": "Q",
            "option1_label_en": "A",
            "option2_label_en": "B",
        },
    )
    assert "no right option" in response.content.decode()
    assert lesson.questions.count() == 1


def test_a_city_editor_sees_their_city_not_another(course, lyon_editor, oslo_coordinator):
    assert lyon_editor.client().get("/en/learning/cities/lyon/").status_code == 200
    assert lyon_editor.client().get("/en/learning/cities/oslo/").status_code == 404


def test_a_visitor_sees_public_courses_only(secretariat, client):
    build_course(by=secretariat.user, slug="members-only", is_induction=False)
    build_course(by=secretariat.user, slug="open", visibility="public", is_induction=False)
    page = client.get("/en/learning/").content.decode()
    assert "/learning/open/" in page and "/learning/members-only/" not in page
    assert client.get("/en/learning/members-only/").status_code == 404


def test_the_cohort_view_counts_and_exports(course, secretariat, lyon_coordinator, lyon_editor):
    _complete(course, lyon_coordinator.user)
    client = secretariat.client()
    page = client.get(f"/en/learning/{course.slug}/cohort/")
    html = page.content.decode()
    assert page.status_code == 200 and "Where people stop" in html
    assert (
        # Lyon's editor is enrolled too (a city role in a member city), not started.
        '<th scope="row"><a href="/en/learning/cities/lyon/">Lyon</a></th><td>2</td><td>1</td>'
        "<td>0</td><td>1</td><td>0</td><td>0.0</td>" in html
    )
    assert '<option value="lyon">Lyon</option>' in html
    assert (
        'value="lyon" selected'
        in client.get(f"/en/learning/{course.slug}/cohort/?city=lyon").content.decode()
    )
    csv = client.get(f"/en/learning/{course.slug}/cohort.csv").content.decode()
    assert "Lyon,2,1,0,1,0" in csv
    # The median of an even count is the mean of the two middle values, per city and overall.
    _complete(course, lyon_editor.user)
    Enrolment.objects.filter(user=lyon_coordinator.user).update(days_to_complete=2)
    Enrolment.objects.filter(user=lyon_editor.user).update(days_to_complete=5)
    from icc.learning import selectors

    total, rows = selectors.cohort(course)
    assert total.median_days == 3.5 and [r.median_days for r in rows if r.city] == [3.5]


def test_the_secretariat_revokes_a_certificate_with_a_reason(course, lyon_coordinator, secretariat):
    certificate = _complete(course, lyon_coordinator.user)
    client = secretariat.client()
    url = f"/en/learning/{course.slug}/certificates/{certificate.code}/revoke/"
    assert (
        "Revoke the certificate"
        in client.get(f"/en/learning/{course.slug}/enrolments/").content.decode()
    )
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert client.post(url, {"reason": "Issued by mistake"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Issued by mistake"


def test_removing_a_lesson_keeps_it_for_learners_until_the_next_version(
    course, secretariat, lyon_coordinator
):
    lesson = Lesson.objects.filter(module__course=course, kind="text").last()
    response = secretariat.client().post(
        f"/en/learning/{course.slug}/parts/lesson/{lesson.pk}/remove/"
    )
    assert response.status_code == 302 and not Lesson.objects.filter(pk=lesson.pk).exists()
    page = lyon_coordinator.client().get(f"/en/learning/{course.slug}/")
    assert "Members" in page.content.decode()
    version = services.publish_course(course, published_by=secretariat.user)
    assert [change["change"] for change in version.changes] == ["removed"]
    assert (
        lyon_coordinator.client()
        .post(f"/en/learning/{course.slug}/parts/lesson/1/remove/")
        .status_code
        == 404
    )


def test_an_image_shows_where_the_author_places_it_with_its_alt_text(
    course, secretariat, lyon_coordinator, settings, tmp_path
):
    from PIL import Image

    from icc.core.downloads import download_url

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    lesson = Lesson.objects.filter(module__course=course).order_by("position").first()
    image = services.attach_file(
        lesson,
        uploaded_by=secretariat.user,
        upload=SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png"),
        kind="image",
        texts={"en": {"alt": "Map of the network"}, "fr": {"alt": "Carte du réseau"}},
    )
    texts = {
        language: {"title": f"Diversity ({language})", "body": body}
        for language, body in (
            ("en", f"Before.\n\n![](image:{image.pk})\n\nAfter <script>x</script>."),
            ("fr", f"Avant.\n\n![](image:{image.pk})\n\nAprès."),
        )
    }
    form = {"kind": "text", "requires_previous": "on", "pass_mark": 80, "version": lesson.version}
    form |= {f"{name}_{lang}": value for lang, t in texts.items() for name, value in t.items()}
    office = secretariat.client()
    # A script in the text is refused; an image that is not the lesson's too.
    response = office.post(f"/en/learning/{course.slug}/drafts/{lesson.pk}/edit/", form)
    assert "are not allowed" in response.content.decode()
    form["body_en"] = "Before.\n\n![](image:999999)\n\nAfter."
    response = office.post(f"/en/learning/{course.slug}/drafts/{lesson.pk}/edit/", form)
    assert "which is not an image of this lesson" in response.content.decode()
    form["body_en"] = f"Before.\n\n![](image:{image.pk})\n\nAfter."
    response = office.post(f"/en/learning/{course.slug}/drafts/{lesson.pk}/edit/", form)
    assert response.status_code == 302
    services.publish_course(course, published_by=secretariat.user)
    services.enrol(course, lyon_coordinator.user, source="self")
    key = lesson_keys(course)[0]
    page = lyon_coordinator.client().get(f"/fr/formation/{course.slug}/lecons/{key}/")
    html = page.content.decode()
    img = f'<img src="{download_url(image.file)}" alt="Carte du réseau" loading="lazy">'
    assert html.index("Avant.") < html.index(img) < html.index("Après.")
    assert html.count(img) == 1  # placed in the text, not repeated after it
    # The image cannot be taken out while the text places it; once the code is gone, it can.
    remove = f"/en/learning/{course.slug}/drafts/{lesson.pk}/files/{image.pk}/remove/"
    response = office.post(remove, follow=True)
    assert "still places this image" in response.content.decode()
    lesson.refresh_from_db()
    services.save_lesson(
        lesson.module,
        lesson=lesson,
        changed_by=secretariat.user,
        kind="text",
        texts={lang: {"title": "Diversity", "body": "No image."} for lang in ("en", "fr")},
        expected_version=lesson.version,
    )
    assert office.post(remove).status_code == 302
    assert LessonFile.objects.get(pk=image.pk).lesson is None
