"""Common initiatives: a call for partners, its workspace and its results (issue 17)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.network.models import City, PopulationBand


class Initiative(models.Model):
    """Several cities working on one project: first a call for partners, then the work."""

    class Status(models.TextChoices):
        CALL = "call", _("Call for partners")
        RUNNING = "running", _("Under way")
        FINISHED = "finished", _("Finished")

    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    aim = models.TextField(_("aim"), help_text=_("Markdown."))
    aim_fr = models.TextField(_("aim in French"), blank=True, help_text=_("Markdown."))
    areas = models.JSONField(_("Index areas"), default=list, blank=True)
    lead_city = models.ForeignKey(
        City,
        verbose_name=_("lead city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_led",
    )
    wanted_size = models.CharField(
        _("size of partners wanted"), max_length=10, choices=PopulationBand.choices, blank=True
    )
    wanted_language = models.CharField(_("working language wanted"), max_length=8, blank=True)
    wanted_area = models.CharField(_("experience wanted in"), max_length=40, blank=True)
    deadline = models.DateField(_("deadline for interest"))
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    funding_deadline = models.DateField(_("funding deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CALL, db_index=True
    )
    is_published = models.BooleanField(_("public page published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("common initiative")
        verbose_name_plural = _("common initiatives")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title_in(get_language())

    def get_absolute_url(self) -> str:
        return reverse("connections:initiative-detail", kwargs={"pk": self.pk})

    def title_in(self, language: str | None) -> str:
        return self.title_fr if (language or "")[:2] == "fr" and self.title_fr else self.title

    def aim_in(self, language: str | None) -> str:
        return self.aim_fr if (language or "")[:2] == "fr" and self.aim_fr else self.aim


class Member(models.Model):
    """A city taking part in an initiative, with its role."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTNER = "partner", _("Partner")
        OBSERVER = "observer", _("Observer")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="members")
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="initiative_members"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("initiative partner")
        verbose_name_plural = _("initiative partners")
        ordering = ["role", "city__name"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "city"], name="initiative_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.city} ({self.get_role_display()})"


class Interest(models.Model):
    """A city's interest in a call for partners, with a short note."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for the lead")
        ACCEPTED = "accepted", _("Accepted")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="interests")
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500)
    role = models.CharField(
        _("joins as"),
        max_length=10,
        choices=[(Member.Role.PARTNER, _("Partner")), (Member.Role.OBSERVER, _("Observer"))],
        default=Member.Role.PARTNER,
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("expressed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "city"], name="initiative_interest_once"),
        ]

    def __str__(self) -> str:
        return str(self.city)


class WorkPackage(models.Model):
    """A part of the initiative's plan, with its tasks and its message thread."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="work_packages"
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """A task of a work package: an owner city, a due date, done or not."""

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        City,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    """A message in a work package's thread."""

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="messages")
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Document(models.Model):
    """A shared document of the initiative; its file lives in its versions."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["initiative", "title"], name="initiative_doc_title")]

    def __str__(self) -> str:
        return self.title


def document_path(instance: models.Model, filename: str) -> str:
    """Return where a document version is stored: one folder per initiative."""
    return f"initiatives/{instance.document.initiative_id}/{filename}"  # type: ignore[attr-defined]


class DocumentVersion(models.Model):
    """One uploaded version of a shared document, checked by content."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Output(models.Model):
    """A result of the initiative: a report, a toolkit, a campaign."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        TOOLKIT = "toolkit", _("Toolkit")
        CAMPAIGN = "campaign", _("Campaign")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=2000)
    summary_fr = models.TextField(_("summary in French"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str | None) -> str:
        return self.title_fr if (language or "")[:2] == "fr" and self.title_fr else self.title

    def summary_in(self, language: str | None) -> str:
        return self.summary_fr if (language or "")[:2] == "fr" and self.summary_fr else self.summary


class Meeting(models.Model):
    """A meeting of the partners; when it is an event of the network, it names that event.

    ``event_id`` is the number of an ``icc.events`` event, read through
    ``icc.events.selectors`` (no foreign key across feature apps, decision 0061): a deleted
    event leaves the meeting, shown without its event.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    meets_on = models.DateField(_("date"))
    at = models.TimeField(_("time"), null=True, blank=True)
    until = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(
        _("place or online link"), max_length=300, blank=True, help_text=_("Address or link.")
    )
    event_id = models.PositiveIntegerField(_("event"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["meets_on", "at", "id"]

    def __str__(self) -> str:
        return self.title_in(get_language())

    def title_in(self, language: str | None) -> str:
        return self.title_fr if (language or "")[:2] == "fr" and self.title_fr else self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
