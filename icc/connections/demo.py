"""Demo connections between cities of the demo network, flagged as demo data.

Loading twice changes nothing: each connection is looked up by its topic first.
"""

from datetime import date
from typing import Any

from icc.connections import services
from icc.connections.initiatives import demo as initiatives_demo
from icc.connections.mentoring import demo as mentoring_demo
from icc.connections.models import ConnectionRequest
from icc.network.models import City

# topic, area, proposing city, invited cities, answers {city: accept}, log, visit
CONNECTIONS: list[
    tuple[str, str, str, list[str], dict[str, bool], list[tuple[str, str, str]], tuple | None]
] = [
    (
        "Language cafés in libraries",
        "language",
        "lyon",
        ["oslo"],
        {"oslo": True},
        [
            ("oslo", "exchange", "Oslo shared its guide for volunteer hosts."),
            ("lyon", "outcome", "Lyon opened two language cafés in its libraries."),
        ],
        (
            "oslo",
            date(2026, 3, 2),
            date(2026, 3, 4),
            "Camille Martin\nLouis Bernard",
            "- Deichman library\n- Welcome desk\n- Meeting with volunteers",
            "The team brought back a format for weekly tables.",
        ),
    ),
    (
        "Anti-rumour training for city staff",
        "anti_discrimination",
        "lisbon",
        ["barcelona", "sabadell", "bilbao"],
        {"barcelona": True, "sabadell": True},
        [("barcelona", "exchange", "Barcelona sent its training modules in Spanish.")],
        None,
    ),
    ("Mediators in social housing", "mediation", "paris", ["lyon"], {}, [], None),
    (
        "Welcoming refugee families in summer",
        "welcoming",
        "geneva",
        ["zurich"],
        {"zurich": False},
        [],
        None,
    ),
]


def load(stdout: Any) -> None:
    """Add the demo connections once."""
    cities = {city.slug: city for city in City.objects.all()}
    added = 0
    for topic, area, proposer, invited, answers, log, visit in CONNECTIONS:
        if ConnectionRequest.objects.filter(topic=topic).exists():
            continue
        if proposer not in cities or any(slug not in cities for slug in invited):
            continue
        connection = services.propose_connection(
            proposed_by=None,
            from_city=cities[proposer],
            topic=topic,
            area=area,
            to_cities=[cities[slug] for slug in invited],
            is_demo=True,
            message="An invented proposal, to show the platform.",
        )
        for slug, accept in answers.items():
            services.answer_invitation(
                connection, city=cities[slug], accept=accept, answered_by=None
            )
        for slug, kind, text in log:
            services.add_log_entry(connection, author=None, city=cities[slug], text=text, kind=kind)
        if visit:
            host, starts_on, ends_on, participants, programme, report = visit
            services.plan_study_visit(
                connection,
                planned_by=None,
                host=cities[host],
                starts_on=starts_on,
                ends_on=ends_on,
                participants=participants,
                programme=programme,
                report=report,
            )
        added += 1
    stdout.write(f"Connections: {ConnectionRequest.objects.count()} ({added} new).")
    mentoring_demo.load(stdout)
    initiatives_demo.load(stdout)


def load_late(stdout: Any) -> None:
    """What needs the other apps' demo: a meeting held at the events' next event."""
    initiatives_demo.meeting_at_next_event()
