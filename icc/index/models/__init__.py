"""Editions, rounds, a city's answers with evidence and review, and the scores computed from them.

The method itself lives in the edition's JSON (``Edition.definition``); these
records only say who answered what, when, and what the engine made of it.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.index.method import loader, parts

# Peer-group thresholds of the network's reports; a round may set others (Round.peer_bands).
DEFAULT_PEER_BANDS: dict[str, list[float]] = {
    "population": [200_000],
    "foreign_born_share": [15],
}


# Checked methodologies by (edition pk, checksum): parsing and scoring plans are built once.
_METHODS: dict[tuple[int, str], parts.Method] = {}


class Edition(models.Model):
    """Keep one version of an Index edition, loaded from a checked file, as JSON with metadata.

    ``code`` names the edition as its file does ("v1", "2019"); loading a corrected
    file of the same edition adds a new ``version``; rounds keep the version they opened.
    """

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(_("checksum"), max_length=64, editable=False)
    source_name = models.CharField(_("file name"), max_length=200, blank=True)
    earlier = models.ForeignKey(
        "self",
        verbose_name=_("earlier edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later",
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Index edition")
        verbose_name_plural = _("Index editions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_edition_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} (v{self.version})"

    def title(self, language: str | None = None) -> str:
        """Return the edition's title in ``language``, the reader's (active) by default."""
        language = language or get_language() or settings.LANGUAGE_CODE
        return self.title_fr if language.startswith("fr") else self.title_en

    @property
    def method(self) -> parts.Method:
        """Return the checked methodology, built once per process and version."""
        key = (self.pk, self.checksum)
        method = _METHODS.get(key)
        if method is None:
            earlier = self.earlier.method if self.earlier is not None else None
            method = loader.edition_from_data(
                self.definition, file=self.source_name or self.code, earlier=earlier
            )
            _METHODS[key] = method
        return method


class Round(models.Model):
    """Open an edition to the cities between two dates: one Index round."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="rounds"
    )
    label = models.CharField(_("label"), max_length=80, unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    peer_bands = models.JSONField(
        _("peer-group thresholds"),
        default=dict,
        blank=True,
        help_text=_(
            "Thresholds that split cities into peer groups, for example "
            '{"population": [200000], "foreign_born_share": [15]}.'
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Index round")
        verbose_name_plural = _("Index rounds")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("index:round-detail", kwargs={"pk": self.pk})

    def is_open_on(self, day: date | None = None) -> bool:
        """Tell whether cities may answer on ``day`` (today by default)."""
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    @property
    def bands(self) -> dict[str, list[float]]:
        """Return the peer-group thresholds of this round, the network's by default."""
        return {**DEFAULT_PEER_BANDS, **(self.peer_bands or {})}


class ResponseQuerySet(models.QuerySet["Response"]):
    def published(self) -> "ResponseQuerySet":
        """Return the responses whose results are public."""
        return self.filter(status=Response.Status.PUBLISHED)


class Response(models.Model):
    """Hold one city's answers for one round, and where they stand in review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        RIGHT_OF_REPLY = "right_of_reply", _("Right of reply")
        VALIDATED = "validated", _("Validated")
        PUBLISHED = "published", _("Published")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="responses"
    )
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="index_responses",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    has_public_consent = models.BooleanField(_("consent to public results"), default=False)
    consent_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    scores_computed_at = models.DateTimeField(_("scores computed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Who published the results while the city's people are still to be told of it: the
    # task ``services.results.tell_of_publication`` tells them, then clears it. Not indexed,
    # so the publication of a whole round stays a light update.
    untold_publication_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by, city not yet told"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Index response")
        verbose_name_plural = _("Index responses")
        ordering = ["round", "city__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "city"], name="one_response_per_city_round"),
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("index:response-detail", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        """Tell whether the answers are frozen: once validated (or published), nothing changes.

        The one place this is said; ``permissions.can_answer`` and every service that
        writes answers or their files ask it.
        """
        return self.status in (self.Status.VALIDATED, self.Status.PUBLISHED)


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class Answer(models.Model):
    """Keep a city's answer to one question, its evidence, and a version for safe saving.

    ``value`` holds the engine's form as JSON: an option id, a sorted list of option
    ids, a number written as a decimal string, or a text. ``version`` grows by one at
    each save, so a save made on a stale copy is refused instead of overwriting.
    """

    class ReviewStatus(models.TextChoices):
        PENDING = "pending", _("Not reviewed")
        ACCEPTED = "accepted", _("Accepted")
        QUERIED = "queried", _("Queried")
        REPLIED = "replied", _("Replied")

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(_("question"), max_length=120)
    value = models.JSONField(_("answer"), null=True, blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_links = models.JSONField(_("links"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    review_status = models.CharField(
        _("review"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.question_id}"

    @property
    def is_answered(self) -> bool:
        """Tell whether the answer holds a value (evidence alone is not an answer)."""
        return self.value not in (None, "", [])

    def snapshot(self) -> dict[str, Any]:
        """Return what a person sees of this answer: value, evidence and version."""
        return {
            "value": _jsonable(self.value),
            "evidence_text": self.evidence_text,
            "evidence_links": list(self.evidence_links),
            "version": self.version,
            "updated_by": str(self.updated_by) if self.updated_by_id else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    return f"index/evidence/{instance.answer.response_id}/{filename}"


class EvidenceFile(models.Model):
    """Attach a document to an answer as evidence; its type and size are checked on upload."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class AnswerChange(models.Model):
    """Record one change to an answer: who, when, the old and the new value and evidence.

    Saves made by one person within a short burst of typing are kept as one change
    (the old value from before the burst, the new one after it).
    """

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    old = models.JSONField(_("before"), default=dict)
    new = models.JSONField(_("after"), default=dict)
    source = models.CharField(_("source"), max_length=20, default="form")
    version = models.PositiveIntegerField(_("version after the change"))

    class Meta:
        verbose_name = _("answer change")
        verbose_name_plural = _("answer changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.answer} v{self.version}"


class AnswerReview(models.Model):
    """Accept an answer, or query it with a comment to which the city may reply."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        QUERY = "query", _("Query")

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    reply = models.TextField(_("the city's reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer review")
        verbose_name_plural = _("answer reviews")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="query") | Q(reply=""),
                name="only_a_query_gets_a_reply",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.answer}"

    @property
    def is_open_query(self) -> bool:
        """Tell whether this is a query the city has not yet replied to."""
        return self.decision == self.Decision.QUERY and self.replied_at is None


class Score(models.Model):
    """Store one computed score of a response: a question, a dimension, an area, a composite
    or overall."""

    class Level(models.TextChoices):
        QUESTION = "question", _("Question")
        DIMENSION = "dimension", _("Dimension")
        AREA = "area", _("Area")
        COMPOSITE = "composite", _("Composite area")
        OVERALL = "overall", _("Overall")

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="scores"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=120)
    status = models.CharField(_("status"), max_length=24)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    raw = models.DecimalField(_("points"), max_digits=14, decimal_places=4, default=0)
    raw_max = models.DecimalField(_("maximum points"), max_digits=14, decimal_places=4, default=0)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["response", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "level", "code"], name="one_score_per_level_code"
            ),
        ]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.response} {self.level}:{self.code} = {self.score}"


def report_archive_path(instance: "ReportBatch", filename: str) -> str:
    return f"index/reports/{instance.round_id}/{filename}"


class ReportBatch(models.Model):
    """Build the PDF report of every city of a round in the background, counting progress."""

    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="report_batches",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    total = models.PositiveIntegerField(_("reports to build"), default=0)
    done = models.PositiveIntegerField(_("reports built"), default=0)
    archive = models.FileField(
        _("archive"), upload_to=report_archive_path, max_length=255, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch of city reports")
        verbose_name_plural = _("batches of city reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.round} ({self.language})"

    @property
    def is_running(self) -> bool:
        """Tell whether the batch is still building (not finished, not stopped by an error)."""
        return self.finished_at is None and not self.error

    @property
    def has_stopped(self) -> bool:
        """Tell whether the last run failed or was abandoned; a retry may take it up again."""
        return self.finished_at is None and bool(self.error)


# The records computed from the published answers, in a module of their own.
from icc.index.models.results import ReportFile, Result, RoundSummary  # noqa: E402

__all__ = [
    "DEFAULT_PEER_BANDS",
    "Answer",
    "AnswerChange",
    "AnswerReview",
    "Edition",
    "EvidenceFile",
    "ReportBatch",
    "ReportFile",
    "Response",
    "ResponseQuerySet",
    "Result",
    "Round",
    "RoundSummary",
    "Score",
]
