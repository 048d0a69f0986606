"""Every write to cities and national networks, whatever the interface."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.activity import apply_changes, field_changes, record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages
from icc.network import notifications
from icc.network.figures_cache import invalidate_secretariat_figures
from icc.network.join_steps import ship_join_steps
from icc.network.models import (
    FIRST_STATUS_REASON,
    STATUS_TRANSITIONS,
    City,
    CityStatusChange,
    ExpertVisit,
    FinancialAgreement,
    Invoice,
    JoinStep,
    JoinStepDefinition,
    NationalNetwork,
    Payment,
)


@transaction.atomic
def create_city(*, created_by: Actor | None, **fields: Any) -> City:
    """Add a city to the network and record who did it.

    The city starts as an applicant unless ``status`` says otherwise (imports, demo,
    tests); its first status is recorded like every later change.
    """
    city = City(**fields)
    if not city.join_sequence:
        # The city keeps the order of the steps of the day it started, whatever comes later.
        city.join_sequence = current_join_sequence()
    city.full_clean()
    city.save()
    record_activity(created_by, "city.created", city, changes=field_changes({}, fields))
    CityStatusChange.objects.create(
        city=city,
        from_status="",
        to_status=city.status,
        reason=FIRST_STATUS_REASON,
        changed_on=city.joined_on or timezone.localdate(),
        changed_by=author(created_by),
    )
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return city


def current_join_sequence() -> list[str]:
    """Return the keys of the join steps a city starting now goes through, in order.

    The current order always holds the membership decision, so an empty one means an
    emptied table (a database flushed between browser tests): the shipped steps come back.
    """
    keys = list(JoinStepDefinition.objects.current_sequence().values_list("key", flat=True))
    if not keys:
        ship_join_steps()
        keys = list(JoinStepDefinition.objects.current_sequence().values_list("key", flat=True))
    return keys


@transaction.atomic
def update_city(city: City, *, changed_by: Actor | None, data: dict[str, Any]) -> City:
    """Change the city's fields named in ``data``, recording the old and new values.

    Raises ``ValidationError`` (and saves nothing) when the result is invalid, or when
    ``data`` names the status: that changes only through ``change_city_status``.
    """
    if "status" in data or "joined_on" in data:
        raise ValidationError(
            _("The membership status changes only through a recorded status change.")
        )
    changes = apply_changes(city, data)
    if not changes:
        return city
    city.save()
    record_activity(changed_by, "city.updated", city, changes=changes)
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return city


@transaction.atomic
def create_national_network(*, created_by: Actor | None, **fields: Any) -> NationalNetwork:
    """Add a national network and record who did it."""
    network = NationalNetwork(**fields)
    network.full_clean()
    network.save()
    record_activity(
        created_by, "national_network.created", network, changes=field_changes({}, fields)
    )
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return network


@transaction.atomic
def update_national_network(
    network: NationalNetwork, *, changed_by: Actor | None, data: dict[str, Any]
) -> NationalNetwork:
    """Change the national network's fields named in ``data``, recording the change."""
    changes = apply_changes(network, data)
    if not changes:
        return network
    network.save()
    record_activity(changed_by, "national_network.updated", network, changes=changes)
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return network


def missing_join_steps(city: City) -> list[JoinStepDefinition]:
    """Return the steps still to be done before the city may become a member, in order.

    They are the steps before the membership decision in the city's own order.
    """
    done = set(city.join_steps.filter(state=JoinStep.State.DONE).values_list("kind", flat=True))
    missing = []
    for definition in city.join_definitions():
        if definition.completion == JoinStepDefinition.Completion.MEMBERSHIP_DECISION:
            break
        if definition.key not in done:
            missing.append(definition)
    return missing


