"""Forms of mentoring: pilot cities, proposals, answers, agreements, check-ins, evaluations."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from icc.connections.models import SchemeMember, StudyVisit
from icc.core.uploads import DOCUMENTS, CheckedFileField
from icc.core.versions import VersionField
from icc.network.forms import language_choices
from icc.network.models import City


class DateInput(forms.DateInput):
    input_type = "date"


class MentorForm(forms.Form):
    """A pilot city: the areas it mentors in, its working languages, its capacity."""

    areas = forms.MultipleChoiceField(
        label=_("Index areas it can mentor in"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Proposed from its published results: its areas from 60 up."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), widget=forms.CheckboxSelectMultiple, required=False
    )
    capacity = forms.IntegerField(label=_("Mentees at once"), min_value=1, max_value=10, initial=1)
    is_active = forms.BooleanField(label=_("Takes mentees"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["areas"]).choices = areas
        cast(forms.MultipleChoiceField, self.fields["languages"]).choices = language_choices()


class SchemeForm(forms.Form):
    """A proposed scheme: a pair or a themed group, its cities and its benchmark."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("pair", _("Pair")), ("group", _("Themed group"))],
        widget=forms.RadioSelect,
        initial="pair",
    )
    title = forms.CharField(label=_("Theme"), max_length=200)
    mentors = forms.ModelMultipleChoiceField(
        label=_("Mentor cities"), queryset=City.objects.none(), help_text=_("Pilot cities only.")
    )
    mentees = forms.ModelMultipleChoiceField(label=_("Mentee cities"), queryset=City.objects.none())
    benchmark = forms.CharField(
        label=_("Benchmark of success factors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: the success factors every city of the scheme measures itself by."),
    )
    title_fr = forms.CharField(
        label=_("Theme in French"),
        max_length=200,
        required=False,
        help_text=_("Shown to French readers; the English theme otherwise."),
    )
    benchmark_fr = forms.CharField(
        label=_("Benchmark of success factors in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. Shown to French readers; the English benchmark otherwise."),
    )
    working_language = forms.ChoiceField(
        label=_("Working language"),
        required=False,
        help_text=_(
            "The language the cities write their goals, notes and evaluations in."
            " Left empty, a language every city works in."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["working_language"]).choices = [
            ("", "—"),
            *language_choices(),
        ]
        acting = City.objects.filter(status__in=[City.Status.MEMBER, City.Status.APPLICANT])
        cast(forms.ModelMultipleChoiceField, self.fields["mentors"]).queryset = acting.filter(
            mentor_profile__is_active=True
        )
        cast(forms.ModelMultipleChoiceField, self.fields["mentees"]).queryset = acting


class AnswerForm(forms.Form):
    """A city's answer to a proposed scheme: accept, or decline with a reason."""

    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Accept")), ("0", _("Decline"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to decline."),
    )


class AgreementForm(forms.Form):
    """The agreement's duration, its benchmark of success factors, its working language."""

    duration_months = forms.IntegerField(label=_("Duration in months"), min_value=1, max_value=36)
    benchmark = forms.CharField(
        label=_("Benchmark of success factors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    benchmark_fr = forms.CharField(
        label=_("Benchmark of success factors in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. Shown to French readers; the English benchmark otherwise."),
    )
    working_language = forms.ChoiceField(
        label=_("Working language"),
        required=False,
        help_text=_("The language the cities write their goals, notes and evaluations in."),
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["working_language"]).choices = [
            ("", "—"),
            *language_choices(),
        ]


class GoalForm(forms.Form):
    """A goal on one of a mentee's Index areas, weakest first, with a target."""

    mentee = forms.ModelChoiceField(
        label=_("Mentee"), queryset=City.objects.none(), empty_label=None
    )
    area = forms.ChoiceField(label=_("Index area"), help_text=_("Weakest first, with its score."))
    target = forms.DecimalField(
        label=_("Target"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("The score the mentee aims for, not below its baseline."),
    )
    description = forms.CharField(
        label=_("What the mentee will do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, mentees: QuerySet[City], areas: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["mentee"]).queryset = mentees
        cast(forms.ChoiceField, self.fields["area"]).choices = areas


class GoalChangeForm(forms.Form):
    """A goal's new target and description; its area and baseline stay."""

    target = GoalForm.base_fields["target"]
    description = GoalForm.base_fields["description"]
    version = VersionField(required=False)


class MilestoneForm(forms.Form):
    """A dated milestone of the roadmap and the city that owns it."""

    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=City.objects.none(), empty_label=None)

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = cities


class MilestoneChangeForm(MilestoneForm):
    """A milestone's new title, date or owner, from the version the form started from."""

    version = VersionField(required=False)


class CheckInForm(forms.Form):
    """A dated meeting: notes, decisions, next steps, a document, a study visit."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Markdown.")
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = CheckedFileField(label=_("Document"), required=False, types=DOCUMENTS)
    study_visit = forms.ModelChoiceField(
        label=_("Study visit"), queryset=StudyVisit.objects.none(), required=False
    )

    def __init__(self, *args: Any, visits: QuerySet[StudyVisit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["study_visit"]).queryset = visits


class EvaluationForm(forms.Form):
    """A city's evaluation of the scheme: goals met, what worked, what to change."""

    goals_met = forms.ChoiceField(
        label=_("Were the goals met?"),
        choices=SchemeMember.GoalsMet.choices,
        widget=forms.RadioSelect,
    )
    what_worked = forms.CharField(label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}))
    what_to_change = forms.CharField(
        label=_("What to change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PracticeDraftForm(forms.Form):
    """An outcome of the scheme, to become a draft good practice of the mentee."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


# The three study visits of a 1:1 pair (IncluCities, shared/DOMAIN-METHODS.md), offered as
# a template: each opens the study-visit form of the scheme's connection, programme filled.
STUDY_VISIT_TEMPLATES = {
    "needs": (
        _("Visit 1: needs and action planning"),
        _(
            "Visit 1 (2–3 days): needs and action planning.\n\n- The mentee presents its"
            " situation and needs\n- Site visits at the mentor\n- A first outline of the"
            " mentee's action plan"
        ),
    ),
    "consolidation": (
        _("Visit 2: consolidation"),
        _(
            "Visit 2 (2–3 days): consolidation.\n\n- Progress on the action plan\n- Working"
            " sessions on the hardest points\n- Adjusting the roadmap"
        ),
    ),
    "review": (
        _("Visit 3: review"),
        _(
            "Visit 3 (2–3 days): review.\n\n- What changed and what did not\n- The mentee's"
            " action plan, final\n- What each city takes home"
        ),
    ),
}
