"""Certification of intercultural NGOs: organisations, applications, reviews, decisions.

The standard itself is an edition file in the Index format (``standards/*.json``), scored
by the Index engine (decision 0048). Nothing here is ever deleted: a withdrawn
application, a suspended certificate or a closed complaint keeps its row and its history
in the activity log.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.core.codes import new_code


def new_reference() -> str:
    """Return a complaint's reference number, such as ``C-7KQ2M9PX``."""
    return f"C-{new_code(8)}"


class Organisation(models.Model):
    """An NGO working in a member city, which may apply for the certification."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Not confirmed")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="certified_organisations",
    )
    country = models.CharField(_("country"), max_length=2)
    registration_number = models.CharField(_("registration number"), max_length=60)
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["city", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certification:organisation-detail", kwargs={"slug": self.slug})

    def description(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        if language == "fr":
            return self.description_fr or self.description_en
        return self.description_en or self.description_fr


class Representative(models.Model):
    """A person who represents an organisation: the scope of their NGO representative role.

    The role itself is an accounts ``RoleGrant`` (role ``ngo_representative``, no city);
    this record names the organisation it is for (decision 0048). Withdrawn, never deleted.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="represents"
    )
    grant = models.OneToOneField(
        "accounts.RoleGrant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation_scope",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("NGO representative")
        verbose_name_plural = _("NGO representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="certification_one_organisation_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class RepresentativeInvitation(models.Model):
    """The organisation an accounts invitation to the NGO representative role is for."""

    invitation = models.OneToOneField(
        "accounts.Invitation", on_delete=models.CASCADE, related_name="organisation_scope"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )

    def __str__(self) -> str:
        return f"{self.invitation} ({self.organisation})"


class Application(models.Model):
    """An organisation's file: eligibility, self-assessment, review, visit, decision."""

    class Kind(models.TextChoices):
        FIRST = "first", _("First application")
        RENEWAL = "renewal", _("Renewal")

    class Status(models.TextChoices):
        ELIGIBILITY = "eligibility", _("Eligibility to check")
        INELIGIBLE = "ineligible", _("Not eligible")
        DRAFT = "draft", _("Self-assessment in progress")
        SUBMITTED = "submitted", _("Submitted, waiting for reviewers")
        IN_REVIEW = "in_review", _("Under review")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    standard = models.CharField(_("standard"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    renewal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ELIGIBILITY
    )
    eligibility = models.JSONField(default=dict, blank=True)
    failed_gate = models.CharField(max_length=64, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    self_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    self_level = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # A deferred file comes back on the same application: each submission after a
    # deferral opens a new round of review (the earlier scores stay in its reconciliation).
    review_round = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("certification:application-detail", kwargs={"pk": self.pk})

    @property
    def decision(self) -> "Decision | None":
        """Return the latest decision, or None."""
        return self.decisions.order_by("-decided_at", "-id").first()

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ELIGIBILITY, self.Status.DRAFT)

    @property
    def reconciliation(self) -> "Reconciliation | None":
        """Return the agreed scores of the current round of review, or None."""
        return self.reconciliations.filter(round=self.review_round).first()


class EvidenceFile(models.Model):
    """A file an organisation gives as evidence for one criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    criterion = models.CharField(max_length=64)
    file = models.FileField(upload_to="certification/evidence/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """One reviewer's work on one application: declaration, then independent scores."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Waiting for the declaration")
        DECLARED = "declared", _("Scoring")
        SUBMITTED = "submitted", _("Scores submitted")
        CONFLICT = "conflict", _("Withdrawn: conflict of interest")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certification_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED
    )
    declared_at = models.DateTimeField(null=True, blank=True)
    tie = models.CharField(_("declared tie"), max_length=500, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    level = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="certification_one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.reviewer}"


class CommissionMember(models.Model):
    """A person the secretariat names to the commission that decides one application."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="commission"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "user"], name="certification_one_seat_per_person"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Reconciliation(models.Model):
    """The score the two reviewers agree on, criterion by criterion, before the decision.

    Where the two reviewers' scores differ, the agreed one comes with its reason. When they
    gave the same score everywhere, the agreement is recorded on the second submission
    (``automatic``). ``reviews`` keeps both reviewers' scores as they stood, so a new round
    after a deferral leaves them on record.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="reconciliations"
    )
    round = models.PositiveSmallIntegerField(default=1)
    answers = models.JSONField(default=dict)
    reasons = models.JSONField(default=dict, blank=True)
    reviews = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    level = models.CharField(max_length=64, blank=True)
    automatic = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agreed scores")
        verbose_name_plural = _("agreed scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round"], name="certification_one_agreement_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.score}"


class Visit(models.Model):
    """The on-site visit of an application: planned date, participants, findings."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="visit")
    planned_on = models.DateField(_("planned date"))
    participants = models.TextField(_("participants"))
    findings = models.JSONField(default=dict, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.application}: {self.planned_on}"


class Decision(models.Model):
    """The commission's decision on an application, with its reasons."""

    class Outcome(models.TextChoices):
        CERTIFIED = "certified", _("Certified")
        DEFERRED = "deferred", _("Deferred")
        REFUSED = "refused", _("Refused")

    # An upheld appeal sends the file back to the commission: a second decision, the
    # first kept.
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    level = models.CharField(_("level"), max_length=64, blank=True)
    reasons = models.TextField(_("reasons"))
    required_actions = models.TextField(_("required actions"), blank=True)
    deadline = models.DateField(_("deadline for the actions"), null=True, blank=True)
    # How long the certificate a "certified" decision issues stays valid (3 to 5 years).
    validity_years = models.PositiveSmallIntegerField(_("validity in years"), default=3)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    # The last day the daily job reminded people of overdue required actions.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.outcome}"


class Certificate(models.Model):
    """A certificate an organisation holds, checked publicly by its code."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    standard = models.CharField(max_length=64)
    level = models.CharField(_("level"), max_length=64)
    code = models.CharField(_("verification code"), max_length=12, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    midterm_due = models.DateField(_("mid-term review due"))
    midterm_report = models.TextField(_("mid-term self-report"), blank=True)
    midterm_submitted_at = models.DateTimeField(null=True, blank=True)
    midterm_concerns = models.TextField(_("concerns raised"), blank=True)
    midterm_visit_on = models.DateField(_("mid-term visit on"), null=True, blank=True)
    midterm_visit_report = models.TextField(_("mid-term visit report"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reminded = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("certification:verify-code", kwargs={"code": self.code})

    def is_expired(self, today: date) -> bool:
        return self.valid_until < today

    def is_in_force(self, today: date) -> bool:
        return self.status == self.Status.VALID and not self.is_expired(today)


class Complaint(models.Model):
    """A complaint anyone files about a certified organisation, followed to an outcome."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        EXAMINED = "examined", _("Being examined")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="complaints"
    )
    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("your e-mail address"))
    text = models.TextField(_("the complaint"))
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("answer due on"))
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class Appeal(models.Model):
    """An organisation's appeal against a decision, within 30 days of it."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        EXAMINED = "examined", _("Being examined")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Appeal upheld: the decision is set aside")
        DISMISSED = "dismissed", _("Appeal dismissed: the decision stands")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    grounds = models.TextField(_("grounds of the appeal"))
    filed_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FILED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("answer due on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(_("reasons"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision.application}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("certification:appeal-detail", kwargs={"pk": self.pk})
