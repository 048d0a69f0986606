"""Cities and national networks: the hub every module hangs from."""

import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def fold(text: str) -> str:
    """Return ``text`` lower-cased without accents, for matching names typed any way."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class NationalNetwork(models.Model):
    """Group the member cities of one country (or region) under a coordinator."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    country = CountryField(_("country"))
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True,
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
    # The name without accents or case, so "neuchatel" finds Neuchâtel on every database.
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("year of the population figure"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    foreign_born_share = models.DecimalField(
        _("foreign-born residents (%)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    foreign_born_year = models.PositiveSmallIntegerField(
        _("year of the foreign-born figure"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True,
        help_text=_("Languages the city works in, as ISO 639-1 codes."),
    )
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(
        _("membership status"), max_length=16, choices=Status.choices,
        default=Status.APPLICANT, db_index=True,
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    national_network = models.ForeignKey(
        NationalNetwork, verbose_name=_("national network"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="cities",
    )
    has_demo_figures = models.BooleanField(
        _("figures invented for the demo"), default=False,
        help_text=_("Shown as demo data on the public profile."),
    )
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
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("network:city-detail", kwargs={"slug": self.slug})

    @property
    def is_visible_to_public(self) -> bool:
        return self.status != self.Status.LEFT
