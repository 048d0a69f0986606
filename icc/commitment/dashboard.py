"""The figures of the secretariat's dashboard, read in a fixed number of queries."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from icc.commitment import selectors
from icc.commitment.charts import bar_chart
from icc.commitment.health import concerns_for
from icc.commitment.models import ReengagementTask
from icc.network.models import (
    City,
    CityStatusChange,
    Invoice,
    JoinStep,
    JoinStepDefinition,
    Payment,
)

# Invoices due within this many days are "due"; past their date, "late".
FEES_DUE_DAYS = 30
# A rendered dashboard is retired by the next write; this only bounds what a write made
# outside the services (a sign-in, a change in the admin) leaves stale.
DASHBOARD_CACHE_SECONDS = 3600


def growth(today: date) -> list[tuple[str, int]]:
    """Return the number of member cities at the end of each year, from the status history.

    A city counts in a year when its last recorded status by the year's end is "member",
    the rule of the home page's figure, so the last year says what the home page says (a
    suspended city, or one that left without a recorded change, is not counted).
    """
    changes = CityStatusChange.objects.order_by("changed_on", "pk").values_list(
        "city_id", "changed_on", "to_status"
    )
    rows: list[tuple[str, int]] = []
    status: dict[int, str] = {}
    pending = iter(changes)
    change = next(pending, None)
    if change is None:
        return rows
    for year in range(change[1].year, today.year + 1):
        while change is not None and change[1].year <= year:
            status[change[0]] = change[2]
            change = next(pending, None)
        members = sum(1 for value in status.values() if value == City.Status.MEMBER)
        rows.append((str(year), members))
    # The first years before any city was a member say nothing.
    while rows and rows[0][1] == 0 and len(rows) > 1:
        rows.pop(0)
    return rows


def invoices_with_balance(today: date) -> list[Invoice]:
    """Return the unpaid invoices due within ``FEES_DUE_DAYS`` or late, with what remains."""
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    invoices: list[Invoice] = list(
        Invoice.objects.unpaid()
        .filter(due_on__lte=today + timedelta(days=FEES_DUE_DAYS))
        .annotate(paid=Coalesce(Subquery(paid), Value(Decimal(0)), output_field=money))
        .annotate(remaining=ExpressionWrapper(F("amount") - F("paid"), output_field=money))
        .select_related("agreement__city")
        .order_by("due_on")
    )
    return invoices


def figures(*, today: date) -> dict[str, Any]:
    """Return everything the dashboard shows."""
    status_counts = dict(City.objects.values_list("status").annotate(n=Count("pk")))
    by_status = [(str(label), status_counts.get(value, 0)) for value, label in City.Status.choices]
    names = dict(countries)
    by_country = sorted(
        (
            (names.get(code, code), n)
            for code, n in City.objects.filter(status=City.Status.MEMBER)
            .values_list("country")
            .annotate(n=Count("pk"))
        ),
        key=lambda row: (-row[1], row[0]),
    )
    by_network = list(
        City.objects.filter(status=City.Status.MEMBER)
        .values_list("national_network__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "national_network__name")
    )
    by_network = [(name or _("No national network"), n) for name, n in by_network]
    step_counts = Counter(
        {
            (kind, state): n
            for kind, state, n in JoinStep.objects.filter(city__status=City.Status.APPLICANT)
            .order_by()
            .values_list("kind", "state")
            .annotate(n=Count("pk"))
        }
    )
    applicants = status_counts.get(City.Status.APPLICANT, 0)
    join_steps = []
    for definition in JoinStepDefinition.objects.all():
        done = step_counts[(definition.key, JoinStep.State.DONE)]
        in_progress = step_counts[(definition.key, JoinStep.State.IN_PROGRESS)]
        if not (definition.is_in_use or done or in_progress):
            continue
        join_steps.append((definition.name(), done, in_progress, applicants - done - in_progress))
    invoices = invoices_with_balance(today)
    growth_rows = growth(today)
    tasks = list(ReengagementTask.objects.open().select_related("city", "assignee"))
    return {
        "today": today,
        "growth": growth_rows,
        "growth_chart": bar_chart(growth_rows),
        "by_status": by_status,
        "status_chart": bar_chart(by_status, width=400),
        "by_country": by_country,
        "by_network": by_network,
        "join_steps": join_steps,
        "applicants": applicants,
        "risks": selectors.network_health(today=today)[:25],
        "open_tasks": tasks,
        "open_count": len(tasks),
        "overdue_count": sum(1 for task in tasks if task.due_on < today),
        "late_invoices": [i for i in invoices if i.due_on < today],
        "due_invoices": [i for i in invoices if i.due_on >= today],
    }


def rendered_sections(*, today: date) -> str:
    """Return the dashboard's sections as HTML, rendered once per state of the records.

    Every viewer of the dashboard sees the same figures, so the HTML is kept in the shared
    cache under the records' generation (any write retires it), the day (the figures of
    overdue tasks, late fees and near elections move with it) and the language.
    """
    key = (
        f"commitment:dashboard:{today.isoformat()}:{get_language()}:"
        f"{selectors.figures_generation()}"
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string("commitment/_dashboard_sections.html", figures(today=today))
        cache.set(key, html, DASHBOARD_CACHE_SECONDS)
    # Our own template, escaped as it rendered.
    return mark_safe(html)


def city_rows(*, today: date) -> list[list[str]]:
    """Return one CSV row per city: membership, steps, concerns, tasks and late fees."""
    header = [
        _("City"),
        _("Country"),
        _("Status"),
        _("Member since"),
        _("National network"),
        _("Join steps done"),
        _("Concerns"),
        _("Open re-engagement tasks"),
        _("Late invoices"),
    ]
    facts = selectors.city_facts(None, today=today)
    steps = Counter(
        JoinStep.objects.filter(state=JoinStep.State.DONE).values_list("city_id", flat=True)
    )
    tasks = Counter(ReengagementTask.objects.open().values_list("city_id", flat=True))
    late = Counter(
        Invoice.objects.unpaid()
        .filter(due_on__lt=today)
        .values_list("agreement__city_id", flat=True)
    )
    rows = [header]
    for city in City.objects.select_related("national_network").order_by("name"):
        concerns = concerns_for(facts[city.pk], today=today)
        rows.append(
            [
                city.name,
                str(city.country),
                city.status,
                city.joined_on.isoformat() if city.joined_on else "",
                city.national_network.name if city.national_network else "",
                str(steps[city.pk]),
                "; ".join(concern.message for concern in concerns),
                str(tasks[city.pk]),
                str(late[city.pk]),
            ]
        )
    return rows
