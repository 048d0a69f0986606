"""The network's calendar: meetings, academies, webinars, study visit weeks, policy labs.

An event is the anchor that registrations, agendas, documents and votes will hang from
later; its texts are stored per language (decision 0004).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.core.translations import pick_text
from icc.network.models import City, NationalNetwork


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> "EventQuerySet":
        """Return the events every visitor may see: published, or cancelled after publication."""
        return self.filter(published_at__isnull=False).exclude(status=Event.Status.DRAFT)

    def published(self) -> "EventQuerySet":
        """Return the events that are published and still take place."""
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self, today: object) -> "EventQuerySet":
        """Return the events not yet over on ``today``, soonest first."""
        return self.filter(ends_on__gte=today).order_by("starts_on", "ends_on", "id")

    def past(self, today: object) -> "EventQuerySet":
        """Return the events over before ``today``, latest first."""
        return self.filter(ends_on__lt=today).order_by("-starts_on", "-ends_on", "-id")

    def with_texts(self) -> "EventQuerySet":
        """Return events with their places, network and texts, in few queries."""
        return self.select_related("city", "host_city", "national_network").prefetch_related(
            "translations"
        )


class Event(models.Model):
    """Record one event of the network: what, when, where, for whom, and where it stands."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Network meeting or annual conference")
        ACADEMY = "academy", _("Thematic academy or workshop")
        WEBINAR = "webinar", _("Webinar")
        STUDY_VISIT = "study_visit", _("Study visit week")
        POLICY_LAB = "policy_lab", _("Policy lab session")

    class Audience(models.TextChoices):
        NETWORK = "network", _("The whole network")
        NATIONAL_NETWORK = "national_network", _("One national network")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    original_language = models.CharField(
        _("written in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"), db_index=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city where it takes place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_held",
    )
    venue = models.CharField(
        _("venue"), max_length=250, blank=True, help_text=_("Building and address.")
    )
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True, help_text=_("For an online event.")
    )
    host_city = models.ForeignKey(
        City,
        verbose_name=_("host city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_hosted",
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.NETWORK,
        db_index=True,
    )
    national_network = models.ForeignKey(
        NationalNetwork,
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The network an event for one national network is for."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit; once full, people join a waiting list."),
    )
    takes_registrations = models.BooleanField(_("people register to attend"), default=False)
    # Given out at the event: a registered person who enters it is recorded as present.
    attendance_code = models.CharField(_("attendance code"), max_length=20, blank=True)
    # Raised on every change of a published event, so calendars that subscribed to the
    # iCalendar feed replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on", "ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(audience="network", national_network__isnull=True)
                | models.Q(audience="national_network", national_network__isnull=False),
                name="event_national_audience_names_its_network",
            ),
        ]

    def __str__(self) -> str:
        text = self.text()
        return text.title if text else f"{self.get_kind_display()} {self.starts_on}"

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot come before the first day.")
        if self.audience == self.Audience.NATIONAL_NETWORK and not self.national_network_id:
            errors["national_network"] = _("Choose the national network the event is for.")
        if self.audience == self.Audience.NETWORK and self.national_network_id:
            errors["national_network"] = _(
                "An event for the whole network names no national network."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.status != self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and self.city_id is None and not self.venue

    def text(self, language: str | None = None) -> "EventTranslation | None":
        """Return the text in ``language`` (active by default), else the original, else any."""
        return pick_text(self.translations.all(), language, self.original_language)

    @property
    def languages(self) -> list[str]:
        return sorted(text.language for text in self.translations.all())


class EventTranslation(models.Model):
    """The title and description of an event in one language; Markdown in the description."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    TEXT_FIELDS = ("title", "description")

    class Meta:
        verbose_name = _("text of an event")
        verbose_name_plural = _("texts of events")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="event_translation_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person's place at an event, or their place in its waiting list, and their attendance."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("place given at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "registered_at", "id"]
        constraints = [
            # A person holds one registration per event, whatever becomes of cancelled ones.
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"


class EventSession(models.Model):
    """One session of an event's agenda: when, where, who speaks, in both languages."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title_en = models.CharField(_("title in English"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    room = models.CharField(_("room"), max_length=120, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (get_language() or "en")[:2]
        return (self.title_fr if language == "fr" else self.title_en) or self.title_en


def event_document_path(instance: "EventDocument", filename: str) -> str:
    return f"events/documents/{instance.event_id}/{filename}"


class EventDocument(models.Model):
    """A document of an event (programme, slides, report), read by those who see the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=event_document_path)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document of an event")
        verbose_name_plural = _("documents of events")
        ordering = ["event", "added_at", "id"]

    def __str__(self) -> str:
        return self.title
