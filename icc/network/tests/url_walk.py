"""What each persona may open among the network's pages and API endpoints."""

from typing import Any

from tests.url_walk import CITY_EDITORS, SIGNED_IN, everyone, only

EXPECTED = {
    "network:home": ("get", "", everyone(200)),
    "network:city-list": ("get", "", everyone(200)),
    "network:city-detail": ("get", "city", everyone(200)),
    "network:city-edit": ("get", "city", only(CITY_EDITORS)),
    "network:city-create": ("get", "", only(["secretariat"])),
    "network:city-membership": ("get", "city", only(CITY_EDITORS)),
    "network:city-status-change": ("get", "city", only(["secretariat"])),
    "network:join-step-edit": ("get", "step", only(["secretariat"])),
    "network:financial-agreement-create": ("get", "city", only(["secretariat"])),
    "network:invoice-create": ("get", "agreement", only(["secretariat"])),
    "network:payment-create": ("get", "invoice", only(["secretariat"])),
    "network:expert-visit-create": ("get", "city", only(["secretariat"])),
    "network:join-step-definition-list": ("get", "", only(["secretariat"])),
    "network:join-step-definition-create": ("get", "", only(["secretariat"])),
    "network:join-step-definition-edit": ("get", "step-definition", only(["secretariat"])),
    "network:failed-task-list": ("get", "", only(["secretariat"])),
    "network:failed-task-retry": ("post", "failure", only(["secretariat"], status=302)),
    "network:national-network-list": ("get", "", everyone(200)),
    "network:national-network-detail": ("get", "network", everyone(200)),
    "network:national-network-edit": ("get", "network", only(["secretariat", "reci_coordinator"])),
    "network:national-network-create": ("get", "", only(["secretariat"])),
    "api-v1:list_cities": ("get", "", everyone(200)),
    "api-v1:get_city": ("get", "city", everyone(200)),
    "api-v1:update_city": (
        "patch",
        "city",
        {name: 200 if name in CITY_EDITORS else 403 for name in SIGNED_IN} | {"visitor": 401},
    ),
    "api-v1:get_city_membership": (
        "get",
        "city",
        {name: 200 if name in CITY_EDITORS else 403 for name in SIGNED_IN} | {"visitor": 401},
    ),
    "api-v1:list_national_networks": ("get", "", everyone(200)),
    "api-v1:get_national_network": ("get", "network", everyone(200)),
}

PATCH_BODIES = {"api-v1:update_city": {"region": "Rhône"}}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key in ("agreement", "invoice", "failure"):
        return (
            {"slug": "lyon", "pk": _membership_records()[key]}
            if key != "failure"
            else {"pk": _membership_records()[key]}
        )
    if key == "step-definition":
        return {"pk": _step_definition()}
    return {
        "city": {"slug": "lyon"},
        "network": {"slug": "reci"},
        "step": {"slug": "lyon", "kind": "statement_of_intent"},
    }.get(key)


def _step_definition() -> int:
    from icc.network.models import JoinStepDefinition

    return JoinStepDefinition.objects.get(key="statement_of_intent").pk


def _membership_records() -> dict[str, int]:
    """Return Lyon's agreement and invoice, and a failed task, made once per walk."""
    from datetime import date

    from django.utils import timezone

    from icc.core.models import TaskFailure
    from icc.network import services
    from icc.network.models import City, FinancialAgreement

    lyon = City.objects.get(slug="lyon")
    agreement = lyon.financial_agreements.first() or services.record_financial_agreement(
        lyon,
        recorded_by=None,
        amount=5000,
        currency="EUR",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    assert isinstance(agreement, FinancialAgreement)
    invoice = agreement.invoices.first() or services.record_invoice(
        agreement,
        recorded_by=None,
        number="WALK-1",
        amount=5000,
        issued_on=date(2026, 1, 1),
        due_on=date(2026, 3, 1),
    )
    failure = TaskFailure.objects.filter(state=TaskFailure.State.FAILED).first()
    if failure is None:
        failure = TaskFailure.objects.create(
            task_path="icc.accounts.tasks.send_invitation_mail",
            state=TaskFailure.State.FAILED,
            args_kwargs={"args": [], "kwargs": {}},
            attempts=3,
            error="walk",
            last_failed_at=timezone.now(),
        )
    return {"agreement": agreement.pk, "invoice": invoice.pk, "failure": failure.pk}
