"""Good practices of the network: the record, its texts per language, its files."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from icc.core.translations import pick_text
from icc.network.models import City, NationalNetwork

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Challenge(models.Model):
    """A "hot" challenge of the taxonomy the secretariat keeps, such as housing."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    # Names are short fixed texts, one per language: {"en": …, "fr": …} (decision 0004).
    names = models.JSONField(_("names"), default=dict)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """Return the name in ``language`` (the active one by default), else in any."""
        language = (language or get_language() or "en")[:2]
        return self.names.get(language) or next(iter(self.names.values()), self.slug)


class TargetGroup(models.TextChoices):
    """The people a practice is for."""

    GENERAL_PUBLIC = "general_public", _("All residents")
    MIGRANTS = "migrants", _("Migrants")
    REFUGEES = "refugees", _("Refugees and asylum seekers")
    MINORITIES = "minorities", _("National minorities and Roma")
    YOUTH = "youth", _("Children and young people")
    WOMEN = "women", _("Women")
    ELDERLY = "elderly", _("Older people")
    LGBTI = "lgbti", _("LGBTI people")
    STAFF = "staff", _("Public employees")
    BUSINESSES = "businesses", _("Businesses and employers")


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published(self) -> "PracticeQuerySet":
        """Return the practices every visitor may read."""
        return self.filter(status=Practice.Status.PUBLISHED)

    def with_texts(self) -> "PracticeQuerySet":
        """Return practices with their owner, translations and challenges, in few queries."""
        return self.select_related("city", "national_network").prefetch_related(
            "translations", "challenges", "area_links"
        )


