"""Forms of the anti-rumours pages; the rules they share with the services live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.antirumours.models import (
    AGE_GROUPS,
    GENDERS,
    Agent,
    Campaign,
    CityRumour,
    CounterArgument,
    District,
    Item,
    Organisation,
    Rumour,
    Strategy,
    Theme,
    TrainingModule,
    TrainingSession,
)
from icc.core import uploads
from icc.core.versions import VersionField
from icc.network.models import City

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrategyForm(forms.ModelForm):
    version = VersionField(required=False)
    districts = forms.CharField(
        label=_("Districts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line. Leave empty to work for the whole city."),
    )

    class Meta:
        model = Strategy
        fields = [
            "origin",
            "adopted_from",
            "summary",
            "diagnosis_status",
            "counters_status",
            "organisations_status",
            "agents_status",
            "campaigns_status",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_from"].queryset = City.objects.exclude(  # type: ignore[attr-defined]
            pk=self.instance.city_id
        ).order_by("name")
        self.fields["adopted_from"].required = False


class StrategyRecordForm(forms.ModelForm):
    """A record of a strategy: its district is one of the city's."""

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        if "district" in self.fields:
            self.fields["district"].queryset = strategy.districts.all()  # type: ignore[attr-defined]
            self.fields["district"].empty_label = _("The whole city")  # type: ignore[attr-defined]


class CityRumourForm(StrategyRecordForm):
    class Meta:
        model = CityRumour
        fields = [
            "rumour",
            "local_wording",
            "district",
            "where_heard",
            "among_whom",
            "counters",
            "is_public",
        ]
        widgets = {"counters": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, rumour: Rumour | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rumour"].queryset = Rumour.objects.filter(  # type: ignore[attr-defined]
            status=Rumour.Status.PUBLISHED
        )
        self.fields["rumour"].empty_label = _("None: the city's own rumour")  # type: ignore[attr-defined]
        self.fields["counters"].queryset = (  # type: ignore[attr-defined]
            CounterArgument.objects.filter(rumour=rumour)
            if rumour
            else CounterArgument.objects.none()
        )
        self.fields["counters"].help_text = _("The catalogue's counter-arguments the city uses.")


class OrganisationForm(StrategyRecordForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "district",
            "contact_name",
            "contact_email",
            "commitment",
            "joined_on",
        ]
        widgets = {"joined_on": DATE, "commitment": forms.Textarea(attrs={"rows": 3})}


class ModuleForm(StrategyRecordForm):
    class Meta:
        model = TrainingModule
        fields = ["title", "hours"]


