"""Cities and national networks: the hub every module hangs from."""

import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def fold(text: str) -> str:
    """Return ``text`` lower-cased without accents, for matching names typed any way."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def city_search_name(name: str, names: dict[str, str] | None) -> str:
    """Return every name of a city folded, one a line, so a search matches any of them."""
    folded = dict.fromkeys(fold(each) for each in [name, *(names or {}).values()] if each)
    return "\n".join(folded)


class NationalNetwork(models.Model):
    """Group the member cities of one country (or region) under a coordinator."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    country = CountryField(_("country"))
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("national network")
        verbose_name_plural = _("national networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:national-network-detail", kwargs={"slug": self.slug})


class CityQuerySet(models.QuerySet["City"]):
    def in_population_band(self, band: "PopulationBand") -> "CityQuerySet":
        """Return the cities whose population falls in ``band``."""
        low, high = band.bounds
        queryset = self.filter(population__gte=low)
        return queryset.filter(population__lt=high) if high is not None else queryset

    def visible_to_public(self) -> "CityQuerySet":
        """Return the cities a visitor may see: all but those that left the network."""
        return self.exclude(status=City.Status.LEFT)

    def for_directory(self) -> "CityQuerySet":
        """Return cities with what a directory row shows, in one query."""
        return self.select_related("national_network")

    def in_reader_order(self) -> "CityQuerySet":
        """Return the cities ordered by their names in the active language (La Valette at L)."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.order_by(Coalesce(KT(f"names__{language}"), "name"), "pk")


class PopulationBand(models.TextChoices):
    """Size bands of the directory; 200,000 is the Index's peer-group threshold."""

    UNDER_100K = "lt100k", _("Under 100,000")
    FROM_100K_TO_200K = "100k-200k", _("100,000 to 200,000")
    FROM_200K_TO_500K = "200k-500k", _("200,000 to 500,000")
    FROM_500K = "gte500k", _("500,000 and over")

    @property
    def bounds(self) -> tuple[int, int | None]:
        return {
            "lt100k": (0, 100_000),
            "100k-200k": (100_000, 200_000),
            "200k-500k": (200_000, 500_000),
            "gte500k": (500_000, None),
        }[self.value]


class City(models.Model):
    """Record a city of the network, member or not yet, with its public profile."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left the network")

    name = models.CharField(_("name"), max_length=120)
    # Names in the other languages of the platform, only where they differ: {"fr": "Genève"}
    # (docs/decisions/0019-city-names-per-language.md).
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    # Every name without accents or case, one a line, so "neuchatel" finds Neuchâtel and
    # "geneve" finds Geneva on every database.
    search_name = models.CharField(max_length=400, editable=False, db_index=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("year of the population figure"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    foreign_born_share = models.DecimalField(
        _("foreign-born residents (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    foreign_born_year = models.PositiveSmallIntegerField(
        _("year of the foreign-born figure"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Languages the city works in, as ISO 639-1 codes."),
    )
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLICANT,
        db_index=True,
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    national_network = models.ForeignKey(
        NationalNetwork,
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cities",
    )
    has_demo_figures = models.BooleanField(
        _("figures invented for the demo"),
        default=False,
        help_text=_("Shown as demo data on the public profile."),
    )
    # The keys of the join steps, in the order the network used when the city started its
    # way in; later changes to the order leave it alone (JoinStepDefinition).
    join_sequence = models.JSONField(_("join steps in order"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(foreign_born_share__gte=0, foreign_born_share__lte=100)
                | models.Q(foreign_born_share__isnull=True),
                name="city_foreign_born_share_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name_in(get_language())

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = city_search_name(self.name, self.names)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("network:city-detail", kwargs={"slug": self.slug})

    def name_in(self, language: str | None) -> str:
        """Return the city's name in ``language``, or its usual name if it has none there."""
        if language:
            names = self.names or {}
            return names.get(language) or names.get(language.split("-")[0]) or self.name
        return self.name

    @property
    def all_names(self) -> dict[str, str]:
        """Return the city's name in every language of the platform, by language code."""
        return {code: self.name_in(code) for code, _label in settings.LANGUAGES}

    @property
    def is_visible_to_public(self) -> bool:
        return self.status != self.Status.LEFT

    def join_definitions(self) -> list["JoinStepDefinition"]:
        """Return the definitions of the city's join steps, in the order it started with."""
        keys = self.join_sequence or list(
            JoinStepDefinition.objects.current_sequence().values_list("key", flat=True)
        )
        by_key = {d.key: d for d in JoinStepDefinition.objects.filter(key__in=keys)}
        return [by_key[key] for key in keys if key in by_key]

    @property
    def may_act_for_network(self) -> bool:
        """Return whether the city may act for the network: neither suspended nor left."""
        return self.status in (self.Status.APPLICANT, self.Status.MEMBER)


