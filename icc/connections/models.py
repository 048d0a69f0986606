"""Connections between cities: requests on a topic, their shared log, study visits, mentoring."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext
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


# Mentoring from pilot cities (issue 16, docs/decisions/0042-mentoring-schemes.md): a
# scheme is a pair (one mentor, one mentee) or a themed group of several of each.


class Mentor(models.Model):
    """A pilot city that mentors others: the areas it can mentor in, languages, capacity."""

    city = models.OneToOneField(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="mentor_profile"
    )
    areas = models.JSONField(_("Index areas it can mentor in"), default=list, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("mentees at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    is_active = models.BooleanField(_("takes mentees"), default=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pilot city")
        verbose_name_plural = _("pilot cities")
        ordering = ["city__name"]

    def __str__(self) -> str:
        return str(self.city)


class SchemeQuerySet(models.QuerySet["Scheme"]):
    def open(self) -> "SchemeQuerySet":
        """Return the schemes proposed or under way: those that hold a mentor's place."""
        return self.filter(status__in=[Scheme.Status.PROPOSED, Scheme.Status.ACTIVE])


class Scheme(models.Model):
    """A mentoring scheme: a pair, or a themed group of mentor and mentee cities."""

    class Kind(models.TextChoices):
        PAIR = "pair", _("Pair")
        GROUP = "group", _("Themed group")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Under way")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PAIR)
    title = models.CharField(_("theme"), max_length=200)
    # The secretariat's texts are kept in English and French side by side (decision
    # 0060, after 0040); what the cities write is in the scheme's working language.
    title_fr = models.CharField(_("theme in French"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    benchmark = models.TextField(
        _("benchmark of success factors"),
        blank=True,
        help_text=_("Markdown: the success factors every city of the scheme measures itself by."),
    )
    benchmark_fr = models.TextField(
        _("benchmark of success factors in French"), blank=True, help_text=_("Markdown.")
    )
    working_language = models.CharField(
        _("working language"),
        max_length=8,
        blank=True,
        help_text=_("The language the cities write their goals, notes and evaluations in."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    starts_on = models.DateField(_("started on"), null=True, blank=True)
    last_checkin_on = models.DateField(_("last check-in on"), null=True, blank=True)
    is_stalled = models.BooleanField(_("stalled"), default=False, db_index=True)
    stalled_since = models.DateField(_("stalled since"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    connection = models.OneToOneField(
        ConnectionRequest,
        verbose_name=_("connection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheme",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring scheme")
        verbose_name_plural = _("mentoring schemes")
        ordering = ["-proposed_at", "-id"]
        indexes = [
            # The overview lists the newest first and counts by state; the daily job
            # reads the schemes under way.
            models.Index(fields=["-proposed_at", "-id"], name="scheme_newest_first"),
            models.Index(fields=["status", "is_stalled"], name="scheme_state"),
        ]

    def __str__(self) -> str:
        return self.title_in(get_language())

    def get_absolute_url(self) -> str:
        return reverse("connections:scheme-detail", kwargs={"pk": self.pk})

    def title_in(self, language: str | None) -> str:
        """Return the theme in ``language`` when written in it, else in English."""
        return self.title_fr if (language or "")[:2] == "fr" and self.title_fr else self.title

    def benchmark_in(self, language: str | None) -> str:
        """Return the benchmark in ``language`` when written in it, else in English."""
        french = (language or "")[:2] == "fr" and self.benchmark_fr
        return self.benchmark_fr if french else self.benchmark

    def members_on(self, side: str) -> list["SchemeMember"]:
        """Return the scheme's cities on ``side`` (prefetched members are used as they are)."""
        return [member for member in self.members.all() if member.side == side]


class SchemeMember(models.Model):
    """A city on one side of a scheme: its answer, its sign-off, its evaluation."""

    class Side(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class GoalsMet(models.TextChoices):
        MET = "met", _("Goals met")
        PARTLY = "partly", _("Goals partly met")
        NOT_MET = "not_met", _("Goals not met")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="members")
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="mentoring_members"
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    national_network = models.ForeignKey(
        "network.NationalNetwork",
        verbose_name=_("national network attached"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("agreement signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    goals_met = models.CharField(_("goals met"), max_length=8, choices=GoalsMet.choices, blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    publishes_report = models.BooleanField(_("publishes the closing report"), default=False)

    class Meta:
        verbose_name = _("city of a scheme")
        verbose_name_plural = _("cities of a scheme")
        ordering = ["side", "city__name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "city"], name="scheme_member_once"),
        ]

    def __str__(self) -> str:
        return gettext("%(city)s (%(side)s)") % {"city": self.city, "side": self.get_side_display()}


class Goal(models.Model):
    """A goal of a scheme's agreement: a mentee's Index area, from its baseline to a target."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="goals")
    mentee = models.ForeignKey(
        City, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+"
    )
    area = models.CharField(_("Index area"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=6, decimal_places=2)
    baseline_round_id = models.PositiveIntegerField(_("round of the baseline"))
    baseline_round_label = models.CharField(_("round of the baseline"), max_length=100)
    target = models.DecimalField(
        _("target"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    description = models.TextField(_("what the mentee will do"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["mentee__name", "area"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "mentee", "area"], name="goal_once_per_area"),
            models.CheckConstraint(
                condition=models.Q(target__gte=models.F("baseline")),
                name="goal_target_not_below_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.area


class Milestone(models.Model):
    """A dated step of a scheme's roadmap, with the city that owns it."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    owner = models.ForeignKey(
        City, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


def checkin_document_path(instance: models.Model, filename: str) -> str:
    """Return where a check-in's document is stored: one folder per scheme."""
    return f"mentoring/{instance.scheme_id}/{filename}"  # type: ignore[attr-defined]


class CheckIn(models.Model):
    """A dated meeting of a scheme: notes, decisions, next steps, a document, a study visit."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), help_text=_("Markdown."))
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("Markdown."))
    next_steps = models.TextField(_("next steps"), blank=True, help_text=_("Markdown."))
    document = models.FileField(_("document"), upload_to=checkin_document_path, blank=True)
    study_visit = models.ForeignKey(
        StudyVisit,
        verbose_name=_("study visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="check_ins",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return str(self.held_on)


from icc.connections.initiatives.models import Initiative, Interest, Member  # noqa: E402, F401 (issue 17)
