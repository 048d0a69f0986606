"""Forms of the policy lab: the services check the rules; forms read and label the fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from icc.core.uploads import CheckedFileField
from icc.core.versions import VersionField
from icc.network.models import City, NationalNetwork
from icc.policylab import framework
from icc.policylab.models import (
    WRITTEN_IN,
    Level,
    NationalStrategy,
    Outcome,
    Stakeholder,
    StrategyMapping,
    Uptake,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *[(code, str(name)) for code, name in countries]]


class StakeholderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Stakeholder.Kind.choices)
    country = forms.ChoiceField(
        label=_("Country"),
        choices=_country_choices,
        required=False,
        help_text=_("Leave empty for a European body."),
    )
    region = forms.CharField(label=_("Region"), max_length=120, required=False)
    cities = forms.ModelMultipleChoiceField(
        label=_("Related ICC cities"), queryset=City.objects.order_by("name"), required=False
    )
    national_networks = forms.ModelMultipleChoiceField(
        label=_("Related national networks"),
        queryset=NationalNetwork.objects.order_by("name"),
        required=False,
    )
    version = VersionField(required=False)

    def record(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in ("name", "level", "kind", "country", "region")
        }


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Keep this stakeholder"),
        queryset=Stakeholder.objects.none(),
        help_text=_(
            "Contacts, labs, commitments and uptakes move to it; this one is kept as merged."
        ),
    )

    def __init__(self, *args: Any, duplicate: Stakeholder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Merged ones stay listed: the service explains why they cannot be chosen.
        self.fields["into"].queryset = Stakeholder.objects.exclude(pk=duplicate.pk)  # type: ignore[attr-defined]


class LabForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    theme_en = forms.CharField(label=_("Theme (English)"), widget=forms.Textarea, max_length=2000)
    theme_fr = forms.CharField(
        label=_("Theme (French)"), widget=forms.Textarea, max_length=2000, required=False
    )
    place = forms.CharField(label=_("Place"), max_length=150)
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Participating stakeholders"),
        queryset=Stakeholder.objects.active(),
        required=False,
    )
    is_published = forms.BooleanField(label=_("Show the outcomes in public"), required=False)
    version = VersionField(required=False)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    agenda_en = forms.CharField(label=_("Agenda (English)"), widget=forms.Textarea, max_length=5000)
    agenda_fr = forms.CharField(
        label=_("Agenda (French)"), widget=forms.Textarea, max_length=5000, required=False
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = CheckedFileField(label=_("Document"))


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Outcome.Kind.choices)
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea, max_length=3000)
    text_fr = forms.CharField(
        label=_("Text (French)"), widget=forms.Textarea, max_length=3000, required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner of the commitment"), queryset=Stakeholder.objects.active(), required=False
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Outcome.Status.choices)
    follow_up = forms.CharField(
        label=_("What was done"), widget=forms.Textarea, max_length=3000, required=False
    )
    follow_up_language = forms.ChoiceField(
        label=_("Written in"), choices=WRITTEN_IN, initial="en", widget=forms.RadioSelect
    )
    version = VersionField(required=False)


class UptakeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of uptake"), choices=Uptake.Kind.choices)
    adopter_city = forms.ModelChoiceField(
        label=_("City that adopted it"), queryset=City.objects.order_by("name"), required=False
    )
    adopter_stakeholder = forms.ModelChoiceField(
        label=_("Body that took it up"),
        queryset=Stakeholder.objects.active(),
        required=False,
        help_text=_("For a policy, a law or a programme."),
    )
    strategy = forms.ModelChoiceField(
        label=_("National strategy"),
        queryset=NationalStrategy.objects.all(),
        required=False,
    )
    source = forms.ModelChoiceField(
        label=_("Taken from"),
        queryset=Uptake.objects.none(),
        required=False,
        empty_label=_("The city where the practice began"),
    )
    adopted_on = forms.DateField(label=_("Taken up on"), widget=DateInput())
    adaptation = forms.CharField(
        label=_("What was adapted, and why"), widget=forms.Textarea, max_length=3000, required=False
    )
    adaptation_language = forms.ChoiceField(
        label=_("Written in"),
        choices=WRITTEN_IN,
        initial="en",
        widget=forms.RadioSelect,
        help_text=_("Write it once, in your working language; the page marks the language."),
    )
    # A text field: the service explains which addresses it accepts.
    evidence_url = forms.CharField(label=_("Evidence (link)"), max_length=500, required=False)
    evidence_file = CheckedFileField(label=_("Evidence (document)"), required=False)
    elements = forms.MultipleChoiceField(
        label=_("Elements of the model framework it serves"),
        choices=framework.element_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, practice_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (  # type: ignore[attr-defined]
            Uptake.objects.filter(practice_id=practice_id)
            .live()
            .select_related("adopter_city", "adopter_stakeholder", "strategy")
        )


class UptakeChangeForm(forms.Form):
    """What may change in an uptake; who took it up, and from whom, stay."""

    adopted_on = UptakeForm.base_fields["adopted_on"]
    adaptation = UptakeForm.base_fields["adaptation"]
    adaptation_language = UptakeForm.base_fields["adaptation_language"]
    evidence_url = UptakeForm.base_fields["evidence_url"]
    evidence_file = CheckedFileField(
        label=_("Evidence (document)"),
        required=False,
        help_text=_("A new document replaces the one kept."),
    )
    elements = UptakeForm.base_fields["elements"]
    version = VersionField(required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_("Kept in the log and sent to those concerned."),
    )
    version = VersionField(required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("reject", _("Do not confirm"))]
    )
    version = VersionField(required=False)


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=250, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput(), required=False)
    link = forms.CharField(label=_("Link"), max_length=200, required=False)


class MappingForm(forms.Form):
    """One coverage choice per element of the framework (the version of the strategy beside)."""

    version = VersionField(required=False)

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for element in framework.elements():
            self.fields[f"coverage_{element.code}"] = forms.ChoiceField(
                label=element.title,
                choices=StrategyMapping.Coverage.choices,
                initial=current.get(element.code, StrategyMapping.Coverage.ABSENT),
                widget=forms.RadioSelect,
            )

    def coverage(self) -> dict[str, str]:
        return {
            element.code: self.cleaned_data[f"coverage_{element.code}"]
            for element in framework.elements()
        }