# Which status may follow which; the membership decision is the only way to become a member
# from applicant, and it needs every join step before it done.
STATUS_TRANSITIONS: dict[str, list[str]] = {
    City.Status.APPLICANT: [City.Status.MEMBER, City.Status.LEFT],
    City.Status.MEMBER: [City.Status.SUSPENDED, City.Status.LEFT],
    City.Status.SUSPENDED: [City.Status.MEMBER, City.Status.LEFT],
    City.Status.LEFT: [City.Status.APPLICANT],
}


# Reasons the platform itself gives, stored in English and translated when shown, so each
# reader sees them in their language.
FIRST_STATUS_REASON = gettext_noop("Recorded when the city was added.")
HISTORY_STATUS_REASON = gettext_noop("Status before the platform kept the history of changes.")
PLATFORM_STATUS_REASONS = frozenset({FIRST_STATUS_REASON, HISTORY_STATUS_REASON})


class CityStatusChange(models.Model):
    """Record one change of a city's membership status, with its reason and date."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("previous status"), max_length=16, choices=City.Status.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=16, choices=City.Status.choices)
    reason = models.TextField(_("reason"))
    changed_on = models.DateField(_("date of the change"))
    changed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.city}: {self.from_status} → {self.to_status} ({self.changed_on})"

    @property
    def reason_text(self) -> str:
        """Return the reason to show: the platform's own reason in the reader's language."""
        return gettext(self.reason) if self.reason in PLATFORM_STATUS_REASONS else self.reason


def join_document_path(instance: models.Model, filename: str) -> str:
    """Return where a join document is stored: one folder per city."""
    city_id = getattr(instance, "city_id", None)
    return f"membership/{city_id}/{filename}"


class JoinStepDefinitionQuerySet(models.QuerySet["JoinStepDefinition"]):
    def current_sequence(self) -> "JoinStepDefinitionQuerySet":
        """Return the steps a city starting now goes through, in order."""
        return self.filter(is_in_use=True).order_by("position", "pk")


class JoinStepDefinition(models.Model):
    """Define one step of the way into the network: its names, its place, what completes it.

    The secretariat changes the steps and their order; each city keeps the order it
    started with (``City.join_sequence``). The steps before the membership decision in a
    city's order must be done before it becomes a member.
    """

    class Completion(models.TextChoices):
        DATE = "date", _("A date")
        DOCUMENT = "document", _("A date and a signed document")
        INDEX_ROUND = "index_round", _("A date and the Index round answered")
        FINANCIAL_AGREEMENT = "financial_agreement", _("A financial agreement on record")
        EXPERT_VISIT = "expert_visit", _("An expert visit with its Intercultural Profile report")
        MEMBERSHIP_DECISION = "membership_decision", _("Making the city a member")

    key = models.SlugField(_("key"), max_length=32, unique=True, editable=False)
    # Short fixed texts, one per language: {"en": …, "fr": …} (decision 0004).
    names = models.JSONField(_("names"), default=dict)
    position = models.PositiveSmallIntegerField(_("place in the order"), default=0)
    completion = models.CharField(
        _("what completes it"), max_length=24, choices=Completion.choices, default=Completion.DATE
    )
    is_in_use = models.BooleanField(
        _("in the current order"),
        default=True,
        help_text=_(
            "Cities that start now go through it. Cities already on their way keep theirs."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JoinStepDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("join step definition")
        verbose_name_plural = _("join step definitions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """Return the step's name in ``language`` (the active one by default), else in any."""
        language = (language or get_language() or "en")[:2]
        return self.names.get(language) or self.names.get("en") or self.key


