"""The inclusive integration policy lab: stakeholders, labs, uptakes of practices, strategies.

A practice's journey is the set of its uptakes: each uptake names who took the practice up
(another city, a regional, national or European body, or a national strategy), from whom
(the origin city, or an earlier uptake), when, and on what evidence. Only confirmed uptakes
are public.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from icc.network.models import City, NationalNetwork


class Level(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    EUROPEAN = "european", _("European")


LEVEL_ORDER = {Level.LOCAL: 0, Level.REGIONAL: 1, Level.NATIONAL: 2, Level.EUROPEAN: 3}


# What people write once, in their working language (decision 0069): pages mark it with ``lang``.
WRITTEN_IN = [("en", _("English")), ("fr", _("French"))]


def in_language(english: str, french: str, language: str | None = None) -> str:
    """Return the French text for a French reader when there is one, else the English."""
    language = (language or get_language() or "en")[:2]
    return french if language == "fr" and french else english


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def active(self) -> "StakeholderQuerySet":
        """Return the stakeholders not merged into another."""
        return self.filter(merged_into__isnull=True)


class Stakeholder(models.Model):
    """Record a government or body at one level that takes part in the lab or takes practices up."""

    class Kind(models.TextChoices):
        PUBLIC_AUTHORITY = "public_authority", _("Public authority")
        NGO = "ngo", _("NGO")
        ACADEMIA = "academia", _("Academia")
        BUSINESS = "business", _("Business")
        MIGRANT_ASSOCIATION = "migrant_association", _("Migrant association")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    country = CountryField(_("country"), blank=True, db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    cities = models.ManyToManyField(
        City, verbose_name=_("related cities"), blank=True, related_name="+"
    )
    national_networks = models.ManyToManyField(
        NationalNetwork, verbose_name=_("related national networks"), blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("policylab:stakeholder-detail", kwargs={"pk": self.pk})

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class ContactPerson(models.Model):
    """Record a person to contact at a stakeholder: personal data, never shown in public."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("stakeholder"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Lab(models.Model):
    """Record a policy lab: a theme, the stakeholders taking part, and its sessions."""

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    theme_en = models.TextField(_("theme (English)"), max_length=2000)
    theme_fr = models.TextField(_("theme (French)"), max_length=2000, blank=True)
    place = models.CharField(_("place"), max_length=150)
    stakeholders = models.ManyToManyField(
        Stakeholder, verbose_name=_("participating stakeholders"), blank=True, related_name="labs"
    )
    is_published = models.BooleanField(_("outcomes shown in public"), default=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy lab")
        verbose_name_plural = _("policy labs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policylab:lab-detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_fr)

    @property
    def theme(self) -> str:
        return in_language(self.theme_en, self.theme_fr)


class LabSession(models.Model):
    """Record one session of a lab: its date, agenda and documents."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    agenda_en = models.TextField(_("agenda (English)"), max_length=5000)
    agenda_fr = models.TextField(_("agenda (French)"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lab session")
        verbose_name_plural = _("lab sessions")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.lab} ({self.held_on.isoformat()})"

    def get_absolute_url(self) -> str:
        return self.lab.get_absolute_url()

    @property
    def agenda(self) -> str:
        return in_language(self.agenda_en, self.agenda_fr)


def document_path(instance: "SessionDocument", filename: str) -> str:
    return f"policylab/sessions/{instance.session_id}/{filename}"


class SessionDocument(models.Model):
    """Keep a document of a lab session (read by those who may read the lab)."""

    session = models.ForeignKey(LabSession, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """Record what a session produced: a recommendation, or a commitment followed up."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        COMMITMENT = "commitment", _("Commitment")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    session = models.ForeignKey(LabSession, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text_en = models.TextField(_("text (English)"), max_length=3000)
    text_fr = models.TextField(_("text (French)"), max_length=3000, blank=True)
    owner = models.ForeignKey(
        Stakeholder,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    follow_up = models.TextField(_("follow-up"), max_length=3000, blank=True)
    follow_up_language = models.CharField(
        _("follow-up written in"), max_length=8, choices=WRITTEN_IN, default="en"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set when the daily job told the owner's side that the due date passed: told once.
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lab outcome")
        verbose_name_plural = _("lab outcomes")
        ordering = ["session__held_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.session.lab.get_absolute_url()

    @property
    def text(self) -> str:
        return in_language(self.text_en, self.text_fr)

    @property
    def is_open(self) -> bool:
        return self.kind == self.Kind.COMMITMENT and self.status == self.Status.OPEN


class NationalStrategy(models.Model):
    """Record a country's intercultural integration strategy, mapped to the model framework."""

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    title_fr = models.CharField(_("title (French)"), max_length=250, blank=True)
    country = CountryField(_("country"), db_index=True)
    national_network = models.ForeignKey(
        NationalNetwork,
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("national strategy")
        verbose_name_plural = _("national strategies")
        ordering = ["country", "title"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("policylab:strategy-detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """Return the title in the reader's language (the French one when there is one)."""
        return in_language(self.title, self.title_fr)


class StrategyMapping(models.Model):
    """Record how far a strategy covers one element of the model framework."""

    class Coverage(models.TextChoices):
        COVERED = "covered", _("Covered")
        PARTLY = "partly", _("Partly covered")
        ABSENT = "absent", _("Not covered")

    strategy = models.ForeignKey(
        NationalStrategy, on_delete=models.CASCADE, related_name="mappings"
    )
    element = models.CharField(_("framework element"), max_length=40)
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("strategy mapping")
        verbose_name_plural = _("strategy mappings")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "element"], name="policylab_one_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.strategy} / {self.element}"


class UptakeQuerySet(models.QuerySet["Uptake"]):
    def confirmed(self) -> "UptakeQuerySet":
        """Return the uptakes confirmed by the other side or the secretariat (public)."""
        return self.filter(status=Uptake.Status.CONFIRMED)

    def live(self) -> "UptakeQuerySet":
        """Return the uptakes in the journey: waiting or confirmed (not declined nor withdrawn)."""
        return self.filter(status__in=(Uptake.Status.PROPOSED, Uptake.Status.CONFIRMED))


class Uptake(models.Model):
    """Record that a city, a body or a strategy took up a published good practice.

    ``source`` is the earlier uptake it came from; empty, it came from the origin city.
    Exactly one adopter is named: a city, a stakeholder, or a national strategy.
    """

    class Kind(models.TextChoices):
        ADOPTION = "adoption", _("Another city adopted it")
        POLICY = "policy", _("Taken into a policy")
        LAW = "law", _("Taken into a law")
        PROGRAMME = "programme", _("Taken into a programme")
        STRATEGY = "strategy", _("Taken into a national intercultural strategy")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("good practice"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("taken from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind of uptake"), max_length=12, choices=Kind.choices)
    adopter_city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopter_stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uptakes",
    )
    strategy = models.ForeignKey(
        NationalStrategy,
        verbose_name=_("national strategy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uptakes",
    )
    elements = models.JSONField(_("framework elements it serves"), default=list, blank=True)
    adopted_on = models.DateField(_("taken up on"), db_index=True)
    adaptation = models.TextField(_("what was adapted, and why"), max_length=3000, blank=True)
    adaptation_language = models.CharField(
        _("written in"), max_length=8, choices=WRITTEN_IN, default="en"
    )
    evidence_url = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence (document)"), upload_to="policylab/evidence/", max_length=255, blank=True
    )
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    recorded_for_city = models.ForeignKey(
        City,
        verbose_name=_("recorded for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who recorded it: the origin city's side, the adopter's side or the secretariat. The
    # other side (or the secretariat) confirms.
    recorded_side = models.CharField(max_length=12, default="secretariat", editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    # Which side confirmed it: the origin city, the adopter's side or the secretariat.
    confirmed_side = models.CharField(max_length=12, blank=True, editable=False)
    # Withdrawn by the side that recorded it (or the secretariat): kept, out of the journey.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), max_length=2000, blank=True)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = UptakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("uptake")
        verbose_name_plural = _("uptakes")
        ordering = ["adopted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        adopter_city__isnull=False,
                        adopter_stakeholder__isnull=True,
                        strategy__isnull=True,
                    )
                    | models.Q(
                        adopter_city__isnull=True,
                        adopter_stakeholder__isnull=False,
                        strategy__isnull=True,
                    )
                    | models.Q(
                        adopter_city__isnull=True,
                        adopter_stakeholder__isnull=True,
                        strategy__isnull=False,
                    )
                ),
                name="policylab_uptake_one_adopter",
            )
        ]

    def __str__(self) -> str:
        return str(self.adopter_label)

    def get_absolute_url(self) -> str:
        return reverse("policylab:uptake-detail", kwargs={"pk": self.pk})

    @property
    def adopter_label(self) -> str:
        """Return who took the practice up, in words."""
        if self.adopter_city_id:
            return str(self.adopter_city)
        if self.adopter_stakeholder_id:
            return str(self.adopter_stakeholder)
        return str(self.strategy)

    @property
    def adopter_key(self) -> str:
        """Return a key naming the adopter as a node of the journey graph."""
        if self.adopter_city_id:
            return f"city:{self.adopter_city_id}"
        if self.adopter_stakeholder_id:
            return f"body:{self.adopter_stakeholder_id}"
        return f"strategy:{self.strategy_id}"

    @property
    def level(self) -> str:
        """Return the level the practice reached with this uptake."""
        if self.adopter_city_id:
            return Level.LOCAL
        if self.adopter_stakeholder_id:
            return self.adopter_stakeholder.level  # type: ignore[union-attr]
        return Level.NATIONAL

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
