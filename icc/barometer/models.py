"""The diversity in business barometer: rounds, companies invited by their city, their
responses, and the group figures released under the no-inference rule (decision 0052).

A company has no account: it answers through a private link whose token is signed and
whose secret is kept only as a hash (decision 0051). A response holds the answers and
the scores the Index engine gave them; the city and the secretariat never read it, only
the released group figures.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icc.network.models import City

DEFAULT_MIN_GROUP_SIZE = 5
MAX_REMINDERS = 2


class SizeBand(models.TextChoices):
    """Headcount bands, as the pilot asked them."""

    MICRO = "lt10", _("Fewer than 10 people")
    SMALL = "10-49", _("10 to 49 people")
    MEDIUM = "50-249", _("50 to 249 people")
    LARGE = "250+", _("250 people or more")


class NaceVersion(models.TextChoices):
    """The version of the statistical classification a sector code belongs to."""

    REV2 = "NACE Rev. 2", _("NACE Rev. 2")
    REV21 = "NACE Rev. 2.1", _("NACE Rev. 2.1")


# The sections (the letters) of NACE Rev. 2 and Rev. 2.1, which share letters A to U
# with some changes in what they hold; the letters are what the barometer groups by.
NACE_SECTIONS = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity, gas, steam and air conditioning supply"),
    "E": _("Water supply, sewerage, waste management and remediation"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade"),
    "H": _("Transportation and storage"),
    "I": _("Accommodation and food service activities"),
    "J": _("Information and communication"),
    "K": _("Financial and insurance activities"),
    "L": _("Real estate activities"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support service activities"),
    "O": _("Public administration and defence"),
    "P": _("Education"),
    "Q": _("Human health and social work activities"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Activities of households as employers"),
    "U": _("Activities of extraterritorial organisations"),
}


def sector_name(letter: str) -> str:
    """Return the name of a NACE section in the active language."""
    return f"{letter} – {NACE_SECTIONS.get(letter, letter)}"


class Round(models.Model):
    """One round of the barometer: an edition of the instrument, dates and the threshold k."""

    name = models.CharField(_("name"), max_length=120)
    edition_id = models.CharField(_("edition of the instrument"), max_length=64)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown (k)"), default=DEFAULT_MIN_GROUP_SIZE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)

    class Meta:
        verbose_name = _("barometer round")
        verbose_name_plural = _("barometer rounds")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("barometer:round", kwargs={"pk": self.pk})

    def is_open(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on  # type: ignore[operator]


class Company(models.Model):
    """A company of a city, the same across rounds: what the cross-round rule compares."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=["city", "key"], name="barometer_company_once")
        ]

    def __str__(self) -> str:
        return f"company {self.pk}"

    @staticmethod
    def key_for(name: str) -> str:
        """Return the key of a company name: folded, spaces squeezed, hashed."""
        folded = " ".join(name.casefold().split())
        return hashlib.sha256(folded.encode()).hexdigest()


class Invitation(models.Model):
    """A company invited by its city to answer one round, through a private link."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        ERASED = "erased", _("Deleted by the company")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="invitations")
    company_name = models.CharField(_("company name"), max_length=200)
    nace_section = models.CharField(_("sector (NACE section)"), max_length=1)
    nace_version = models.CharField(
        _("classification"), max_length=16, choices=NaceVersion.choices, default=NaceVersion.REV21
    )
    size_band = models.CharField(_("headcount"), max_length=8, choices=SizeBand.choices)
    contact_email = models.EmailField(_("contact e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The private link carries this nonce signed with the site's key (decision 0051).
    link_nonce = models.CharField(max_length=32, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INVITED, db_index=True
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("barometer invitation")
        verbose_name_plural = _("barometer invitations")
        ordering = ["company_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "company"], name="barometer_one_invitation_per_round"
            )
        ]
        indexes = [models.Index(fields=["round", "city", "status"])]

    def __str__(self) -> str:
        return self.company_name

    @property
    def is_erased(self) -> bool:
        return self.status == self.Status.ERASED

    @property
    def has_response(self) -> bool:
        return self.status in (self.Status.STARTED, self.Status.SUBMITTED)


class Response(models.Model):
    """A company's answers to one round, and the scores the Index engine gave them.

    ``answers`` maps a question id to the answer as stored (an option id, a list of
    option ids, a number as text); ``scores`` maps each dimension id and ``overall`` to
    the score, kept when the response is submitted and again whenever a round is scored.
    """

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    edition_id = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("barometer response")
        verbose_name_plural = _("barometer responses")

    def __str__(self) -> str:
        return f"response {self.pk}"


class Publication(models.Model):
    """The group figures of a round, computed at once and released under the rule.

    ``members`` of a figure are the company ids it counts, kept so that a later
    publication can be checked against this one (decision 0052).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="publications")
    published_at = models.DateTimeField(default=timezone.now)
    responses = models.PositiveIntegerField(default=0)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("barometer publication")
        verbose_name_plural = _("barometer publications")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"

    def __str__(self) -> str:
        return f"{self.round} ({self.published_at:%Y-%m-%d %H:%M})"


class GroupFigure(models.Model):
    """One predefined group of one publication: released with its figures, or withheld.

    ``measure`` is "" for the scores (means per dimension and overall, over the whole
    group) or a performance question's id: then the figure counts only the group's
    companies that answered it, and ``means`` holds ``{"mean": …}`` (decision 0052).
    A withheld figure keeps no score at all, only the reason: nothing can leak from it.
    """

    SCORES = ""

    class Kind(models.TextChoices):
        NETWORK = "network", _("The whole network")
        CITY = "city", _("City")
        SECTOR = "sector", _("Sector")
        SIZE = "size", _("Headcount")

    class Reason(models.TextChoices):
        RELEASED = "", _("Released")
        TOO_FEW = "too_few", _("Fewer responses than the smallest group shown")
        DIFFERENCE = "difference", _("Too close to another group shown")
        REMAINDER = "remainder", _("The groups not shown would be too small")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=64, blank=True, default="")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=16)
    reason = models.CharField(max_length=12, choices=Reason.choices, blank=True)
    # Released figures only: the count and {dimension id or "overall": mean score}.
    count = models.PositiveIntegerField(null=True, blank=True)
    means = models.JSONField(default=dict, blank=True)
    members = models.BinaryField(default=b"", editable=False)

    class Meta:
        verbose_name = _("group figure")
        verbose_name_plural = _("group figures")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "measure", "kind", "key"], name="barometer_figure_once"
            )
        ]

    def __str__(self) -> str:
        group = f"{self.kind}:{self.key}"
        return f"{self.measure}:{group}" if self.measure else group

    @property
    def is_released(self) -> bool:
        return self.reason == ""


class ReportShare(models.Model):
    """A company's consent to let the secretariat read its report, dated, and its withdrawal.

    Each consent is a row: given at ``shared_at``, ended at ``withdrawn_at`` (by the
    company, or when it deletes its response). The secretariat reads the report while a
    row is open; never the answers nor the performance figures (decision 0051).
    """

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="shares")
    shared_at = models.DateTimeField(_("shared at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report shared with the secretariat")
        verbose_name_plural = _("reports shared with the secretariat")
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="barometer_one_open_share",
            )
        ]

    def __str__(self) -> str:
        return f"share {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None
