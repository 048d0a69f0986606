"""Courses for the network's people: modules, lessons, knowledge checks, versions, progress.

Authors edit a working copy (``Course`` → ``Module`` → ``Lesson`` → ``Question`` →
``Option``); publishing freezes it into a ``CourseVersion`` whose ``content`` learners
read. Texts are kept per language in a ``texts`` map on each row (decision 0039), so a
version is one snapshot. Progress is kept per lesson *key* and the *hash* of the lesson's
content: a lesson that did not change between two versions keeps everyone's progress.
"""

import hashlib
import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.core.codes import new_code
from icc.network.models import City

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def new_key() -> str:
    """Return a new stable key for a module, lesson, question or option."""
    return uuid.uuid4().hex[:12]


def pick(texts: dict[str, Any], language: str | None = None) -> tuple[dict[str, Any], str]:
    """Return the text in ``language`` (active by default), else English, else any.

    The language of the text found comes second.
    """
    language = (language or get_language() or "en")[:2]
    for candidate in (language, "en", *sorted(texts)):
        if texts.get(candidate):
            return texts[candidate], candidate
    return {}, language


class Course(models.Model):
    """Hold the working copy of a course and what learners follow: its published version."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone, signed in or not")
        MEMBERS = "members", _("People of the network only")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    texts = models.JSONField(_("texts per language"), default=dict)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    is_induction = models.BooleanField(
        _("induction course"),
        default=False,
        help_text=_("Coordinators and editors of member cities are enrolled automatically."),
    )
    published_version = models.ForeignKey(
        "CourseVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_induction"], condition=Q(is_induction=True), name="one_induction_course"
            )
        ]

    def __str__(self) -> str:
        return self.title()

    def get_absolute_url(self) -> str:
        return reverse("learning:course-detail", kwargs={"slug": self.slug})

    def title(self, language: str | None = None) -> str:
        return str(pick(self.texts, language)[0].get("title") or self.slug)

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class Module(models.Model):
    """Group a course's lessons under one heading."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    key = models.CharField(max_length=12, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    texts = models.JSONField(_("texts per language"), default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(pick(self.texts)[0].get("title") or self.key)


class Lesson(models.Model):
    """One page of a module: Markdown text per language, or a knowledge check."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Lesson to read")
        CHECK = "check", _("Knowledge check")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    key = models.CharField(max_length=12, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    requires_previous = models.BooleanField(
        _("requires the previous lesson"),
        default=True,
        help_text=_("The learner must finish the lesson before this one first."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        help_text=_("For a knowledge check: the share of questions to answer right."),
    )
    texts = models.JSONField(_("texts per language"), default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(pick(self.texts)[0].get("title") or self.key)


class Question(models.Model):
    """A question of a knowledge check, with its options."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One right answer")
        MULTIPLE = "multiple", _("Several right answers")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=12, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SINGLE)
    texts = models.JSONField(_("texts per language"), default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(pick(self.texts)[0].get("prompt") or self.key)


class Option(models.Model):
    """One answer offered to a question, right or not, with the feedback it gives."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=12, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_correct = models.BooleanField(_("right answer"), default=False)
    texts = models.JSONField(_("texts per language"), default=dict)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(pick(self.texts)[0].get("label") or self.key)


def _lesson_upload_to(instance: "LessonFile", filename: str) -> str:
    return f"learning/{instance.course_id}/{uuid.uuid4().hex}/{filename}"


class LessonFile(models.Model):
    """An image shown in a lesson or a file offered for download, uploaded to the platform.

    Kept when removed from the working copy, so published versions that show it still can.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image shown in the lesson")
        FILE = "file", _("File to download")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="files")
    lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_lesson_upload_to, max_length=300)
    content_type = models.CharField(max_length=120)
    texts = models.JSONField(_("texts per language"), default=dict)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson file")
        verbose_name_plural = _("lesson files")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(pick(self.texts)[0].get("title") or self.file.name)


