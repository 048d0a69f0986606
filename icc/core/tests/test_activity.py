from icc.core.activity import describe_changes, field_changes, record_activity, verb_label
from icc.core.models import Activity


def test_recorded_activity_keeps_actor_verb_target_and_changes(lyon, lyon_coordinator) -> None:
    entry = record_activity(
        lyon_coordinator.user, "city.updated", lyon, changes={"population": (1, 2)}
    )
    stored = Activity.objects.get(pk=entry.pk)
    assert stored.actor == lyon_coordinator.user
    assert stored.target == lyon
    assert stored.changes == {"population": [1, 2]}
    assert list(Activity.objects.about(lyon).filter(verb="city.updated")) == [stored]


def test_anonymous_actor_is_recorded_as_the_platform(lyon) -> None:
    assert record_activity(None, "city.updated", lyon).actor is None


def test_field_changes_lists_only_what_differs() -> None:
    assert field_changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": (2, 3)}


def test_registered_verbs_have_translated_labels() -> None:
    assert str(verb_label("city.updated")) == "updated the city profile"
    assert verb_label("unknown.verb") == "unknown.verb"


def test_a_related_record_named_instead_of_keyed_is_shown_as_written(lyon, reci) -> None:
    entry = record_activity(
        None, "city.updated", lyon, changes={"national_network": (None, "RECI")}
    )

    rows = describe_changes(entry)

    assert [(row.before, row.after) for row in rows] == [("—", "RECI")]