class Practice(models.Model):
    """Record one good practice: who owns it, what it serves, and where it stands."""

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, default=Level.LOCAL, db_index=True
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
    )
    national_network = models.ForeignKey(
        NationalNetwork,
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
    )
    owner_name = models.CharField(
        _("region or national body"),
        max_length=150,
        blank=True,
        help_text=_("For a regional practice or one of a national body."),
    )
    country = CountryField(_("country"), db_index=True)
    original_language = models.CharField(
        _("written in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges"), blank=True, related_name="practices"
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    started_year = models.PositiveSmallIntegerField(
        _("started in"),
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    ended_year = models.PositiveSmallIntegerField(
        _("ended in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text=_("Leave empty while it runs."),
    )
    contacts = models.JSONField(_("contacts"), default=list, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    rejection_reason = models.TextField(_("reason for sending back"), blank=True)
    # Grows by one at each save of the record, its texts or its pending changes: a save
    # started from another version is refused with both versions (core.versions).
    version = models.PositiveIntegerField(_("version"), default=0)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="local") | models.Q(city__isnull=False),
                name="practice_local_has_a_city",
            ),
        ]
        # Lists and searches without words read the published practices newest first,
        # ties broken by id: without it PostgreSQL sorts every practice for each page.
        indexes = [models.Index(fields=["-published_at", "-id"], name="practice_newest_first")]

    def __str__(self) -> str:
        text = self.text()
        return text.title if text else self.slug

    def get_absolute_url(self) -> str:
        return reverse("practices:practice-detail", kwargs={"slug": self.slug})

    @property
    def owner_label(self) -> str:
        """Return who carries the practice, in words: the city, network or body."""
        if self.city_id:
            return str(self.city)
        if self.national_network_id:
            return str(self.national_network)
        return self.owner_name

    @property
    def year(self) -> int:
        return self.started_year

    @property
    def area_codes(self) -> list[str]:
        return sorted(link.area for link in self.area_links.all())

    def text(self, language: str | None = None) -> "PracticeTranslation | None":
        """Return the text in ``language`` (active by default), else the original, else any."""
        return pick_text(self.translations.all(), language, self.original_language)

    @property
    def languages(self) -> list[str]:
        return sorted(text.language for text in self.translations.all())

    def pending_revision(self) -> "PracticeRevision | None":
        """Return the changes waiting for a moderator, if any."""
        return self.revisions.filter(status=PracticeRevision.Status.PENDING).first()


class PracticeRevision(models.Model):
    """Changes to a published practice, waiting for a moderator while the published text stays.

    ``content`` holds the whole proposed practice as ``services.content.practice_content`` writes
    it (record, texts per language, areas, challenges). A practice has at most one
    pending revision; its authors keep editing it until a moderator decides.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="revisions"
    )
    content = models.JSONField(_("proposed practice"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for sending back"), blank=True)

    class Meta:
        verbose_name = _("changes to a published practice")
        verbose_name_plural = _("changes to published practices")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                condition=models.Q(status="pending"),
                name="practice_one_pending_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice} ({self.get_status_display()})"


class PracticeArea(models.Model):
    """Link a practice to one Index area it serves, by the area's code in the editions."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="area_links")
    area = models.CharField(_("Index area"), max_length=40, db_index=True)

    class Meta:
        verbose_name = _("Index area of a practice")
        verbose_name_plural = _("Index areas of practices")
        constraints = [
            models.UniqueConstraint(fields=["practice", "area"], name="practice_area_once"),
        ]

    def __str__(self) -> str:
        return self.area


class PracticeTranslation(models.Model):
    """The texts of a practice in one language; Markdown in the long fields."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    problem = models.TextField(_("the problem"), blank=True)
    actions = models.TextField(_("what was done"), blank=True)
    results = models.TextField(
        _("results"), blank=True, help_text=_("With figures where you have them.")
    )
    resources = models.TextField(_("resources and cost"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    TEXT_FIELDS = ("title", "summary", "problem", "actions", "results", "resources")

    class Meta:
        verbose_name = _("text of a practice")
        verbose_name_plural = _("texts of practices")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "language"], name="practice_translation_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: "PracticeAttachment", filename: str) -> str:
    return f"practices/{instance.practice_id}/{filename}"


class PracticeAttachment(models.Model):
    """A file joined to a practice: a document, or an image with its thumbnail."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=attachment_path, blank=True, max_length=255
    )
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Question(models.Model):
    """A question a city asks the network, tagged with a challenge or an Index area.

    A question and its answers are a conversation: each is stored in the one
    language it was written in, recorded on the row.
    """

    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked by"),
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    area = models.CharField(_("Index area"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details"), blank=True, help_text=_("Markdown."))
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("question to the network")
        verbose_name_plural = _("questions to the network")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(area="") | models.Q(challenge__isnull=False),
                name="question_has_a_challenge_or_an_area",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:question-detail", kwargs={"pk": self.pk})


class Answer(models.Model):
    """An answer from a city of the network; the asker marks those that helped."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(_("answer"), help_text=_("Markdown."))
    is_helpful = models.BooleanField(_("helped the asker"), default=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ChallengeFollow(models.Model):
    """A person who receives the daily digest of new questions on a challenge."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follower of a challenge")
        verbose_name_plural = _("followers of challenges")
        constraints = [
            models.UniqueConstraint(fields=["user", "challenge"], name="challenge_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.challenge}"


class Story(models.Model):
    """A city's story of what worked, or a piece of network news from the secretariat."""

    class Kind(models.TextChoices):
        STORY = "story", _("City story")
        NEWS = "news", _("Network news")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, db_index=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    original_language = models.CharField(
        _("written in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="news") | models.Q(city__isnull=False),
                name="story_of_a_city",
            ),
        ]

    def __str__(self) -> str:
        text = self.text()
        return text.title if text else self.slug

    def get_absolute_url(self) -> str:
        return reverse("practices:story-detail", kwargs={"slug": self.slug})

    def text(self, language: str | None = None) -> "StoryTranslation | None":
        """Return the text in ``language`` (active by default), else the original, else any."""
        return pick_text(self.translations.all(), language, self.original_language)


class StoryTranslation(models.Model):
    """The title and text of a story in one language (Markdown)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        verbose_name = _("text of a story")
        verbose_name_plural = _("texts of stories")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "language"], name="story_translation_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return self.title
