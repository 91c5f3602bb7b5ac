"""The annual 政令畅通 assessment: 1 point per written criticism (S0-6.3), 不得评为优秀 and the
one-week 整改报告 (S1-2.6), years in China Standard Time; mergeable across partitions."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import Assessment, Category, DubanError, Ledger, RuleSet
from duban_core import strategies as dst
from duban_core.events import BulletinKind, BulletinLevel
from duban_core.oversight import assess, merge_assessments
from oversight_support import Scenario, chooser, partition

CRITICISM, PRAISE = BulletinKind.CRITICISM, BulletinKind.PRAISE


@pytest.fixture
def district() -> Scenario:
    s = Scenario()
    s.item("PS-1", Category.LEADER_INSTRUCTION, date(2024, 9, 2), unit="区住建局", co_units=["区自然资源局"])
    s.item("PS-2", Category.LEADER_INSTRUCTION, date(2024, 9, 2), unit="区教育局")
    return s


def test_every_unit_the_ledger_knows_is_assessed(district: Scenario) -> None:
    district.bulletin("TB-1", date(2024, 3, 5), PRAISE, ["区卫健局"])
    result = assess(district.ledger, 2024)
    assert list(result) == ["区住建局", "区自然资源局", "区教育局", "区卫健局"]
    assert result["区自然资源局"] == Assessment(unit="区自然资源局", year=2024)
    assert result["区卫健局"].praises == 1
    assert result["区卫健局"].excellent_allowed
    assert result["区卫健局"].bulletin_ids == ("TB-1",)


def test_s0_6_3_each_written_criticism_deducts_one_point_and_s1_2_6_blocks_excellent(
    district: Scenario,
) -> None:
    district.bulletin("TB-2", date(2024, 5, 6), CRITICISM, ["区住建局", "区教育局"])
    district.bulletin("TB-3", date(2024, 9, 10), CRITICISM, ["区住建局"], level=BulletinLevel.GOVERNMENT)
    district.bulletin("TB-4", date(2024, 10, 9), PRAISE, ["区教育局"])
    result = district.ledger.assess(2024)
    housing = result["区住建局"]
    assert (housing.criticisms, housing.praises, housing.points_deducted) == (2, 0, 2)
    assert housing.government_criticisms == 1  # 以政府名义通报 (S1-2.6)
    assert not housing.excellent_allowed
    assert housing.bulletin_ids == ("TB-2", "TB-3")
    education = result["区教育局"]
    assert (education.criticisms, education.praises, education.points_deducted) == (1, 1, 1)
    assert not education.excellent_allowed  # a praise does not undo a criticism
    assert result["区自然资源局"].excellent_allowed
    assert "扣减“政令畅通”目标分值2分（依据《区政府督查通知》第六条第3项）" in housing.describe()
    assert "不得评为优秀（依据《安康市督查通知》第二条第（六）项）" in housing.describe()


def test_the_year_is_counted_in_china_standard_time(district: Scenario) -> None:
    # 2024-12-31 16:30 UTC is 2025-01-01 00:30 in Beijing: a 2025 bulletin.
    district.bulletin(
        "TB-NY",
        date(2025, 1, 1),
        CRITICISM,
        ["区住建局"],
        at=datetime(2024, 12, 31, 16, 30, tzinfo=timezone.utc),
    )
    # 2024-12-31 15:59 UTC is 23:59 in Beijing: still 2024.
    district.bulletin(
        "TB-NYE",
        date(2024, 12, 31),
        CRITICISM,
        ["区教育局"],
        at=datetime(2024, 12, 31, 15, 59, tzinfo=timezone.utc),
    )
    assert district.ledger.bulletins["TB-NY"].issued_on == date(2025, 1, 1)
    in_2024 = assess(district.ledger, 2024)
    in_2025 = assess(district.ledger, 2025)
    assert (in_2024["区住建局"].criticisms, in_2025["区住建局"].criticisms) == (0, 1)
    assert (in_2024["区教育局"].criticisms, in_2025["区教育局"].criticisms) == (1, 0)


def test_on_cuts_the_year_short(district: Scenario) -> None:
    district.bulletin("TB-5", date(2024, 6, 3), CRITICISM, ["区住建局"])
    district.bulletin("TB-6", date(2024, 11, 4), CRITICISM, ["区住建局"])
    # The on rule (issue 18): as of 06-02 nothing was recorded yet (the items were drafted
    # in September), so no unit was known and there is nothing to assess.
    assert assess(district.ledger, 2024, on=date(2024, 6, 2)) == {}
    assert assess(district.ledger, 2024, on=date(2024, 6, 3))["区住建局"].criticisms == 1
    assert assess(district.ledger, 2024)["区住建局"].criticisms == 2


def test_s1_2_6_rectification_report_within_one_week(district: Scenario) -> None:
    # Issued Friday 2024-09-27: a week ends 10-04, inside the 国庆 break, so due 2024-10-08.
    district.bulletin("TB-7", date(2024, 9, 27), CRITICISM, ["区住建局", "区教育局", "区自然资源局"])
    district.rectify("TB-7", "区住建局", date(2024, 10, 8))  # on the due day: on time
    district.rectify("TB-7", "区教育局", date(2024, 10, 9))  # a day late: missing by its due day
    missing = {
        u: a.rectifications_missing for u, a in assess(district.ledger, 2024, on=date(2024, 10, 8)).items()
    }
    assert missing == {"区住建局": 0, "区自然资源局": 0, "区教育局": 0}  # not yet past the due day
    after = assess(district.ledger, 2024, on=date(2024, 10, 9))
    assert {u: a.rectifications_missing for u, a in after.items()} == {
        "区住建局": 0,
        "区自然资源局": 1,
        "区教育局": 1,
    }
    assert (
        "1次未在一周内报送整改报告（依据《安康市督查通知》第二条第（六）项）" in after["区教育局"].describe()
    )


def test_a_late_december_criticism_is_a_missing_rectification_only_after_new_year(district: Scenario) -> None:
    # Issued Saturday 2024-12-28: a week ends Saturday 2025-01-04, so due Monday 2025-01-06.
    district.bulletin("TB-8", date(2024, 12, 28), CRITICISM, ["区住建局"])
    assert RuleSet.default().rectification_due(date(2024, 12, 28)).due == date(2025, 1, 6)
    assert assess(district.ledger, 2024)["区住建局"].rectifications_missing == 0
    late = assess(district.ledger, 2024, on=date(2025, 1, 7))["区住建局"]
    assert (late.criticisms, late.rectifications_missing) == (1, 1)


def test_scoring_parameters_come_from_the_rule_set() -> None:
    rules = RuleSet.model_validate(
        {**RuleSet.default().model_dump(), "points_per_criticism": 2, "criticism_blocks_excellent": False}
    )
    s = Scenario(rules)
    s.bulletin("TB-9", date(2024, 4, 1), CRITICISM, ["区住建局"])
    record = assess(s.ledger, 2024)["区住建局"]
    assert (record.points_deducted, record.excellent_allowed) == (2, True)


def test_invalid_year_or_day(district: Scenario) -> None:
    for year in (1999, 2100, "2024", 2024.0, True):
        with pytest.raises(DubanError):
            assess(district.ledger, year)  # type: ignore[arg-type]
    with pytest.raises(DubanError):
        assess(district.ledger, 2024, on=datetime(2024, 5, 1, tzinfo=timezone.utc))


def test_merge_adds_counts_and_ands_excellence() -> None:
    a = Assessment(
        unit="区住建局",
        year=2024,
        criticisms=1,
        points_deducted=1,
        excellent_allowed=False,
        bulletin_ids=("B",),
    )
    b = Assessment(unit="区住建局", year=2024, praises=1, rectifications_missing=0, bulletin_ids=("A",))
    merged = a + b
    assert merged == a.merge(b)
    assert (merged.criticisms, merged.praises, merged.points_deducted, merged.excellent_allowed) == (
        1,
        1,
        1,
        False,
    )
    assert merged.bulletin_ids == ("A", "B")
    with pytest.raises(DubanError):
        a.merge(Assessment(unit="区教育局", year=2024))
    with pytest.raises(DubanError):
        a.merge(Assessment(unit="区住建局", year=2023))
    assert merge_assessments(
        [{"区住建局": a}, {"区住建局": b, "区教育局": Assessment(unit="区教育局", year=2024)}]
    ) == {
        "区住建局": merged,
        "区教育局": Assessment(unit="区教育局", year=2024),
    }


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    parts=st.integers(1, 4),
    year=st.integers(2000, 2099),
    on_offset=st.one_of(st.none(), st.integers(-400, 400)),
    data=st.data(),
)
def test_assessments_of_partitions_merge_to_the_assessment_of_the_whole(
    parts: int, year: int, on_offset: int | None, data: st.DataObject
) -> None:
    stream = data.draw(dst.event_streams(max_items=4, max_events=60), label="stream")
    whole_events, split = partition(stream, chooser(data, parts), parts)
    whole = Ledger.replay(whole_events)
    if whole.bulletins:  # assess the year of some bulletin, so the counts are not all zero
        year = data.draw(
            st.sampled_from(sorted({b.issued_on.year for b in whole.bulletins.values()})), label="year"
        )
    on = None
    if on_offset is not None:
        on = min(
            date(2099, 12, 31),
            max(date(2000, 1, 1), date.fromordinal(date(year, 12, 31).toordinal() + on_offset)),
        )
    merged = merge_assessments(assess(Ledger.replay(events), year, on) for events in split)
    assert merged == assess(whole, year, on)
