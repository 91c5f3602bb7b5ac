"""The annual 政令畅通 assessment (考核) of each unit, from the bulletins.

* S0-6.3: each written 通报批评 deducts ``rules.points_per_criticism`` (1) points from the
  unit's 政令畅通 target score; units that work promptly and well are 通报表扬.
* S1-2.6: a criticised unit's annual assessment cannot be 优秀 (``excellent_allowed`` is
  False when ``rules.criticism_blocks_excellent``); it must file a written 整改报告 within one
  week of the bulletin (``rules.rectification_due``).

:func:`assess` counts, for **every unit the ledger knows** (items' lead and co-units, units
named in bulletins), the bulletins issued in ``year`` — by the bulletin's day in China
Standard Time (``Bulletin.issued_on``) — up to ``on`` (default 31 December of ``year``).
``rectifications_missing`` counts criticisms with no rectification report filed by its due
day, counted once ``on`` is after that day; so ``assess(2024, on=date(2025, 1, 10))`` also
sees a late 整改报告 for a bulletin of 28 December 2024.

Assessments of ledgers holding disjoint bulletins merge (:meth:`Assessment.merge`,
:func:`merge_assessments`): counts add, ``excellent_allowed`` is the conjunction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from duban_core._checks import check_day, check_int
from duban_core.clauses import cite
from duban_core.errors import DubanError
from duban_core.events import BulletinKind, BulletinLevel

from ._view import LedgerView, answers_as_of

__all__ = ["Assessment", "assess", "merge_assessments"]


@dataclass(frozen=True, slots=True)
class Assessment:
    """One unit's record for the year: bulletins, points deducted, whether 优秀 is allowed.

    ``government_criticisms`` counts the criticisms issued in the government's name (serious
    cases, S1-2.6). ``bulletin_ids`` lists the bulletins counted (sorted), so every point is
    traceable to its bulletin.
    """

    unit: str
    year: int
    criticisms: int = 0
    praises: int = 0
    points_deducted: int = 0
    excellent_allowed: bool = True
    rectifications_missing: int = 0
    government_criticisms: int = 0
    bulletin_ids: tuple[str, ...] = ()

    def merge(self, other: Assessment) -> Assessment:
        """The same unit and year assessed over both sets of bulletins (disjoint)."""
        if not isinstance(other, Assessment):
            raise DubanError(
                f"考核结果只能与考核结果（Assessment）合并，不能与 {type(other).__name__} 合并",
                code="merge.wrong_type",
                en=f"can only merge Assessment with Assessment, not {type(other).__name__}",
            )
        if (other.unit, other.year) != (self.unit, self.year):
            raise DubanError(
                f"不能把{other.unit}{other.year}年度的考核结果并入{self.unit}{self.year}年度：单位和年度须相同",
                code="merge.different_unit",
                en=f"cannot merge the assessment of {other.unit} {other.year} into {self.unit} {self.year}",
            )
        return Assessment(
            unit=self.unit,
            year=self.year,
            criticisms=self.criticisms + other.criticisms,
            praises=self.praises + other.praises,
            points_deducted=self.points_deducted + other.points_deducted,
            excellent_allowed=self.excellent_allowed and other.excellent_allowed,
            rectifications_missing=self.rectifications_missing + other.rectifications_missing,
            government_criticisms=self.government_criticisms + other.government_criticisms,
            bulletin_ids=tuple(sorted((*self.bulletin_ids, *other.bulletin_ids))),
        )

    def __add__(self, other: Assessment) -> Assessment:
        if not isinstance(other, Assessment):
            return NotImplemented
        return self.merge(other)

    def describe(self) -> str:
        """The record as one Chinese sentence, citing the clauses."""
        if not self.criticisms and not self.praises:
            return f"{self.unit}{self.year}年度未被通报"
        parts = []
        if self.praises:
            parts.append(f"通报表扬{self.praises}次")
        if self.criticisms:
            text = f"书面通报批评{self.criticisms}次"
            if self.government_criticisms:
                text += f"（其中以政府名义{self.government_criticisms}次）"
            parts.append(text)
            parts.append(
                f"扣减“政令畅通”目标分值{self.points_deducted}分（依据{cite('S0-6.3', short=True)}）"
            )
        if not self.excellent_allowed:
            parts.append(f"年度考核不得评为优秀（依据{cite('S1-2.6', short=True)}）")
        if self.rectifications_missing:
            parts.append(
                f"{self.rectifications_missing}次未在一周内报送整改报告（依据{cite('S1-2.6', short=True)}）"
            )
        return f"{self.unit}{self.year}年度" + "，".join(parts)


def _year_end(arguments: Mapping[str, Any]) -> date | None:
    """The day ``assess`` answers as of when ``on`` is not given: 31 December of the year."""
    year = arguments.get("year")
    if type(year) is not int or not 2000 <= year <= 2099:
        return None  # assess refuses it itself
    return date(year, 12, 31)


@answers_as_of("on", default=_year_end)
def assess(ledger: LedgerView, year: int, on: date | None = None) -> dict[str, Assessment]:
    """Each unit's :class:`Assessment` for ``year`` as of ``on`` (default 31 December of
    ``year``), keyed by unit in the ledger's order of first mention."""
    year = check_int(year, "year")
    rules = ledger.rules
    calendar = rules.calendar
    if not 2000 <= year <= 2099:
        raise DubanError(
            f"考核年度应在 2000 … 2099 之间，收到的是 {year}",
            code="calendar.out_of_range",
            en=f"year must be within the supported range 2000 … 2099, got {year}",
        )
    on = date(year, 12, 31) if on is None else check_day(on, calendar)
    per_criticism = rules.points_per_criticism
    blocks = rules.criticism_blocks_excellent
    counts: dict[str, list[int]] = {unit: [0, 0, 0, 0] for unit in ledger.units}
    ids: dict[str, list[str]] = {}
    for bulletin in ledger.bulletins.values():
        issued = bulletin.issued_on
        if issued.year != year or issued > on:
            continue
        criticism = bulletin.kind is BulletinKind.CRITICISM
        rectify_by = rules.rectification_due(issued).due if criticism else None
        government = bulletin.level is BulletinLevel.GOVERNMENT
        for unit in bulletin.units:
            row = counts.get(unit)
            if row is None:  # a unit only a foreign ledger view knows; count it all the same
                row = counts[unit] = [0, 0, 0, 0]
            ids.setdefault(unit, []).append(bulletin.bulletin_id)
            if not criticism:
                row[1] += 1
                continue
            row[0] += 1
            if government:
                row[3] += 1
            assert rectify_by is not None
            if on > rectify_by:
                filed = bulletin.rectified_on(unit)
                if filed is None or filed > rectify_by:
                    row[2] += 1
    return {
        unit: Assessment(
            unit=unit,
            year=year,
            criticisms=row[0],
            praises=row[1],
            points_deducted=row[0] * per_criticism,
            excellent_allowed=not (blocks and row[0] > 0),
            rectifications_missing=row[2],
            government_criticisms=row[3],
            bulletin_ids=tuple(sorted(ids.get(unit, ()))),
        )
        for unit, row in counts.items()
    }


def merge_assessments(parts: Iterable[Mapping[str, Assessment]]) -> dict[str, Assessment]:
    """Assessments of ledgers holding disjoint bulletins, merged unit by unit (units in order
    of first appearance)."""
    merged: dict[str, Assessment] = {}
    for part in parts:
        for unit, value in part.items():
            seen = merged.get(unit)
            merged[unit] = value if seen is None else seen.merge(value)
    return merged
