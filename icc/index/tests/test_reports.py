"""The city report's figures: progress across editions through the mapping, peer groups."""

from datetime import date

import pytest
from django.utils import translation

from icc.index.results import reports, selectors
from icc.index.results.comparison import GroupKind
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db


def test_progress_carries_earlier_areas_through_the_mapping(lyon, oslo):
    earlier = shipped_round("v1", label="2016", opens_on=date(2016, 1, 1))
    later = shipped_round("2019", label="2022", opens_on=date(2022, 1, 1))
    publish_result(earlier, lyon, 0.4, spread=0.3)
    publish_result(later, lyon, 0.8, spread=0.3)
    publish_result(later, oslo, 0.6)

    report = reports.build_city_report(lyon, later)

    assert report is not None
    first, second = report.progress_rows
    v1 = selectors.city_result_history(lyon.pk)[0]
    assert first["result"].edition_code == "v1" and second["result"].edition_code == "2019"
    assert first["areas"]["leadership"] == v1.areas["governance"]  # 2019 leadership ← governance
    assert first["areas"]["anti_discrimination"] is None  # new in 2019: no earlier score
    assert second["areas"]["leadership"] == second["result"].areas["leadership"]


def test_report_ranks_the_city_in_each_peer_group(lyon, oslo, barcelona):
    index_round = shipped_round("2019", label="2022")
    publish_result(index_round, lyon, 0.5)
    publish_result(index_round, oslo, 0.9)
    publish_result(index_round, barcelona, 0.7)

    with translation.override("en"):
        report = reports.build_city_report(lyon, index_round, custom_ids=[oslo.pk])

    assert report is not None and report.rank == 3 and report.sample_size == 3
    groups = {group.kind: (group.rank, group.size) for group, _label in report.groups}
    # All three have over 200,000 inhabitants; the test cities have no foreign-born share.
    assert groups[GroupKind.POPULATION] == (3, 3)
    assert GroupKind.FOREIGN_BORN not in groups
    assert groups[GroupKind.CUSTOM] == (2, 2)
    labels = [label for _group, label in report.groups]
    assert "Cities of 200,000 inhabitants or more" in labels


def test_charts_leave_out_what_only_pygal_tooltips_use():
    import re
    from decimal import Decimal
    from xml.etree import ElementTree

    from icc.index.results import charts

    chart = charts.area_profile(
        ["Commitment", "Education"],
        [("Lyon", [Decimal("85.71"), None]), ("Sample average", [Decimal("55.5"), Decimal("60")])],
        title="Score per area (0-100)",
        description="Bar chart of Lyon's score in each area.",
    )

    svg = ElementTree.fromstring(chart.svg)  # noqa: S314 (our own drawing) still well-formed
    assert "Commitment" in chart.svg and "Score per area (0-100)" in chart.svg
    assert svg.find(".//{http://www.w3.org/2000/svg}desc") is None
    assert ":hover" not in chart.svg and "transition" not in chart.svg
    assert "<!--" not in chart.svg
    assert re.search(r'="[^"]*\d\.\d{3}', chart.svg) is None  # coordinates to 1/100 px
