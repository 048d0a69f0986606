"""The network's governance: strategy documents and their amendments, endorsements, votes.

Network texts are bilingual by nature (decision 0040): each record keeps its English and
French wording side by side, so that a section, an amendment and the consolidated text
are always read and compared in both languages.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.network.models import City


def in_language(record: models.Model, field: str, language: str | None = None) -> str:
    """Return ``field`` of ``record`` in ``language`` (active by default), else the other one."""
    language = (language or get_language() or "en")[:2]
    other = "fr" if language == "en" else "en"
    return getattr(record, f"{field}_{language}", "") or getattr(record, f"{field}_{other}", "")


# Strategy documents ------------------------------------------------------------------------


class StrategyDocument(models.Model):
    """A network text (a strategy, a declaration) with numbered sections and a consultation."""

    title_en = models.CharField(_("title in English"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    summary_en = models.TextField(_("summary in English"), blank=True)
    summary_fr = models.TextField(_("summary in French"), blank=True)
    consultation_opens_on = models.DateField(_("consultation opens on"))
    consultation_closes_on = models.DateField(_("consultation closes on"))
    # The number of the text as first published; each consolidation adds one.
    version_number = models.PositiveIntegerField(_("version of the text"), default=1)
    version = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        ordering = ["-consultation_opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation_closes_on__gte=models.F("consultation_opens_on")),
                name="strategy_consultation_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return in_language(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("governance:document-detail", kwargs={"pk": self.pk})

    def is_consultation_open(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return self.consultation_opens_on <= today <= self.consultation_closes_on  # type: ignore[operator]


class Section(models.Model):
    """One numbered section of a document, in English and French, as it stands now."""

    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveIntegerField(_("number"))
    heading_en = models.CharField(_("heading in English"), max_length=200)
    heading_fr = models.CharField(_("heading in French"), max_length=200)
    text_en = models.TextField(_("text in English"))
    text_fr = models.TextField(_("text in French"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="section_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {in_language(self, 'heading')}"


class Amendment(models.Model):
    """A member city's proposed new wording of a section, with its reason and its fate."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Merged into another")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="amendments")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="amendments")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The section's wording when the amendment was proposed, to show what it changes.
    base_en = models.TextField(blank=True, editable=False)
    base_fr = models.TextField(blank=True, editable=False)
    text_en = models.TextField(_("new wording in English"), blank=True)
    text_fr = models.TextField(_("new wording in French"), blank=True)
    needs_translation = models.BooleanField(
        _("please translate into the other language"), default=False
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The consolidated version that first carried the accepted wording.
    consolidated_in = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["section__number", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.section} — {self.city}"

    def get_absolute_url(self) -> str:
        return reverse("governance:amendment-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED


class AmendmentResponse(models.Model):
    """Another city's support for an amendment, or its comment on it."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support")
        COMMENT = "comment", _("Comment")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="responses")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response to an amendment")
        verbose_name_plural = _("responses to amendments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "city"],
                condition=models.Q(kind="support"),
                name="amendment_supported_once_per_city",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.city}"


class ConsolidatedText(models.Model):
    """The text of a document with its accepted amendments, frozen under a version number."""

    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="consolidations"
    )
    number = models.PositiveIntegerField(_("version of the text"))
    # [{"number", "heading_en", "heading_fr", "text_en", "text_fr", "amendments": [ids]}]
    sections = models.JSONField(default=list)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consolidated text")
        verbose_name_plural = _("consolidated texts")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="consolidation_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:consolidated-text", kwargs={"pk": self.document_id, "number": self.number}
        )


def endorsement_path(instance: "Endorsement", filename: str) -> str:
    return f"governance/endorsements/{instance.document_id}/{filename}"


class Endorsement(models.Model):
    """A city council's adoption of a network text: when it decided, and its decision."""

    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="endorsements"
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="endorsements")
    council_decided_on = models.DateField(_("date of the council's decision"))
    decision = models.FileField(_("council decision"), upload_to=endorsement_path)
    decision_type = models.CharField(max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["council_decided_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "city"], name="endorsed_once_per_city")
        ]

    def __str__(self) -> str:
        return f"{self.city} — {self.document}"


# Votes -------------------------------------------------------------------------------------


class Motion(models.Model):
    """A question put to the member cities, with its options, its times and its rules.

    Eligibility is fixed when the vote opens and the result when it closes (decision 0041);
    until then nobody, the secretariat included, sees more than the turnout.
    """

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("More than half of the ballots for an option")
        TWO_THIRDS = "two_thirds", _("At least two thirds of the ballots for an option")

    title_en = models.CharField(_("motion in English"), max_length=250)
    title_fr = models.CharField(_("motion in French"), max_length=250)
    text_en = models.TextField(_("explanation in English"), blank=True)
    text_fr = models.TextField(_("explanation in French"), blank=True)
    document = models.ForeignKey(
        StrategyDocument,
        verbose_name=_("text put to the vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motions",
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percentage of the cities that may vote)"), default=50
    )
    majority = models.CharField(
        _("majority rule"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    opened_at = models.DateTimeField(_("eligibility fixed at"), null=True, blank=True)
    eligible_count = models.PositiveIntegerField(_("cities that may vote"), default=0)
    closed_at = models.DateTimeField(_("result published at"), null=True, blank=True)
    result = models.JSONField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="motion_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_percent__gte=0, quorum_percent__lte=100),
                name="motion_quorum_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return in_language(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("governance:vote-detail", kwargs={"pk": self.pk})

    def phase(self, now: object = None) -> str:
        """Return "scheduled", "open" or "closed" by the clock."""
        now = now or timezone.now()
        if now < self.opens_at:  # type: ignore[operator]
            return "scheduled"
        return "open" if now < self.closes_at else "closed"  # type: ignore[operator]


class MotionOption(models.Model):
    """One answer a city may give; an abstention counts for the quorum, not the majority."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label_en = models.CharField(_("option in English"), max_length=120)
    label_fr = models.CharField(_("option in French"), max_length=120)
    is_abstention = models.BooleanField(_("abstention"), default=False)

    class Meta:
        ordering = ["motion", "position", "id"]

    def __str__(self) -> str:
        return in_language(self, "label")


class Proxy(models.Model):
    """A member city's vote given to another member city, recorded before the vote opens."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(City, on_delete=models.PROTECT, related_name="proxies_given")
    holder = models.ForeignKey(City, on_delete=models.PROTECT, related_name="proxies_held")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(fields=["motion", "giver"], name="proxy_given_once"),
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("holder")), name="proxy_to_another_city"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class EligibleCity(models.Model):
    """A city that may vote on a motion: in good standing when the vote opened."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="eligible")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "city"], name="eligible_once_per_motion")
        ]

    def __str__(self) -> str:
        return str(self.city)


class Ballot(models.Model):
    """One city's vote on a motion: final once cast; its receipt lets the city check it."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="ballots")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(MotionOption, on_delete=models.PROTECT, related_name="ballots")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The city that held the proxy and cast this ballot, when it was not the city itself.
    proxy_holder = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.CharField(_("receipt code"), max_length=20, unique=True)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # One city, one vote: of two ballots sent at once, the database keeps one.
            models.UniqueConstraint(fields=["motion", "city"], name="one_ballot_per_city")
        ]

    def __str__(self) -> str:
        return self.receipt