class CourseVersion(models.Model):
    """A published state of a course: what learners read, and what changed from the last."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    changes = models.JSONField(default=list)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.course} v{self.number}"

    def lessons(self) -> list[dict[str, Any]]:
        """Return the version's lessons in course order, each with its module's key."""
        return [
            lesson | {"module": module["key"]}
            for module in self.content["modules"]
            for lesson in module["lessons"]
        ]


def content_hash(lesson: dict[str, Any]) -> str:
    """Return the hash of what a learner reads and answers in a lesson of a snapshot."""
    relevant = {
        name: lesson.get(name) for name in ("kind", "pass_mark", "texts", "files", "questions")
    }
    encoded = json.dumps(relevant, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def open(self) -> "EnrolmentQuerySet":
        """Return the enrolments not completed yet."""
        return self.filter(completed_at__isnull=True)


class Enrolment(models.Model):
    """Record that a person follows a course, since when, by when, and how far they are."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("Enrolled automatically")
        SECRETARIAT = "secretariat", _("Enrolled by the secretariat")
        SELF = "self", _("Enrolled themselves")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    source = models.CharField(_("how"), max_length=12, choices=Source.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)
    # Days from enrolment to completion, kept so the cohort view's medians read no dates.
    days_to_complete = models.FloatField(null=True, blank=True, editable=False)
    # Kept with each step so the cohort view reads one row per person.
    lessons_done = models.PositiveIntegerField(default=0)
    next_lesson_key = models.CharField(max_length=12, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="enrolled_once_per_course")
        ]
        indexes = [
            # Covers the cohort view's grouped counts and medians: read from the index alone.
            models.Index(
                fields=[
                    "course",
                    "city",
                    "completed_at",
                    "started_at",
                    "due_on",
                    "days_to_complete",
                ],
                name="enrolment_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.course}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    """Record that a person finished one lesson, in the content it had then."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson_key = models.CharField(max_length=12)
    content_hash = models.CharField(max_length=16)
    completed_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson_key", "content_hash"], name="lesson_done_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson_key} ({self.completed_at:%Y-%m-%d})"


class CheckAttempt(models.Model):
    """Keep one set of answers to a knowledge check, with its score."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    lesson_key = models.CharField(max_length=12)
    content_hash = models.CharField(max_length=16)
    answers = models.JSONField()
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answers to a knowledge check")
        verbose_name_plural = _("answers to knowledge checks")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.lesson_key}: {self.score}%"


def new_certificate_code() -> str:
    """Return a verification code: 12 letters and digits, easy to read aloud."""
    return new_code(12)


class Certificate(models.Model):
    """Attest that a person completed a course; anyone with the code may verify it."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=12, unique=True)
    holder_name = models.CharField(_("name"), max_length=200)
    course_titles = models.JSONField(default=dict)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def course_title(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return str(self.course_titles.get(language) or self.course_titles.get("en") or "")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Resource(models.Model):
    """A piece of the welcome pack or a communication toolkit: text or a pack of files.

    Each change is a new ``ResourceVersion``; the old ones are kept and compared.
    """

    class Category(models.TextChoices):
        BRAND_KIT = "brand_kit", _("Brand kit")
        LOGOS = "logos", _("Logos")
        TEMPLATES = "templates", _("Presentation and document templates")
        KEY_MESSAGES = "key_messages", _("Key messages")
        NARRATIVES = "narratives", _("Alternative-narrative guides")
        PRESS_KIT = "press_kit", _("Press kit")

    class Audience(models.TextChoices):
        NEW_MEMBERS = "new_members", _("New member cities")
        ALL_MEMBERS = "all_members", _("Every member city")
        COMMUNICATION = "communication", _("Communication officers")
        EVERYONE = "everyone", _("Everyone")

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        PACK = "pack", _("Pack of files")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    visibility = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=Course.Visibility.choices,
        default=Course.Visibility.MEMBERS,
    )
    current = models.ForeignKey(
        "ResourceVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The current texts are searched in learning_resource_fts_en/_fr (library.RESOURCE_DOCUMENTS).
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["category", "slug"]

    def __str__(self) -> str:
        return self.title()

    def get_absolute_url(self) -> str:
        return reverse("learning:resource-detail", kwargs={"slug": self.slug})

    def title(self, language: str | None = None) -> str:
        texts = self.current.texts if self.current else {}
        return str(pick(texts, language)[0].get("title") or self.slug)

    @property
    def is_public(self) -> bool:
        return self.visibility == Course.Visibility.PUBLIC


class ResourceVersion(models.Model):
    """One state of a resource: its texts per language and its files, and what changed."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(_("texts per language"), default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resource_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.resource.slug} v{self.number}"


def _resource_upload_to(instance: "ResourceFile", filename: str) -> str:
    return f"library/{uuid.uuid4().hex}/{filename}"


class ResourceFile(models.Model):
    """A file of a resource version, in one language or for every language ('')."""

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=8, blank=True)
    file = models.FileField(_("file"), upload_to=_resource_upload_to, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("resource file")
        verbose_name_plural = _("resource files")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ResourceDownload(models.Model):
    """Count the downloads of a resource's files per city (no city: visitors and others)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="downloads")
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.CASCADE, related_name="resource_downloads"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("downloads of a resource")
        verbose_name_plural = _("downloads of resources")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "city"], name="resource_downloads_once_per_city"
            ),
            models.UniqueConstraint(
                fields=["resource"],
                condition=Q(city__isnull=True),
                name="resource_downloads_once_without_city",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id}/{self.city_id}: {self.count}"


class CityKit(models.Model):
    """The key messages a city's people chose for their communication kit, per language."""

    city = models.OneToOneField(City, on_delete=models.CASCADE, related_name="communication_kit")
    messages = models.JSONField(_("key messages"), default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("communication kit")
        verbose_name_plural = _("communication kits")

    def __str__(self) -> str:
        return str(self.city)
