"""Anti-rumours: each city's five-step strategy, the network's rumour catalogue, surveys.

A city's strategy follows the method's five steps (diagnosis, data and counter-arguments,
the network of local organisations, agents, campaigns) and may be organised by the
city's own districts. The catalogue is the network's: a rumour as people say it, its
theme, and counter-arguments, factual (with their source) or narrative, in English and
French. A city adapts a catalogue rumour in its own words instead of copying it.
Perception surveys are answered anonymously: an answer holds no personal data.
"""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.network.models import City


def in_language(record: models.Model, field: str, language: str | None = None) -> str:
    """Return ``field`` of ``record`` in ``language`` (active by default), else the other one."""
    language = (language or get_language() or "en")[:2]
    other = "fr" if language == "en" else "en"
    return getattr(record, f"{field}_{language}", "") or getattr(record, f"{field}_{other}", "")


# The catalogue ------------------------------------------------------------------------------


CLASSIC_THEMES = (
    ("services", "Social and health services", "Services sociaux et de santé"),
    ("commerce-taxes", "Commerce and taxes", "Commerce et impôts"),
    ("coexistence", "Coexistence", "Vivre ensemble"),
    ("labour", "Labour market", "Marché du travail"),
)


class Theme(models.Model):
    """A theme of rumours; the four classic ones are created by the migrations."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return in_language(self, "name")

    @classmethod
    def classic(cls, slug: str) -> "Theme":
        """Return a classic theme, creating it if a flushed database lost it."""
        name_en, name_fr = next((en, fr) for s, en, fr in CLASSIC_THEMES if s == slug)
        return cls.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_fr": name_fr}
        )[0]


class Rumour(models.Model):
    """A rumour as people say it, in the network's catalogue."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Proposed, waiting for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not taken into the catalogue")

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="rumours")
    statement_en = models.CharField(_("statement in English"), max_length=300, blank=True)
    statement_fr = models.CharField(_("statement in French"), max_length=300, blank=True)
    # Other languages, optional: {"es": "…"}.
    other_statements = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    proposed_by_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("note of the review"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rumour")
        verbose_name_plural = _("rumours")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return in_language(self, "statement")

    def get_absolute_url(self) -> str:
        return reverse("antirumours:rumour", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CounterArgument(models.Model):
    """An answer to a rumour: a sourced fact, or a short story or reframing."""

    class Kind(models.TextChoices):
        FACTUAL = "factual", _("Factual")
        NARRATIVE = "narrative", _("Narrative or emotional")

    rumour = models.ForeignKey(Rumour, on_delete=models.CASCADE, related_name="counters")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_en = models.TextField(_("text in English"))
    text_fr = models.TextField(_("text in French"))
    figure = models.CharField(_("figure"), max_length=120, blank=True)
    source_title = models.CharField(_("title of the source"), max_length=300, blank=True)
    source_publisher = models.CharField(_("publisher of the source"), max_length=200, blank=True)
    source_date = models.DateField(_("date of the source"), null=True, blank=True)
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    scope = models.CharField(_("scope it holds for"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counter-argument")
        verbose_name_plural = _("counter-arguments")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return in_language(self, "text")[:80]


# A city's strategy --------------------------------------------------------------------------


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


STEPS = ("diagnosis", "counters", "organisations", "agents", "campaigns")


class Strategy(models.Model):
    """A city's anti-rumours strategy: where the method came from and its five steps."""

    class Origin(models.TextChoices):
        ORIGINATED = "originated", _("The city originated the method")
        ADOPTED = "adopted", _("The city adopted the method")

    city = models.OneToOneField(City, on_delete=models.CASCADE, related_name="antirumours")
    origin = models.CharField(
        _("origin of the method"), max_length=12, choices=Origin.choices, default="adopted"
    )
    adopted_from = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("adopted from"),
    )
    summary = models.TextField(_("summary"), blank=True)
    diagnosis_status = models.CharField(
        _("1. Diagnosis"), max_length=12, choices=StepStatus.choices, default="not_started"
    )
    counters_status = models.CharField(
        _("2. Data and counter-arguments"),
        max_length=12,
        choices=StepStatus.choices,
        default="not_started",
    )
    organisations_status = models.CharField(
        _("3. Network of local organisations"),
        max_length=12,
        choices=StepStatus.choices,
        default="not_started",
    )
    agents_status = models.CharField(
        _("4. Anti-rumour agents"),
        max_length=12,
        choices=StepStatus.choices,
        default="not_started",
    )
    campaigns_status = models.CharField(
        _("5. Campaigns and their evaluation"),
        max_length=12,
        choices=StepStatus.choices,
        default="not_started",
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anti-rumours strategy")
        verbose_name_plural = _("anti-rumours strategies")
        ordering = ["city__name"]

    def __str__(self) -> str:
        return str(self.city)

    def get_absolute_url(self) -> str:
        return reverse("antirumours:strategy", args=[self.city.slug])

    def steps(self) -> list[tuple[str, str, str]]:
        """Return ``(step, label, status label)`` for the five steps, in order."""
        return [
            (
                step,
                str(getattr(self._meta.get_field(f"{step}_status"), "verbose_name", step)),
                str(StepStatus(getattr(self, f"{step}_status")).label),
            )
            for step in STEPS
        ]


class District(models.Model):
    """One of the districts a city runs its strategy in (the city's own list)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="antirumours_district_once")
        ]

    def __str__(self) -> str:
        return self.name


class CityRumour(models.Model):
    """Step 1: a rumour heard in the city, in its local wording, often from the catalogue."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="rumours")
    rumour = models.ForeignKey(
        Rumour,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adaptations",
        verbose_name=_("catalogue rumour"),
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("district")
    )
    local_wording = models.CharField(_("as people say it here"), max_length=300)
    where_heard = models.CharField(_("where it is heard"), max_length=200, blank=True)
    among_whom = models.CharField(_("among whom"), max_length=200, blank=True)
    counters = models.ManyToManyField(
        CounterArgument, blank=True, related_name="adaptations", verbose_name=_("counter-arguments")
    )
    is_public = models.BooleanField(_("on the city's public rumour-and-facts page"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rumour heard in the city")
        verbose_name_plural = _("rumours heard in the city")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.local_wording


class Organisation(models.Model):
    """Step 3: a local organisation of the city's anti-rumours network."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="organisations")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=120)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    commitment = models.TextField(_("commitment"), blank=True)
    joined_on = models.DateField(_("date joined"))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingModule(models.Model):
    """Step 4: a module of the city's own training course for agents."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Agent(models.Model):
    """Step 4: a person trained as an anti-rumour agent (personal data: city and secretariat)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="agents")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("district")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("organisation"),
    )
    is_erased = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class TrainingSession(models.Model):
    """Step 4: a training session, on a date, and who attended it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        TrainingModule, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        Agent, blank=True, related_name="sessions", verbose_name=_("who attended")
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.module} ({self.held_on})"


class Campaign(models.Model):
    """Step 5: a campaign or activity, its plan, reach, partners and evaluation."""

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaign (several actions around a message)")
        ACTIVITY = "activity", _("Activity (a workshop, a talk, a street action…)")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="campaigns")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CAMPAIGN)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("district")
    )
    title = models.CharField(_("title"), max_length=200)
    plan = models.TextField(_("plan"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    places = models.CharField(_("places"), max_length=300, blank=True)
    audience_reached = models.PositiveIntegerField(_("audience reached"), default=0)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="campaigns", verbose_name=_("partners")
    )
    # The agents who ran it: an agent's activities are the campaigns they ran.
    agents = models.ManyToManyField(
        Agent, blank=True, related_name="campaigns", verbose_name=_("agents who ran it")
    )
    counters = models.ManyToManyField(
        CounterArgument,
        blank=True,
        related_name="campaigns",
        verbose_name=_("counter-arguments used"),
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="antirumours_campaign_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("antirumours:campaign", args=[self.pk])


def material_path(instance: "Material", filename: str) -> str:
    return f"antirumours/materials/{instance.campaign_id}/{filename}"


class Material(models.Model):
    """A file of a campaign: a leaflet, a poster, a presentation."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path, max_length=255)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


# Perception surveys -------------------------------------------------------------------------


class Survey(models.Model):
    """A perception survey instrument of a city: Likert and yes/no items."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="surveys")
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("district"),
        help_text=_("Leave empty for a survey of the whole city."),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction for respondents"), blank=True)

    class Meta:
        verbose_name = _("perception survey")
        verbose_name_plural = _("perception surveys")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("antirumours:survey", args=[self.pk])


class Item(models.Model):
    """One question of a survey: agreement on a 1–5 scale, or yes/no."""

    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement from 1 to 5")
        YES_NO = "yes_no", _("Yes or no")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text_en = models.CharField(_("text in English"), max_length=300)
    text_fr = models.CharField(_("text in French"), max_length=300)
    rumour = models.ForeignKey(
        Rumour,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_items",
        verbose_name=_("catalogue rumour measured"),
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="antirumours_item_code_once")
        ]

    def __str__(self) -> str:
        return in_language(self, "text")


class Wave(models.Model):
    """One wave of a survey (before, after) and its design: quotas by stratum, age and gender."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    label = models.CharField(_("label"), max_length=120)
    fielded_on = models.DateField(_("in the field from"))
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waves",
        verbose_name=_("campaign measured"),
    )

    class Meta:
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        ordering = ["fielded_on", "pk"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("antirumours:wave", args=[self.pk])


AGE_GROUPS = ("16-29", "30-44", "45-64", "65+")
GENDERS = (("woman", _("Woman")), ("man", _("Man")), ("other", _("Other or not said")))


class Quota(models.Model):
    """The number of answers the design asks for in one cell: stratum × age group × gender."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="quotas")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE)
    age_group = models.CharField(max_length=8)
    gender = models.CharField(max_length=8)
    target = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.district or '-'} {self.age_group} {self.gender}: {self.target}"


class Token(models.Model):
    """A link to answer a wave once, without an account."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tokens")
    key = models.CharField(max_length=40, unique=True, default="")
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.key:
            self.key = secrets.token_urlsafe(16)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("antirumours:answer", args=[self.key])


class Answer(models.Model):
    """One anonymous answer to a wave: the respondent's cell and a value per item code."""

    class Source(models.TextChoices):
        LINK = "link", _("Public link")
        PAPER = "paper", _("Paper form")
        IMPORT = "import", _("CSV import")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="answers")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL)
    age_group = models.CharField(max_length=8)
    gender = models.CharField(max_length=8)
    values = models.JSONField(default=dict)
    source = models.CharField(max_length=8, choices=Source.choices)
    token = models.OneToOneField(
        Token, null=True, blank=True, on_delete=models.SET_NULL, related_name="answer"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.pk}"


class Tally(models.Model):
    """How many answers of a wave, in one cell, gave one item one level (decision 0066).

    Answers take few values (1 to 5, yes or no), so a wave's results are computed from
    these counts instead of reading every answer: a row per item code, cell (district,
    age group, gender) and level, kept by the services that save answers, in the same
    transaction. The row with an empty ``item_code`` (level 0) counts the cell's answers.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tallies")
    item_code = models.CharField(max_length=30, blank=True)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE)
    age_group = models.CharField(max_length=8)
    gender = models.CharField(max_length=8)
    level = models.SmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.item_code or '*'} {self.level}: {self.count}"
