"""What is computed from the published answers: stored results, round summaries, reports.

Rankings, peer groups and most similar cities are stored at publication (decision 0032);
city reports are rendered once per language and kept as files (decision 0033).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoundSummary(models.Model):
    """Keep what a round's published results say as a whole, computed at each publication.

    ``areas`` holds, per area code, the sample's average, the best score, the ids of
    the cities that reach it and how many cities have a score there; ``profiles`` the
    facts the distance between cities reads, one row per city (``results.ranking``).
    ``version`` grows at each computation: the stored report files name the version
    they were rendered from.

    Publishing one city asks for the round to be computed again in the background
    (decision 0057): ``requested`` counts the asks, ``computed_request`` is the last
    ask the stored figures include, and ``queued`` says a computation is waiting in
    the queue (a second ask before it starts queues nothing more).
    """

    round = models.OneToOneField(
        "index.Round", verbose_name=_("round"), on_delete=models.CASCADE, related_name="summary"
    )
    sample_size = models.PositiveIntegerField(_("published results"), default=0)
    areas = models.JSONField(_("figures per area"), default=dict)
    profiles = models.BinaryField(_("profiles of the cities"), default=bytes)
    version = models.PositiveIntegerField(_("version"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    requested = models.PositiveIntegerField(_("computations asked"), default=0)
    computed_request = models.PositiveIntegerField(_("last computation asked done"), default=0)
    queued = models.BooleanField(_("computation queued"), default=False)

    class Meta:
        verbose_name = _("summary of a round's results")
        verbose_name_plural = _("summaries of rounds' results")

    def __str__(self) -> str:
        return f"{self.round} ({self.sample_size})"

    @property
    def is_updating(self) -> bool:
        """Say whether the ranks wait for a computation asked after the stored one."""
        return self.requested > self.computed_request


class Result(models.Model):
    """Keep one city's published result in a round as computed at publication.

    The scores are those stored at validation (``Score``); the ranks, the peer groups
    and the most similar cities are computed with every other published result of the
    round, each time one is published, withdrawn or the round's peer rule changes.
    ``groups`` maps a peer-group kind to ``{"rank", "size", "band"}``; ``similar``
    lists the most similar cities' ids, nearest first. The city's facts the groups
    were drawn from are kept, so that a change to them is noticed.
    """

    round = models.ForeignKey(
        "index.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="published_results",
    )
    response = models.OneToOneField(
        "index.Response",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="result",
    )
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="index_results",
    )
    overall = models.DecimalField(_("overall index"), max_digits=6, decimal_places=2)
    areas = models.JSONField(_("area scores"), default=dict)
    rank = models.PositiveIntegerField(_("rank"))
    area_ranks = models.JSONField(_("rank in each area"), default=dict)
    groups = models.JSONField(_("peer groups"), default=dict)
    similar = models.JSONField(_("most similar cities"), default=list)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    foreign_born_share = models.DecimalField(
        _("foreign-born share"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    national_network_id_used = models.IntegerField(_("national network"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["round", "rank", "city_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "city"], name="one_result_per_city_round"),
        ]
        indexes = [models.Index(fields=["round", "rank", "city"])]

    def __str__(self) -> str:
        return f"{self.city_id} – {self.round_id}: {self.overall}"

    def area_scores(self) -> dict[str, Decimal]:
        """Return the area scores as decimals, by area code."""
        return {code: Decimal(value) for code, value in self.areas.items()}


def report_file_path(instance: "ReportFile", filename: str) -> str:
    return f"index/reports/published/{instance.round_id}/{filename}"


class ReportFile(models.Model):
    """Keep a published city report's PDF in one language, rendered once in the background.

    Served as a file while ``version`` is the round summary's; a newer publication in
    the round renders it again.
    """

    round = models.ForeignKey(
        "index.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="report_files",
    )
    city = models.ForeignKey(
        "network.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=255)
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("city report file")
        verbose_name_plural = _("city report files")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "city", "language"], name="one_report_file_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.city_id} ({self.language})"