class AgentForm(StrategyRecordForm):
    class Meta:
        model = Agent
        fields = ["full_name", "email", "district", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self.strategy.organisations.all()  # type: ignore[attr-defined]


class SessionForm(StrategyRecordForm):
    class Meta:
        model = TrainingSession
        fields = ["module", "held_on", "place", "attendees"]
        widgets = {"held_on": DATE, "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = self.strategy.modules.all()  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = self.strategy.agents.filter(is_erased=False)  # type: ignore[attr-defined]


class CampaignForm(StrategyRecordForm):
    class Meta:
        model = Campaign
        fields = [
            "kind",
            "title",
            "district",
            "plan",
            "starts_on",
            "ends_on",
            "places",
            "audience_reached",
            "partners",
            "agents",
            "counters",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DATE,
            "ends_on": DATE,
            "plan": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.CheckboxSelectMultiple,
            "agents": forms.CheckboxSelectMultiple,
            "counters": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = self.strategy.organisations.all()  # type: ignore[attr-defined]
        self.fields["agents"].queryset = self.strategy.agents.filter(is_erased=False)  # type: ignore[attr-defined]
        self.fields["counters"].queryset = CounterArgument.objects.filter(  # type: ignore[attr-defined]
            adaptations__strategy=self.strategy
        ).distinct()
        self.fields["counters"].help_text = _(
            "The counter-arguments of the rumours the city adapted from the catalogue."
        )


class EvaluationForm(forms.Form):
    version = VersionField(required=False)
    audience_reached = forms.IntegerField(label=_("Audience reached"), min_value=0)
    evaluation = forms.CharField(
        label=_("Evaluation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title of the material"), max_length=200)
    file = uploads.CheckedFileField(label=_("File"))


class RumourForm(forms.Form):
    version = VersionField(required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all())
    statement_en = forms.CharField(
        label=_("As people say it, in English"), max_length=300, required=False
    )
    statement_fr = forms.CharField(
        label=_("As people say it, in French"), max_length=300, required=False
    )

    def __init__(
        self,
        *args: Any,
        cities: list[City] | None = None,
        other_statements: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The statement in other languages: one language and statement a row, the rows
        # given plus a spare one (at most OTHER_LANGUAGE_ROWS).
        given = list((other_statements or {}).items())
        rows = min(OTHER_LANGUAGE_ROWS, len(given) + 1)
        for number in range(1, rows + 1):
            code, text = given[number - 1] if number <= len(given) else ("", "")
            self.fields[f"other_language_{number}"] = forms.ChoiceField(
                label=_("Other language %(number)s") % {"number": number},
                choices=[("", _("No other language")), *other_languages()],
                required=False,
                initial=code,
            )
            self.fields[f"other_statement_{number}"] = forms.CharField(
                label=_("As people say it, in that language"),
                max_length=300,
                required=False,
                initial=text,
            )
        self.other_rows = rows
        if cities:
            self.fields["city"] = forms.ModelChoiceField(
                label=_("Proposed by"),
                queryset=City.objects.filter(pk__in=[c.pk for c in cities]),
                empty_label=None,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        others: dict[str, str] = {}
        for number in range(1, self.other_rows + 1):
            code = data.pop(f"other_language_{number}", "")
            text = (data.pop(f"other_statement_{number}", "") or "").strip()
            if text and not code:
                self.add_error(f"other_language_{number}", _("Choose the statement's language."))
            elif code and not text:
                self.add_error(f"other_statement_{number}", _("Write the statement."))
            elif code in others:
                self.add_error(f"other_language_{number}", _("This language is given twice."))
            elif code:
                others[code] = text
        data["other_statements"] = others
        return data


OTHER_LANGUAGE_ROWS = 5


def other_languages() -> list[tuple[str, str]]:
    """Return the languages a rumour may be written in besides English and French."""
    from django.conf import global_settings
    from django.utils.translation import gettext

    return sorted(
        (
            (code, gettext(name))
            for code, name in global_settings.LANGUAGES
            if code not in ("en", "fr") and "-" not in code
        ),
        key=lambda pair: pair[1],
    )


class ThemeForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=120)
    name_fr = forms.CharField(label=_("Name in French"), max_length=120)


class CounterForm(forms.ModelForm):
    class Meta:
        model = CounterArgument
        fields = [
            "kind",
            "text_en",
            "text_fr",
            "figure",
            "source_title",
            "source_publisher",
            "source_date",
            "scope",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "text_fr": forms.Textarea(attrs={"rows": 3}),
            "source_date": DATE,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A plain text box: the service says what is wrong with a link that is not http(s).
        self.fields["source_url"] = forms.CharField(
            label=_("Link to the source"),
            max_length=500,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "url"}),
        )
        self.order_fields([*self.Meta.fields[:-1], "source_url", "scope"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish in the catalogue")), ("reject", _("Leave it out"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the city"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    district = forms.ModelChoiceField(
        label=_("District surveyed"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole city"),
        help_text=_(
            "A survey of one district, or of the whole city (its waves may still "
            "set quotas by district)."
        ),
    )
    introduction = forms.CharField(
        label=_("Introduction for respondents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One a line: kind | code | English text | French text, and optionally | the "
            "number of the catalogue rumour it measures (shown on the rumour's page). The kind "
            "is likert (agreement from 1 to 5) or yes_no. Each item can then be changed "
            "on its own form until the first answer."
        ),
    )

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = strategy.districts.all()  # type: ignore[attr-defined]
        self.order_fields(["title", "district", "introduction", "items"])


class ItemForm(forms.ModelForm):
    """One survey item, changed on its own until the survey has answers."""

    version = VersionField(required=False)

    class Meta:
        model = Item
        fields = ["kind", "code", "text_en", "text_fr", "rumour"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "code": _("Letters, digits, - and _: the column of the item in a CSV import."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rumour = self.fields["rumour"]
        rumour.queryset = Rumour.objects.filter(  # type: ignore[attr-defined]
            status=Rumour.Status.PUBLISHED
        ).select_related("theme")
        rumour.required = False
        rumour.help_text = _("Shown on the rumour's page with what the waves measured.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def validate_unique(self) -> None:
        """The service checks the code among the survey's items."""


class WaveForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=120)
    fielded_on = forms.DateField(label=_("In the field from"), widget=DATE)
    campaign = forms.ModelChoiceField(
        label=_("Campaign measured"), queryset=Campaign.objects.none(), required=False
    )
    quotas = forms.CharField(
        label=_("Design: quotas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One cell a line: district; age group; gender; number of answers. Leave the "
            "district empty for the whole city. Age groups: 16-29, 30-44, 45-64, 65+; "
            "genders: woman, man, other."
        ),
    )
    links = forms.IntegerField(
        label=_("Single-use answer links to create"), min_value=0, max_value=5000, initial=20
    )

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = strategy.campaigns.all()  # type: ignore[attr-defined]


def answer_form_class(items: list[Item], districts: list[str]) -> type[forms.Form]:
    """Return the form of one answer to a survey: the respondent's cell, then each item."""
    likert = [(str(n), str(n)) for n in range(1, 6)]
    yes_no = [("yes", _("Yes")), ("no", _("No"))]
    fields: dict[str, forms.Field] = {}
    if districts:
        fields["district"] = forms.ChoiceField(
            label=_("District where you live"),
            choices=[("", _("Rather not say"))] + [(d, d) for d in districts],
            required=False,
        )
    fields["age_group"] = forms.ChoiceField(
        label=_("Age group"), choices=[(a, a) for a in AGE_GROUPS], widget=forms.RadioSelect
    )
    fields["gender"] = forms.ChoiceField(
        label=_("Gender"), choices=GENDERS, widget=forms.RadioSelect
    )
    for item in items:
        fields[item.code] = forms.ChoiceField(
            label=str(item),
            choices=likert if item.kind == Item.Kind.LIKERT else yes_no,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("1: do not agree at all; 5: agree completely.")
            if item.kind == Item.Kind.LIKERT
            else "",
        )
    return type("AnswerForm", (forms.Form,), fields)


def answer_form(wave: Any, data: Any = None) -> forms.Form:
    """Return the bound (or empty) answer form of ``wave``."""
    items = list(wave.survey.items.all())
    districts = [d.name for d in wave.survey.strategy.districts.all()]
    return answer_form_class(items, districts)(data)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: district, age_group, gender and one per item code. Nothing is saved "
            "unless every line is right."
        ),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the rumours"), required=False, max_length=200)
