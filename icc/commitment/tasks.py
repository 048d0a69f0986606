"""Background work of the commitment app, run by the task worker.

The services queue these tasks, so nothing here imports the services: the daily checks,
which open tasks through the services, are a task of ``daily.py``.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from icc.accounts.models import Role, RoleGrant
from icc.commitment import selectors
from icc.commitment.models import ReengagementTask
from icc.core.mail import send_templated_mail
from icc.core.pdf import html_to_pdf
from icc.core.task_descriptions import describe_task_as
from icc.network.figures_cache import invalidate_secretariat_figures


@task()
def prepare_reengagement(*, task_id: int) -> None:
    """Mail the coordinators and build the briefing pack of a task, each once.

    Safe to retry: a part already done (mail sent, pack saved) is not done again.
    """
    reengagement = ReengagementTask.objects.get(pk=task_id)
    if reengagement.coordinators_mailed_at is None:
        send_reengagement_mail.call(task_id=task_id)
    if not reengagement.briefing_pack:
        build_briefing_pack.call(task_id=task_id)


@task()
def send_reengagement_mail(*, task_id: int) -> int:
    """Tell each coordinator of the city, in their language, that a re-engagement begins."""
    reengagement = ReengagementTask.objects.select_related("city").get(pk=task_id)
    grants = (
        RoleGrant.objects.active()
        .filter(city=reengagement.city, role=Role.CITY_COORDINATOR)
        .select_related("user")
    )
    for grant in grants:
        with translation.override(grant.user.language):
            summary = reengagement.summary
        send_templated_mail(
            "commitment/mail/reengagement",
            to=grant.user.email,
            language=grant.user.language,
            context={
                "person": grant.user,
                "city": reengagement.city,
                "summary": summary,
                "site_url": settings.SITE_URL,
            },
        )
    ReengagementTask.objects.filter(pk=task_id).update(coordinators_mailed_at=timezone.now())
    return len(grants)


@task()
def build_briefing_pack(*, task_id: int) -> str:
    """Render the briefing pack for the city's new leader, in the city's language, as PDF."""
    reengagement = ReengagementTask.objects.select_related("city").get(pk=task_id)
    city = reengagement.city
    language = selectors.city_language(city)
    with translation.override(language):
        context = selectors.briefing_pack_context(city, today=timezone.localdate())
        html = render_to_string("commitment/briefing_pack.html", context | {"task": reengagement})
    pdf = html_to_pdf(html, base_url=settings.SITE_URL)
    name = f"briefing-{slugify(city.slug)}-{reengagement.pk}-{language}.pdf"
    if reengagement.briefing_pack:
        reengagement.briefing_pack.delete(save=False)
    reengagement.briefing_pack.save(name, ContentFile(pdf), save=False)
    reengagement.briefing_pack_language = language
    reengagement.save(update_fields=["briefing_pack", "briefing_pack_language"])
    # The dashboard links the pack once it exists.
    transaction.on_commit(invalidate_secretariat_figures)
    return reengagement.briefing_pack.name or ""


def _reengagement_city(kwargs: Mapping[str, Any]) -> tuple[str, str] | None:
    reengagement = ReengagementTask.objects.select_related("city").get(pk=kwargs["task_id"])
    return str(reengagement.city), reverse("commitment:task-detail", kwargs={"pk": reengagement.pk})


describe_task_as(
    prepare_reengagement,
    _("Prepare a re-engagement: mail and briefing pack"),
    about=_reengagement_city,
)
describe_task_as(
    send_reengagement_mail,
    _("Mail the coordinators about a re-engagement"),
    about=_reengagement_city,
)
describe_task_as(build_briefing_pack, _("Build the briefing pack"), about=_reengagement_city)