class JoinStep(models.Model):
    """Track one step of a city's way into the network, with its state and date."""

    class Kind(models.TextChoices):
        """The keys of the steps the platform ships (``JoinStepDefinition.key``)."""

        EXPRESSION_OF_INTEREST = "expression_of_interest", _("Expression of interest")
        FORMAL_DECISION = "formal_decision", _("Formal decision of the mayor or council")
        INDEX_QUESTIONNAIRE = "index_questionnaire", _("Index questionnaire")
        STATEMENT_OF_INTENT = "statement_of_intent", _("Statement of intent")
        FINANCIAL_AGREEMENT = "financial_agreement", _("Financial agreement")
        EXPERT_VISIT = "expert_visit", _("Expert visit")
        MEMBERSHIP_DECISION = "membership_decision", _("Membership decision")

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="join_steps"
    )
    # The key of its JoinStepDefinition: steps are data the secretariat adds to.
    kind = models.CharField(_("step"), max_length=32)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.NOT_STARTED
    )
    state_on = models.DateField(_("date"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to=join_document_path, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The Index round the questionnaire was answered in, once the Index rounds exist.
    index_round_id = models.PositiveBigIntegerField(_("Index round"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The order of the steps before the secretariat kept it as data: the cities that
    # started then keep it (migration 0006).
    FIRST_SEQUENCE = [
        Kind.FORMAL_DECISION,
        Kind.INDEX_QUESTIONNAIRE,
        Kind.STATEMENT_OF_INTENT,
        Kind.FINANCIAL_AGREEMENT,
        Kind.EXPERT_VISIT,
        Kind.MEMBERSHIP_DECISION,
    ]

    class Meta:
        verbose_name = _("join step")
        verbose_name_plural = _("join steps")
        constraints = [
            models.UniqueConstraint(fields=["city", "kind"], name="join_step_once_per_city"),
        ]

    def __str__(self) -> str:
        definition = JoinStepDefinition.objects.filter(key=self.kind).first()
        return f"{self.city}: {definition or self.kind} ({self.get_state_display()})"

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE


class FinancialAgreement(models.Model):
    """Record the fee a city agreed to pay the network, for a period."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="financial_agreements"
    )
    amount = models.DecimalField(
        _("yearly amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("financial agreement")
        verbose_name_plural = _("financial agreements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="financial_agreement_period_is_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.amount} {self.currency} ({self.starts_on}–{self.ends_on})"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def unpaid(self) -> "InvoiceQuerySet":
        """Return the invoices not yet paid in full."""
        return self.filter(paid_in_full_on__isnull=True)


class Invoice(models.Model):
    """Record an invoice sent to a city under its financial agreement."""

    agreement = models.ForeignKey(
        FinancialAgreement,
        verbose_name=_("financial agreement"),
        on_delete=models.CASCADE,
        related_name="invoices",
    )
    number = models.CharField(_("invoice number"), max_length=40, unique=True)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    paid_in_full_on = models.DateField(_("paid in full on"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["due_on", "number"]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """Record money received against an invoice."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    paid_on = models.DateField(_("paid on"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on"]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.amount}"


class ExpertVisit(models.Model):
    """Record the expert visit that confirms the Index answers and yields the city's profile."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="expert_visits"
    )
    experts = models.ManyToManyField(
        "accounts.User", verbose_name=_("experts"), blank=True, related_name="expert_visits"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    profile_report = models.FileField(
        _("Intercultural Profile report"), upload_to=join_document_path, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert visit")
        verbose_name_plural = _("expert visits")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="expert_visit_dates_are_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.starts_on}"
