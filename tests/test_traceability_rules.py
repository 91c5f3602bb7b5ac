"""Tests for clauses of the catalogue that no other test file checks directly.

Named in docs/traceability.md. Each test cites its clause.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from duban_core import Category, Ledger, RuleSet, State
from duban_core.clauses import CLAUSES
from duban_core.events import InspectionPlanned
from duban_core.rules import Monthly, SameDay, Weekly
from test_traceability import rows
from workflow_support import OFFICE, at, ledger_in

#: The rule each category gets from RuleSet.default(), as the catalogue's time-limit column
#: states it (S0-4.1 … S0-4.6; S1-1.5 states none).
DEFAULT_RULE = {
    Category.SUPERIOR_DECISION: "5日",
    Category.WORK_REPORT_TASK: "规定时限",
    Category.MEETING_DECISION: "7日",
    Category.LEADER_INSTRUCTION: "5日",
    Category.DEPUTY_PROPOSAL: "3个月",
    Category.MEDIA_ISSUE: "规定时限",
    Category.OTHER_ASSIGNED: "规定时限",
}


def catalogue_categories() -> list[tuple[tuple[str, ...], str]]:
    """The catalogue's categories: (source clauses, the clause setting the time limit)."""
    return [(category.sources, category.clause) for category in Category]


def test_the_catalogues_categories_are_the_librarys() -> None:
    # S0-2.1…S0-2.6, S1-1.1…S1-1.6, S2-1.3, S2-2.1, S3-3, S4-6.1…S4-6.6: the catalogue lists the
    # categories in the order of duban_core.Category; each has the time limit the catalogue gives.
    table = catalogue_categories()
    assert len(table) == len(Category)
    rules = RuleSet.default()
    for category, (sources, limit) in zip(Category, table, strict=True):
        assert sources, category
        assert set(sources) <= set(CLAUSES)
        # The clause that sets the limit is S0-4.x (media issues: their source, S1-1.5).
        assert limit == ("S1-1.5" if category is Category.MEDIA_ISSUE else f"S0-4.{sources[0][-1]}")
        assert rules.rule_for(category).describe() == DEFAULT_RULE[category]
        days = re.search(r"(\d+)日内", CLAUSES[limit].summary)
        if days:
            assert DEFAULT_RULE[category] == f"{days.group(1)}日"


def test_the_traceability_table_files_each_source_clause_under_its_category() -> None:
    # Every clause the catalogue lists as a source of a category is modelled, in the table,
    # by that category (a clause listed under two categories names both).
    under: dict[str, set[Category]] = {}
    for category, (sources, _limit) in zip(Category, catalogue_categories(), strict=True):
        for clause in sources:
            under.setdefault(clause, set()).add(category)
    by_clause = {clause: row for row in rows() for clause in row.clauses}
    for clause, categories in under.items():
        row = by_clause[clause]
        assert row.status != "不建模", clause
        for category in categories:
            assert f"Category.{category.value}" in row.how, (clause, category)


@pytest.mark.parametrize("category", list(Category))
def test_urgent_items_of_any_category_are_handled_on_arrival(category: Category) -> None:
    # Catalogue row "any: 紧急事项" (S0-4.6, S2-1.3): 随到随办, 特事特办、急事急办.
    deadline = RuleSet.default().deadline(category, date(2024, 10, 1), urgent=True)
    assert deadline.rule == SameDay()
    assert deadline.due == date(2024, 10, 1)
    assert deadline.clause == "S0-4.6"


def test_a_return_visit_after_closing_is_planned_as_an_inspection() -> None:
    # S4-21 回访复核: after an item is closed and archived, the office plans a return visit as an
    # inspection activity naming the item; the item itself stays archived.
    ledger: Ledger = ledger_in(State.ARCHIVED, "2024-DB-021")
    visit = InspectionPlanned(
        inspection_id="HF-2024-03",
        at=at(2024, 11, 4, 9),
        by=OFFICE,
        organiser="区政府督查室",
        topic="回访复核：老旧小区改造批示落实情况",
        units=("区住建局",),
        start=date(2024, 11, 11),
        end=date(2024, 11, 12),
        item_ids=("2024-DB-021",),
    )
    ledger = ledger.apply(visit)
    assert ledger.inspections["HF-2024-03"].item_ids == ("2024-DB-021",)
    assert ledger.items["2024-DB-021"].state is State.ARCHIVED
    assert Ledger.replay(ledger.events) == ledger


def test_monthly_and_weekly_reports_can_be_required_per_category() -> None:
    # S4-20 挂图作战 items reported periodically; S4-23 月度交账; S4-24 周督查: a rule set may give
    # any category a monthly or weekly progress-report schedule, on the working-day calendar.
    default = RuleSet.default()
    categories = dict(default.categories)
    categories[Category.MEETING_DECISION] = categories[Category.MEETING_DECISION].model_copy(
        update={"reports": Weekly()}
    )
    categories[Category.OTHER_ASSIGNED] = categories[Category.OTHER_ASSIGNED].model_copy(
        update={"reports": Monthly()}
    )
    rules = default.model_copy(update={"categories": categories})
    rules = RuleSet.model_validate_json(rules.model_dump_json())
    # Fridays after 2024-09-20 up to the week of 2024-10-10; Friday 10-04 is 国庆节 → 10-08.
    assert rules.report_dates(Category.MEETING_DECISION, date(2024, 9, 20), date(2024, 10, 10)) == [
        date(2024, 9, 27),
        date(2024, 10, 8),
        date(2024, 10, 11),
    ]
    # Month ends: 2024-08-31 is a Saturday → 09-02; 2024-09-30 a Monday.
    assert rules.report_dates(Category.OTHER_ASSIGNED, date(2024, 8, 1), date(2024, 9, 30)) == [
        date(2024, 9, 2),
        date(2024, 9, 30),
    ]
    assert rules.report_dates(Category.LEADER_INSTRUCTION, date(2024, 8, 1), date(2024, 9, 30)) == []
