"""Forms of common initiatives (issue 17)."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from icc.connections.initiatives.models import Member, Output
from icc.core.uploads import DOCUMENTS, CheckedFileField
from icc.core.versions import VersionField
from icc.network.models import City, PopulationBand


class CallForm(forms.Form):
    """A call for partners: aim, areas, partners wanted, deadlines."""

    lead_city = forms.ModelChoiceField(
        label=_("Lead city"), queryset=City.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(
        label=_("Title in French"),
        max_length=200,
        required=False,
        help_text=_("Needed to publish the public page."),
    )
    aim = forms.CharField(
        label=_("Aim"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Markdown.")
    )
    aim_fr = forms.CharField(
        label=_("Aim in French"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Markdown. Needed to publish the public page."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Index areas"), widget=forms.CheckboxSelectMultiple, required=False
    )
    wanted_size = forms.ChoiceField(
        label=_("Size of partners wanted"),
        choices=[("", _("Any size")), *PopulationBand.choices],
        required=False,
    )
    wanted_language = forms.ChoiceField(
        label=_("Working language wanted"),
        choices=[("", _("Any language")), *settings.LANGUAGES],
        required=False,
    )
    wanted_area = forms.ChoiceField(label=_("Experience wanted in"), required=False)
    deadline = forms.DateField(
        label=_("Deadline for interest"), widget=forms.DateInput(attrs={"type": "date"})
    )
    funding_programme = forms.CharField(
        label=_("Funding programme"), max_length=200, required=False
    )
    funding_deadline = forms.DateField(
        label=_("Funding deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(
        self, *args: Any, leads: list[City], areas: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        lead = cast(forms.ModelChoiceField, self.fields["lead_city"])
        lead.queryset = City.objects.filter(pk__in=[city.pk for city in leads])
        if len(leads) == 1:
            lead.required = True
            lead.initial = leads[0].pk
        cast(forms.ChoiceField, self.fields["areas"]).choices = areas
        cast(forms.ChoiceField, self.fields["wanted_area"]).choices = [
            ("", _("No particular area")),
            *areas,
        ]


class CallEditForm(CallForm):
    """The lead changes a call: the same fields but the lead city, from a version."""

    version = VersionField()

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, leads=[], areas=areas, **kwargs)
        self.fields.pop("lead_city")


class RoleForm(forms.Form):
    """The lead changes a member city's role."""

    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices)


class MeetingForm(forms.Form):
    """A partners' meeting, on its own or held at an event of the network."""

    event = forms.TypedChoiceField(
        label=_("Held at an event of the network"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave empty for a meeting of your own."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("The event's title when left empty."),
    )
    title_fr = forms.CharField(
        label=_("Title in French"),
        max_length=200,
        required=False,
        help_text=_("Shown to French readers; the English title when left empty."),
    )
    meets_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The event's first day when left empty."),
    )
    at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    until = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Calendars show an hour when left empty."),
    )
    place = forms.CharField(label=_("Place or online link"), max_length=300, required=False)

    def __init__(self, *args: Any, events: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["event"]).choices = [("", _("No event")), *events]


class MeetingEditForm(MeetingForm):
    """A meeting's change, from the version the form started at."""

    version = VersionField()


class InterestForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none())
    role = forms.ChoiceField(
        label=_("Join as"),
        choices=[(Member.Role.PARTNER, _("Partner")), (Member.Role.OBSERVER, _("Observer"))],
        initial=Member.Role.PARTNER,
        widget=forms.RadioSelect,
        help_text=_("An observer reads the workspace and writes nothing."),
    )
    note = forms.CharField(
        label=_("Short note"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, cities: list[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["city"])
        field.queryset = City.objects.filter(pk__in=[city.pk for city in cities])
        if len(cities) == 1:
            field.initial = cities[0].pk


class MemberForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.filter(status=City.Status.MEMBER)
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in Member.Role.choices if c[0] != Member.Role.LEAD]
    )


class WorkPackageForm(forms.Form):
    title = forms.CharField(label=_("Work package"), max_length=200)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=City.objects.none(), required=False)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, cities: list[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = City.objects.filter(pk__in=[city.pk for city in cities])


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = CheckedFileField(label=_("File"), types=DOCUMENTS)


class VersionUploadForm(forms.Form):
    """A new version of a shared document."""

    file = CheckedFileField(label=_("New version"), types=DOCUMENTS)


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Output.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    title_fr = forms.CharField(
        label=_("Title in French"),
        max_length=200,
        required=False,
        help_text=_("Needed to publish the public page."),
    )
    summary_fr = forms.CharField(
        label=_("Summary in French"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutputEditForm(OutputForm):
    """An output's texts, from the version the form started at."""

    version = VersionField()
