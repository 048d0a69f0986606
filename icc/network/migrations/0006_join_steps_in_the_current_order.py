"""Keep the join steps as data, in the network's current order; cities started keep theirs.

The network's current order (shared/DOMAIN.md): the city states its interest, the
statement of intent makes membership official, then the Index questionnaire and the expert
visit. The formal decision and the financial agreement stay defined, out of the current
order, for the cities that started with them.
"""

from django.db import migrations

# key, English and French names, position, what completes it, in the current order
STEPS = [
    (
        "expression_of_interest",
        "Expression of interest",
        "Manifestation d’intérêt",
        10,
        "document",
        True,
    ),
    ("statement_of_intent", "Statement of intent", "Déclaration d’intention", 20, "document", True),
    (
        "membership_decision",
        "Membership decision",
        "Décision d’adhésion",
        30,
        "membership_decision",
        True,
    ),
    (
        "index_questionnaire",
        "Index questionnaire",
        "Questionnaire de l’Index",
        40,
        "index_round",
        True,
    ),
    ("expert_visit", "Expert visit", "Visite d’experts", 50, "expert_visit", True),
    (
        "formal_decision",
        "Formal decision of the mayor or council",
        "Décision formelle du maire ou du conseil municipal",
        60,
        "document",
        False,
    ),
    (
        "financial_agreement",
        "Financial agreement",
        "Accord financier",
        70,
        "financial_agreement",
        False,
    ),
]

# The order every city followed before the order was data.
FIRST_SEQUENCE = [
    "formal_decision",
    "index_questionnaire",
    "statement_of_intent",
    "financial_agreement",
    "expert_visit",
    "membership_decision",
]


def define_steps(apps, schema_editor):
    JoinStepDefinition = apps.get_model("network", "JoinStepDefinition")
    City = apps.get_model("network", "City")
    for key, english, french, position, completion, is_in_use in STEPS:
        JoinStepDefinition.objects.update_or_create(
            key=key,
            defaults={
                "names": {"en": english, "fr": french},
                "position": position,
                "completion": completion,
                "is_in_use": is_in_use,
            },
        )
    City.objects.update(join_sequence=FIRST_SEQUENCE)


def forget_steps(apps, schema_editor):
    apps.get_model("network", "City").objects.update(join_sequence=[])
    apps.get_model("network", "JoinStepDefinition").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0005_join_step_definitions")]
    operations = [migrations.RunPython(define_steps, forget_steps)]