@transaction.atomic
def change_city_status(
    city: City, *, to: str, reason: str, changed_on: date, changed_by: Actor | None
) -> CityStatusChange:
    """Change the city's membership status and record the reason and date.

    The only way a status changes. An applicant becomes a member only when every join
    step is done; the change then records the membership decision as the last step.
    Raises ``ValidationError`` (and saves nothing) for a change the rules refuse.
    """
    city = City.objects.select_for_update().get(pk=city.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    if to not in STATUS_TRANSITIONS[city.status]:
        raise ValidationError(
            {
                "to": _("A city cannot go from “%(old)s” to “%(new)s”.")
                % {"old": city.get_status_display(), "new": City.Status(to).label}
            }
        )
    if city.status == City.Status.APPLICANT and to == City.Status.MEMBER:
        missing = missing_join_steps(city)
        if missing:
            raise ValidationError(
                {
                    "to": _(
                        "The city cannot become a member yet: these join steps are not done: %(steps)s."  # noqa: E501
                    )
                    % {"steps": ", ".join(step.name() for step in missing)}
                }
            )
        decision = next(
            (
                d.key
                for d in city.join_definitions()
                if d.completion == JoinStepDefinition.Completion.MEMBERSHIP_DECISION
            ),
            JoinStep.Kind.MEMBERSHIP_DECISION,
        )
        _set_step(
            city,
            decision,
            state=JoinStep.State.DONE,
            state_on=changed_on,
            notes=reason,
            changed_by=changed_by,
        )
    change = CityStatusChange.objects.create(
        city=city,
        from_status=city.status,
        to_status=to,
        reason=reason.strip(),
        changed_on=changed_on,
        changed_by=author(changed_by),
    )
    old_status = city.status
    city.status = to
    fields = ["status", "updated_at"]
    if to == City.Status.MEMBER and city.joined_on is None:
        city.joined_on = changed_on
        fields.append("joined_on")
    city.save(update_fields=fields)
    record_activity(
        changed_by,
        "city.status_changed",
        city,
        changes={"status": (old_status, to), "reason": ("", reason.strip())},
    )
    notifications.status_changed(change, by=changed_by)
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return change


def _set_step(city: City, kind: str, *, changed_by: Actor | None, **fields: Any) -> JoinStep:
    step, _created = JoinStep.objects.get_or_create(city=city, kind=kind)
    before = {name: getattr(step, name) for name in fields}
    for name, value in fields.items():
        setattr(step, name, value)
    step.full_clean()
    step.save()
    record_activity(
        changed_by, "join_step.updated", step, about=city, changes=field_changes(before, fields)
    )
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return step


@transaction.atomic
def update_join_step(
    city: City,
    kind: str,
    *,
    changed_by: Actor | None,
    state: str,
    state_on: date | None,
    notes: str = "",
    document: File | None = None,
    index_round_id: int | None = None,
) -> JoinStep:
    """Record where one join step stands, with its date and document.

    The step must be one of the city's own steps. It is done only with its date, and with
    what its definition's ``completion`` asks: a signed document, an agreement on record,
    an expert visit with its Intercultural Profile report. The membership decision is
    taken through ``change_city_status``. Raises ``ValidationError``, saving nothing.
    """
    definition = next((d for d in city.join_definitions() if d.key == kind), None)
    if definition is None:
        raise ValidationError(_("This step is not one of the city's join steps."))
    completion = definition.completion
    if completion == JoinStepDefinition.Completion.MEMBERSHIP_DECISION:
        raise ValidationError(_("The membership decision is recorded by making the city a member."))
    step = JoinStep.objects.filter(city=city, kind=kind).first()
    errors: dict[str, str] = {}
    if state != JoinStep.State.NOT_STARTED and state_on is None:
        errors["state_on"] = _("Give the date of this step.")
    if state == JoinStep.State.DONE:
        has_document = bool(document) or bool(step and step.document)
        if completion == JoinStepDefinition.Completion.DOCUMENT and not has_document:
            errors["document"] = _("Attach the signed document to mark this step done.")
        if (
            completion == JoinStepDefinition.Completion.FINANCIAL_AGREEMENT
            and not city.financial_agreements.exists()
        ):
            errors["state"] = _("Record the financial agreement before marking this step done.")
        if (
            completion == JoinStepDefinition.Completion.EXPERT_VISIT
            and not city.expert_visits.exclude(profile_report="").exists()
        ):
            errors["state"] = _(
                "Record the expert visit with its Intercultural Profile report first."
            )
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {"state": state, "state_on": state_on, "notes": notes}
    if document:
        fields["document"] = document
    if completion == JoinStepDefinition.Completion.INDEX_ROUND:
        fields["index_round_id"] = index_round_id
    return _set_step(city, kind, changed_by=changed_by, **fields)


@transaction.atomic
def record_financial_agreement(
    city: City, *, recorded_by: Actor | None, **fields: Any
) -> FinancialAgreement:
    """Record the fee the city agreed to, for a period."""
    agreement = FinancialAgreement(city=city, **fields)
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    agreement.full_clean()
    agreement.save()
    record_activity(
        recorded_by,
        "financial_agreement.recorded",
        agreement,
        about=city,
        changes=field_changes({}, fields),
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return agreement


@transaction.atomic
def record_invoice(
    agreement: FinancialAgreement, *, recorded_by: Actor | None, **fields: Any
) -> Invoice:
    """Record an invoice sent under the agreement."""
    invoice = Invoice(agreement=agreement, **fields)
    if invoice.due_on and invoice.issued_on and invoice.due_on < invoice.issued_on:
        raise ValidationError({"due_on": _("An invoice cannot be due before it is issued.")})
    invoice.full_clean()
    invoice.save()
    record_activity(
        recorded_by,
        "invoice.recorded",
        invoice,
        about=agreement.city,
        changes=field_changes({}, fields),
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return invoice


@transaction.atomic
def record_payment(
    invoice: Invoice, *, recorded_by: Actor | None, amount: Decimal, paid_on: date
) -> Payment:
    """Record money received against the invoice; refuse more than what is still due."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    outstanding = invoice.amount - paid
    if amount > outstanding:
        raise ValidationError(
            {
                "amount": _(
                    "This payment is larger than what is still due on the invoice (%(due)s)."
                )
                % {"due": outstanding}
            }
        )
    payment = Payment(invoice=invoice, amount=amount, paid_on=paid_on)
    payment.full_clean()
    payment.save()
    if amount == outstanding:
        invoice.paid_in_full_on = paid_on
        invoice.save(update_fields=["paid_in_full_on"])
    record_activity(
        recorded_by,
        "payment.recorded",
        payment,
        about=invoice.agreement.city,
        changes={"amount": (None, amount), "paid_on": (None, paid_on)},
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return payment


@transaction.atomic
def record_expert_visit(
    city: City,
    *,
    recorded_by: Actor | None,
    experts: list[Any],
    starts_on: date,
    ends_on: date,
    profile_report: File | None = None,
) -> ExpertVisit:
    """Record the expert visit, its experts and the Intercultural Profile report."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The visit cannot end before it starts.")})
    visit = ExpertVisit(city=city, starts_on=starts_on, ends_on=ends_on)
    if profile_report:
        visit.profile_report = profile_report
    visit.full_clean()
    visit.save()
    visit.experts.set(experts)
    record_activity(
        recorded_by,
        "expert_visit.recorded",
        visit,
        about=city,
        changes={
            "starts_on": (None, starts_on),
            "ends_on": (None, ends_on),
            "experts": (None, sorted(str(expert) for expert in experts)),
        },
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return visit


@transaction.atomic
def save_join_step_definition(
    definition: JoinStepDefinition | None,
    *,
    saved_by: Actor | None,
    names: dict[str, str],
    position: int,
    completion: str,
    is_in_use: bool,
) -> JoinStepDefinition:
    """Add a join step, or change its names, place, completion or use, recording the change.

    Cities already on their way keep their own order (``City.join_sequence``): only cities
    that start afterwards follow the change. The current order keeps exactly one membership
    decision. Raises ``ValidationError``, saving nothing.
    """
    names = {language: name.strip() for language, name in names.items() if name.strip()}
    if not names.get("en"):
        raise ValidationError({"name_en": _("Give the step a name in English.")})
    is_new = definition is None
    if definition is None:
        definition = JoinStepDefinition(key=_unique_step_key(names["en"]))
    before = {
        "names": dict(definition.names),
        "position": definition.position,
        "completion": definition.completion,
        "is_in_use": definition.is_in_use,
    }
    after = {"names": names, "position": position, "completion": completion, "is_in_use": is_in_use}
    for name, value in after.items():
        setattr(definition, name, value)
    definition.full_clean()
    definition.save()
    decisions = JoinStepDefinition.objects.current_sequence().filter(
        completion=JoinStepDefinition.Completion.MEMBERSHIP_DECISION
    )
    if decisions.count() != 1:
        raise ValidationError(
            {"completion": _("The current order needs exactly one membership decision.")}
        )
    changes = field_changes(before, after)
    if "names" in changes:
        old, new = changes.pop("names")
        for language in sorted(set(old or {}) | set(new)):
            if (old or {}).get(language) != new.get(language):
                changes[f"{language}.name"] = ((old or {}).get(language), new.get(language))
    record_activity(
        saved_by,
        "join_step_definition.created" if is_new else "join_step_definition.updated",
        definition,
        changes=changes,
    )
    transaction.on_commit(invalidate_public_pages)
    transaction.on_commit(invalidate_secretariat_figures)
    return definition


def _unique_step_key(name: str) -> str:
    base = slugify(name).replace("-", "_")[:28] or "step"
    key, number = base, 2
    while JoinStepDefinition.objects.filter(key=key).exists():
        key, number = f"{base}_{number}", number + 1
    return key
