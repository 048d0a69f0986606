"""Connections between cities: requests on a topic, their shared log, study visits."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icc.network.models import City


class ConnectionRequest(models.Model):
    """A city's proposal to one or more cities to work together on a topic.

    Bilateral with one invited city, a group with several. Each invited city
    accepts or declines; once one accepts, the participants share a log.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Under way")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    from_city = models.ForeignKey(
        City,
        verbose_name=_("proposed by"),
        on_delete=models.CASCADE,
        related_name="connections_proposed",
    )
    topic = models.CharField(_("topic"), max_length=200)
    area = models.CharField(_("Index area"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("connections:connection-detail", kwargs={"pk": self.pk})

    @property
    def is_group(self) -> bool:
        return self.invitations.count() > 1


class Invitation(models.Model):
    """One invited city of a connection request and its answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="invitations"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="connection_invitations",
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invited city")
        verbose_name_plural = _("invited cities")
        ordering = ["city__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "city"], name="invitation_once_per_city"),
        ]

    def __str__(self) -> str:
        return gettext("%(city)s (%(answer)s)") % {
            "city": self.city,
            "answer": self.get_answer_display(),
        }


class LogEntry(models.Model):
    """An exchange or an outcome recorded in a connection's shared log."""

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange")
        OUTCOME = "outcome", _("Outcome")

    request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="log_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXCHANGE)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class StudyVisit(models.Model):
    """A study visit of a connection: host, dates, participants, programme and report."""

    request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="study_visits"
    )
    host = models.ForeignKey(
        City, verbose_name=_("host city"), on_delete=models.CASCADE, related_name="hosted_visits"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    participants = models.TextField(_("participants"), help_text=_("One a line."))
    programme = models.TextField(_("programme"), help_text=_("Markdown."))
    report = models.TextField(_("report"), blank=True, help_text=_("Markdown."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="study_visit_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host} {self.starts_on}"
