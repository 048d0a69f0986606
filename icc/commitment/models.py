"""Political commitment: offices and their holders, elections, instruments, re-engagement."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icc.core.dates import format_date
from icc.network.models import City


def commitment_document_path(instance: models.Model, filename: str) -> str:
    """Return where a commitment document is stored: one folder per city."""
    return f"commitment/{getattr(instance, 'city_id', 'other')}/{filename}"


def _day(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else "—"


class Office(models.Model):
    """Name one political office of a city whose holder carries the city's commitment."""

    class Kind(models.TextChoices):
        MAYOR = "mayor", _("Mayor")
        DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor for integration")
        COUNCIL = "council", _("City council")

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="offices"
    )
    kind = models.CharField(_("office"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["city_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["city", "kind"], name="office_once_per_city"),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_kind_display()}"


class OfficeTermQuerySet(models.QuerySet["OfficeTerm"]):
    def current(self, on: date | None = None) -> "OfficeTermQuerySet":
        """Return the terms running on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on)
        )


class OfficeTerm(models.Model):
    """Record who held an office, from when to when (no end: still in office)."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="terms"
    )
    holder_name = models.CharField(_("office-holder"), max_length=150)
    holder_email = models.EmailField(_("e-mail address"), blank=True)
    starts_on = models.DateField(_("term start"))
    ends_on = models.DateField(_("term end"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = OfficeTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["office_id", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="office_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.office})"

    def overlaps(self, other: "OfficeTerm") -> bool:
        """Return whether the two terms share at least one day."""
        self_end = self.ends_on or date.max
        other_end = other.ends_on or date.max
        return self.starts_on <= other_end and other.starts_on <= self_end


class Election(models.Model):
    """Put an election of a city in the calendar."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="elections"
    )
    office_kind = models.CharField(_("office elected"), max_length=16, choices=Office.Kind.choices)
    held_on = models.DateField(_("election day"), db_index=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_office_kind_display()} {self.held_on}"


class CommitmentInstrument(models.Model):
    """Record a formal act by which the city commits to the intercultural approach."""

    class Kind(models.TextChoices):
        COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
        SIGNED_STATEMENT = "signed_statement", _("Signed statement of intent")
        CHARTER = "charter", _("Charter")

    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="commitment_instruments",
    )
    kind = models.CharField(_("instrument"), max_length=24, choices=Kind.choices)
    signed_on = models.DateField(_("date"))
    signatory_name = models.CharField(_("signatory"), max_length=150)
    signatory_term = models.ForeignKey(
        OfficeTerm,
        verbose_name=_("signatory's term of office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instruments",
    )
    document = models.FileField(_("document"), upload_to=commitment_document_path, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment instrument")
        verbose_name_plural = _("commitment instruments")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_kind_display()} ({self.signed_on})"


class ReengagementTaskQuerySet(models.QuerySet["ReengagementTask"]):
    def open(self) -> "ReengagementTaskQuerySet":
        """Return the tasks not yet closed."""
        return self.filter(closed_at__isnull=True)

    def overdue(self, on: date | None = None) -> "ReengagementTaskQuerySet":
        """Return the open tasks whose due date has passed."""
        return self.open().filter(due_on__lt=on or timezone.localdate())


class ReengagementTask(models.Model):
    """Ask the secretariat to renew a city's commitment after or before a change of leaders.

    ``trigger_key`` names what opened the task (an election, a new term, an agreement
    ending), so each trigger opens one task however often the checks run.
    """

    class Reason(models.TextChoices):
        ELECTION = "election", _("Election near")
        NEW_OFFICE_HOLDER = "new_office_holder", _("New office-holder")
        RENEWAL = "renewal", _("Financial agreement to renew")

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="reengagement_tasks"
    )
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    trigger_key = models.CharField(max_length=80, unique=True)
    # What the trigger was about (office, holder, dates), to word the summary in any language.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reengagement_tasks",
    )
    due_on = models.DateField(_("due on"))
    briefing_meeting_done = models.BooleanField(_("briefing meeting held"), default=False)
    commitment_letter_done = models.BooleanField(
        _("renewed commitment letter received"), default=False
    )
    event_invitation_done = models.BooleanField(_("invited to the next event"), default=False)
    coordinators_mailed_at = models.DateTimeField(_("coordinators told at"), null=True, blank=True)
    briefing_pack = models.FileField(
        _("briefing pack"), upload_to="commitment/briefing-packs/", blank=True
    )
    briefing_pack_language = models.CharField(_("briefing pack language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ReengagementTaskQuerySet.as_manager()

    CHECKLIST = ["briefing_meeting_done", "commitment_letter_done", "event_invitation_done"]

    class Meta:
        verbose_name = _("re-engagement task")
        verbose_name_plural = _("re-engagement tasks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.city}: {self.reason} ({self.due_on})"

    def get_absolute_url(self) -> str:
        return reverse("commitment:task-detail", kwargs={"pk": self.pk})

    @property
    def summary(self) -> str:
        """Return what opened the task, in the reader's language."""
        detail = self.detail
        if self.reason == self.Reason.NEW_OFFICE_HOLDER:
            return gettext("%(holder)s took office as %(office)s on %(date)s.") % {
                "holder": detail.get("holder", ""),
                "office": Office.Kind(detail["office"]).label if detail.get("office") else "",
                "date": _day(detail.get("starts_on")),
            }
        if self.reason == self.Reason.ELECTION:
            return gettext("Election (%(office)s) on %(date)s.") % {
                "office": Office.Kind(detail["office"]).label if detail.get("office") else "",
                "date": _day(detail.get("held_on")),
            }
        return gettext("The financial agreement ends on %(date)s.") % {
            "date": _day(detail.get("ends_on"))
        }

    @property
    def is_overdue(self) -> bool:
        return self.closed_at is None and self.due_on < timezone.localdate()

    @property
    def checklist(self) -> list[tuple[str, str, bool]]:
        """Return each checklist item: field name, label, done."""
        return [
            (
                name,
                str(getattr(self._meta.get_field(name), "verbose_name", name)),
                getattr(self, name),
            )
            for name in self.CHECKLIST
        ]
