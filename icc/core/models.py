"""Domain-free records shared by every module."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityQuerySet(models.QuerySet["Activity"]):
    def about(self, obj: models.Model) -> "ActivityQuerySet":
        """Return the entries that belong to the timeline of ``obj``."""
        return self.filter(about_type=ContentType.objects.get_for_model(obj), about_id=str(obj.pk))


class Activity(models.Model):
    """Record that someone did something to a record, at a moment.

    ``target`` is the record that changed; ``about`` is the record whose
    timeline shows the entry (a city, for a change to one of its answers).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    verb = models.CharField(_("action"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    target_id = models.CharField(_("record"), max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    about_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("timeline type")
    )
    about_id = models.CharField(_("timeline record"), max_length=64)
    about = GenericForeignKey("about_type", "about_id")
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["about_type", "about_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type_id}:{self.target_id}"


class Generation(models.Model):
    """Count the writes to one kind of content, so copies computed before a write are retired.

    The count lives in the database, not in a cache: an evicted or restarted cache can
    never bring an old number back, so a copy tagged with an old number is never served.
    """

    scope = models.CharField(_("scope"), max_length=64, primary_key=True)
    number = models.BigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("cache generation")
        verbose_name_plural = _("cache generations")

    def __str__(self) -> str:
        return f"{self.scope}: {self.number}"


class WorkerHeartbeat(models.Model):
    """Say that a task worker is alive: it writes ``beat_at`` every few seconds.

    A task still marked running whose worker has not beaten for longer than the lease
    (``TASK_WORKER_LEASE_SECONDS``) was abandoned by a worker that died; the recovery in
    ``core.background`` fails it into the retries (decision 0023).
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("task worker heartbeat")
        verbose_name_plural = _("task worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.pid})"


class TaskFailure(models.Model):
    """Keep a background task that failed: retried with backoff, then shown to the secretariat.

    One row per failing piece of work; ``pending_result_id`` names the queued retry.
    """

    class State(models.TextChoices):
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")
        RESOLVED = "resolved", _("Resolved")

    task_path = models.CharField(_("task"), max_length=200)
    args_kwargs = models.JSONField(_("arguments"), default=dict)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    pending_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    first_failed_at = models.DateTimeField(_("first failed at"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("last failed at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-last_failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.state})"


class ScheduledRun(models.Model):
    """Record that a periodic job was queued for a day, so it is queued once a day at most."""

    job = models.CharField(_("job"), max_length=200)
    day = models.DateField(_("day"))
    enqueued_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="scheduled_run_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
