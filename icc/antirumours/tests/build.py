"""State of the anti-rumours tests, built through the services as people build it."""

from datetime import date
from typing import Any

from icc.antirumours.models import (
    Agent,
    Campaign,
    CityRumour,
    Organisation,
    Rumour,
    Strategy,
    Theme,
    TrainingModule,
    TrainingSession,
    Wave,
)
from icc.antirumours.services import catalogue, surveys
from icc.antirumours.services import strategy as strategy_services
from icc.network.models import City

ITEMS = (
    "likert | trust | Newcomers are trustworthy neighbours | Les nouveaux venus sont des voisins "
    "de confiance\n"
    "yes_no | aid | Migrants receive more social aid than others | Les migrants reçoivent plus "
    "d’aides sociales que les autres"
)


def published_rumour(by: Any) -> Rumour:
    """Return a published catalogue rumour with a factual and a narrative counter-argument."""
    rumour = catalogue.create_rumour(
        by=by,
        theme=Theme.classic("services"),
        statement_en="They get all the social aid",
        statement_fr="Ils touchent toutes les aides sociales",
    )
    catalogue.add_counter(
        rumour,
        by=by,
        kind="factual",
        text_en="Aid depends on income and residence, not on origin.",
        text_fr="Les aides dépendent des revenus et de la résidence, pas de l’origine.",
        figure="Same rules for all",
        source_title="Social benefits rules",
        source_publisher="City social services",
        source_date=date(2024, 1, 1),
        source_url="https://example.org/rules",
        scope="The city",
    )
    catalogue.add_counter(
        rumour,
        by=by,
        kind="narrative",
        text_en="Amina works nights at the hospital and pays the same taxes as you.",
        text_fr="Amina travaille de nuit à l’hôpital et paie les mêmes impôts que vous.",
    )
    return catalogue.decide_rumour(rumour, by=by, publish=True)


def full_strategy(city: City, by: Any, rumour: Rumour) -> dict[str, Any]:
    """Build a strategy with a record at every step, a survey and two waves; return them."""
    strategy = strategy_services.start_strategy(city, by=by)
    strategy = strategy_services.update_strategy(
        strategy,
        by=by,
        expected_version=strategy.version,
        districts=["North", "South"],
        origin=Strategy.Origin.ADOPTED,
        adopted_from=None,
        summary="",
        diagnosis_status="done",
        counters_status="done",
        organisations_status="in_progress",
        agents_status="in_progress",
        campaigns_status="not_started",
    )
    north = strategy.districts.get(name="North")
    adapted = strategy_services.add_city_rumour(
        strategy,
        CityRumour(
            rumour=rumour, local_wording="They get everything", district=north, is_public=True
        ),
        by=by,
        counters=list(rumour.counters.all()),
    )
    org = strategy_services.add_organisation(
        strategy,
        Organisation(
            name="Neighbours' association",
            kind="association",
            contact_name="Jo Contact",
            contact_email="jo@example.org",
            joined_on=date(2024, 2, 1),
        ),
        by=by,
    )
    module = strategy_services.add_module(
        strategy, TrainingModule(title="Rumours and prejudice", hours=2), by=by
    )
    agent = strategy_services.add_agent(
        strategy, Agent(full_name="Ana Agent", email="ana@example.org", organisation=org), by=by
    )
    session = strategy_services.add_session(
        strategy,
        TrainingSession(module=module, held_on=date(2024, 3, 1), place="Library"),
        by=by,
        attendees=[agent],
    )
    campaign = strategy_services.add_campaign(
        strategy,
        Campaign(title="Coffee and facts", starts_on=date(2024, 4, 1), ends_on=date(2024, 5, 1)),
        by=by,
        partners=[org],
        agents=[agent],
        counters=list(rumour.counters.all()),
    )
    survey = surveys.create_survey(
        strategy, by=by, title="Perceptions", introduction="", items=ITEMS
    )
    before = surveys.create_wave(
        survey,
        by=by,
        label="Spring baseline",
        fielded_on=date(2024, 3, 1),
        campaign=None,
        quotas="North; 16-29; woman; 10\nSouth; 30-44; man; 10",
        links=3,
    )
    after = surveys.create_wave(
        survey,
        by=by,
        label="Autumn follow-up",
        fielded_on=date(2024, 6, 1),
        campaign=campaign,
        quotas="",
        links=3,
    )
    return {
        "strategy": strategy,
        "adapted": adapted,
        "agent": agent,
        "session": session,
        "campaign": campaign,
        "survey": survey,
        "before": before,
        "after": after,
    }


def answers(wave: Wave, rows: list[tuple[str, str, str, int, str]]) -> None:
    """Store answers ``(district, age, gender, trust, aid)`` in a wave at once, and count
    them (the services count the answers they save)."""
    from icc.antirumours.models import Answer
    from icc.antirumours.services.surveys import recount_answers

    Answer.objects.bulk_create(
        [
            Answer(
                wave=wave,
                district=wave.survey.strategy.districts.filter(name=d).first(),
                age_group=a,
                gender=g,
                values={"trust": t, "aid": int(y == "yes")},
                source=Answer.Source.IMPORT,
            )
            for d, a, g, t, y in rows
        ]
    )
    recount_answers(wave)
