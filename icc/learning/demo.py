"""The demo induction course (demo_course.py), published, with the demo cities' people enrolled.

Loading twice changes nothing: the course is looked up by its address name first.
"""

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from icc.accounts.selectors import people_of_city
from icc.learning import services
from icc.learning.demo_course import MODULES, SLUG, TITLE
from icc.learning.demo_resources import BANNER_PACK, RESOURCES
from icc.learning.enrolment_hooks import enrol_in_induction
from icc.learning.models import Course, Lesson, Resource
from icc.learning.services import library
from icc.learning.snapshots import ordered_lessons
from icc.network.models import City

# French typography: a narrow no-break space before « : ; ? ! » and inside guillemets.
_BEFORE = re.compile(r" ([:;?!»])")
_AFTER = re.compile(r"« ")


def french(text: str) -> str:
    """Return ``text`` with the house's French spaces and apostrophes."""
    text = _BEFORE.sub("\u202f\\1", text.replace("'", "’"))
    return _AFTER.sub("«\u202f", text)


def _texts(en: dict[str, str], fr: dict[str, str]) -> dict[str, dict[str, str]]:
    return {"en": en, "fr": {name: french(value) for name, value in fr.items()}}


def _build() -> Course:
    course = services.create_course(
        created_by=None,
        slug=SLUG,
        texts=_texts(
            {"title": TITLE["en"][0], "summary": TITLE["en"][1]},
            {"title": TITLE["fr"][0], "summary": TITLE["fr"][1]},
        ),
        visibility=Course.Visibility.MEMBERS,
        is_induction=not Course.objects.filter(is_induction=True).exists(),
    )
    Course.objects.filter(pk=course.pk).update(is_demo=True)
    for part in MODULES:
        module = services.save_module(
            course,
            changed_by=None,
            texts=_texts({"title": part["title"]["en"]}, {"title": part["title"]["fr"]}),
        )
        for item in part["lessons"]:
            if item["kind"] == "text":
                services.save_lesson(
                    module,
                    changed_by=None,
                    kind="text",
                    texts=_texts(
                        {"title": item["en"][0], "body": item["en"][1]},
                        {"title": item["fr"][0], "body": item["fr"][1]},
                    ),
                )
                continue
            lesson = services.save_lesson(
                module,
                changed_by=None,
                kind="check",
                pass_mark=100,
                texts=_texts({"title": item["title"]["en"]}, {"title": item["title"]["fr"]}),
            )
            for question in item["questions"]:
                en_prompt, en_options = question["en"]
                fr_prompt, fr_options = question["fr"]
                services.save_question(
                    lesson,
                    changed_by=None,
                    kind=question["kind"],
                    texts=_texts({"prompt": en_prompt}, {"prompt": fr_prompt}),
                    options=[
                        {
                            "is_correct": right,
                            "texts": _texts(
                                {"label": label, "feedback": feedback},
                                {"label": fr_label, "feedback": fr_feedback},
                            ),
                        }
                        for (right, label, feedback), (_r, fr_label, fr_feedback) in zip(
                            en_options, fr_options, strict=True
                        )
                    ],
                )
    services.publish_course(course, published_by=None)
    course.refresh_from_db()
    return course


def _show_some_progress(course: Course) -> None:
    """Take the first enrolled people some way into the course, so the cohort view has figures."""
    lessons = ordered_lessons(course.published_version.content) if course.published_version else []
    for number, enrolment in enumerate(course.enrolments.order_by("id")[:6]):
        steps = [3, 5, len(lessons), 1, 8, len(lessons)][number]
        for lesson in lessons[:steps]:
            if lesson["kind"] == "check":
                answers = {
                    question["key"]: [o["key"] for o in question["options"] if o["is_correct"]]
                    for question in lesson["questions"]
                }
                services.submit_check(enrolment, lesson_key=lesson["key"], answers=answers)
            else:
                services.complete_lesson(enrolment, lesson_key=lesson["key"])


def _load_resources() -> int:
    """Add the demo text resources of the library that are not there yet."""
    added = 0
    for slug, category, audience, is_public, texts in RESOURCES:
        if Resource.objects.filter(slug=slug).exists():
            continue
        resource = library.create_resource(
            created_by=None,
            slug=slug,
            category=category,
            audience=audience,
            kind=Resource.Kind.TEXT,
            visibility=Course.Visibility.PUBLIC if is_public else Course.Visibility.MEMBERS,
            texts=_texts(
                dict(zip(("title", "summary", "body"), texts["en"], strict=True)),
                dict(zip(("title", "summary", "body"), texts["fr"], strict=True)),
            ),
        )
        Resource.objects.filter(pk=resource.pk).update(is_demo=True)
        added += 1
    return added


def _banner(text: str) -> SimpleUploadedFile:
    """Draw a 1200×300 PNG banner with ``text`` (a demo file of our own, no real logo)."""
    from PIL import Image, ImageDraw, ImageFont

    from icc.learning.kit import FONT_DIR

    image = Image.new("RGB", (1200, 300), (23, 63, 115))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, 1200, 300), fill=(242, 183, 5))
    draw.text((60, 100), text, font=ImageFont.truetype(FONT_DIR + "DejaVuSans-Bold.ttf", 56))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"banner-{text[:2].lower()}.png", buffer.getvalue())


def _load_banner_pack() -> int:
    """Add the demo pack of banners (two versions: English, then French added), once."""
    slug, texts = BANNER_PACK
    if Resource.objects.filter(slug=slug).exists():
        return 0
    fields = {
        language: dict(zip(("title", "summary"), texts[language][:2], strict=True))
        for language in ("en", "fr")
    }
    english = _banner(texts["en"][2])
    english.name = "banner-en.png"
    resource = library.create_resource(
        created_by=None,
        slug=slug,
        category=Resource.Category.BRAND_KIT,
        audience=Resource.Audience.NEW_MEMBERS,
        kind=Resource.Kind.PACK,
        visibility=Course.Visibility.MEMBERS,
        texts=fields,
        uploads=[("en", english)],
    )
    french = _banner(texts["fr"][2])
    french.name = "banniere-fr.png"
    library.add_version(
        resource,
        created_by=None,
        texts=fields,
        note="French banner added.",
        uploads=[("fr", french)],
    )
    Resource.objects.filter(pk=resource.pk).update(is_demo=True)
    return 1


def load(stdout: Any) -> None:
    """Create and publish the demo induction course, enrol the member cities' people, and
    add the library's demo resources."""
    added = _load_resources() + _load_banner_pack()
    if added:
        stdout.write(f"Demo library: {added} resources.")
    course = Course.objects.filter(slug=SLUG).first()
    if course is not None:
        stdout.write("Demo course already loaded.")
        return
    course = _build()
    if course.is_induction:
        for city in City.objects.filter(status=City.Status.MEMBER):
            for person in people_of_city(city):
                enrol_in_induction(person, city=city)
    _show_some_progress(course)
    lessons = Lesson.objects.filter(module__course=course)
    stdout.write(
        f"Demo course: {course.modules.count()} modules, {lessons.filter(kind='text').count()} "
        f"lessons, {lessons.filter(kind='check').count()} checks, "
        f"{course.enrolments.count()} people enrolled."
    )
