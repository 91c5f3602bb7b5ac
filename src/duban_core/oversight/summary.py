"""One mergeable summary of a ledger: what an office looks at on day ``on`` of ``year``.

:func:`summarize` makes the whole oversight pass once — the traffic lights (S1-2.2
提醒、预警), the metrics (办结率, 按时办结率, rework, 满意率; whole, by lead unit and by
category), the findings (S1-2.6, S0-4.2, S0-5.1) and the 政令畅通 assessment (S0-6.3, S1-2.6)
— and returns it as one frozen :class:`Summary`.

Summaries of ledgers holding disjoint items and bulletins merge (:meth:`Summary.merge`,
``+``, :func:`merge_summaries`): metrics add (:func:`~duban_core.oversight.merge_metrics`),
grouped metrics add group by group (:func:`~duban_core.oversight.merge_grouped`),
assessments add unit by unit (:func:`~duban_core.oversight.merge_assessments`), alerts and
findings are concatenated and kept in one canonical order. So the summaries of the shards of
:func:`duban_core.partition` merged equal the summary of the whole stream; that is what makes
the Dask path (:func:`duban_core.dask.summarize`) possible.

Canonical orders (a summary's value does not depend on how it was put together): alerts by
item id; findings worst first, as :func:`~duban_core.oversight.findings` orders them;
grouped metrics by key; assessments by unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from duban_core.categories import Category
from duban_core.errors import DubanError

from ._view import LedgerView
from .alerts import Alert, Level, alerts
from .assessment import Assessment, assess, merge_assessments
from .findings import _KIND_ORDER, Finding, findings
from .metrics import Metrics, merge_grouped, metrics

__all__ = ["Summary", "merge_summaries", "summarize"]


def _alert_key(alert: Alert) -> str:
    return alert.item_id


def _finding_key(f: Finding) -> tuple[int, int, int, str, str, str, date]:
    return (
        -f.escalation_level,
        -f.workdays_overdue,
        _KIND_ORDER[f.kind],
        f.unit,
        f.item_id or "",
        f.bulletin_id or "",
        f.due,
    )


@dataclass(frozen=True)
class Summary:
    """Alerts, metrics, findings and the assessment of a ledger on day ``on`` of ``year``.

    ``metrics`` is the whole; ``by_unit`` keyed by lead unit, ``by_category`` by
    :class:`~duban_core.categories.Category`; ``assessment`` keyed by unit. ``Summary(on=…,
    year=…)`` with nothing else is the summary of an empty ledger, the identity of
    :meth:`merge`.
    """

    on: date
    year: int
    alerts: tuple[Alert, ...] = ()
    metrics: Metrics = field(default_factory=Metrics)
    by_unit: Mapping[str, Metrics] = field(default_factory=dict)
    by_category: Mapping[Category, Metrics] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    assessment: Mapping[str, Assessment] = field(default_factory=dict)

    def merge(self, other: Summary) -> Summary:
        """The summary of both ledgers together (they must hold disjoint items and
        bulletins, as the shards of :func:`duban_core.partition` do)."""
        if not isinstance(other, Summary):
            raise DubanError(
                f"汇总只能与汇总合并，收到 {type(other).__name__}",
                code="summary.merge_type",
                en=f"can only merge a Summary with a Summary, not {type(other).__name__}",
            )
        if (other.on, other.year) != (self.on, self.year):
            raise DubanError(
                f"不能合并不同口径的汇总：{other.year}年度截至{other.on.isoformat()} 与 "
                f"{self.year}年度截至{self.on.isoformat()}",
                code="summary.merge_basis",
                en=f"cannot merge the summary of {other.year} on {other.on} into {self.year} on {self.on}",
            )
        return _canonical(
            self.on,
            self.year,
            (*self.alerts, *other.alerts),
            self.metrics + other.metrics,
            merge_grouped((self.by_unit, other.by_unit)),
            merge_grouped((self.by_category, other.by_category)),
            (*self.findings, *other.findings),
            merge_assessments((self.assessment, other.assessment)),
        )

    def __add__(self, other: Summary) -> Summary:
        if not isinstance(other, Summary):
            return NotImplemented
        return self.merge(other)

    @property
    def levels(self) -> dict[Level, int]:
        """How many alerts of each level (every level present, zeros included)."""
        counts = dict.fromkeys(Level, 0)
        for alert in self.alerts:
            counts[alert.level] += 1
        return counts


def _canonical(
    on: date,
    year: int,
    found_alerts: Iterable[Alert],
    whole: Metrics,
    by_unit: Mapping[str, Metrics],
    by_category: Mapping[Category, Metrics],
    found: Iterable[Finding],
    assessment: Mapping[str, Assessment],
) -> Summary:
    return Summary(
        on=on,
        year=year,
        alerts=tuple(sorted(found_alerts, key=_alert_key)),
        metrics=whole,
        by_unit={key: by_unit[key] for key in sorted(by_unit)},
        by_category={key: by_category[key] for key in sorted(by_category, key=lambda c: c.value)},
        findings=tuple(sorted(found, key=_finding_key)),
        assessment={unit: assessment[unit] for unit in sorted(assessment)},
    )


def summarize(ledger: LedgerView, *, on: date, year: int) -> Summary:
    """The :class:`Summary` of ``ledger``: alerts and findings on day ``on``, metrics as the
    ledger stands (whole, by lead unit, by category), the assessment of ``year`` up to ``on``
    (:func:`~duban_core.oversight.assess`)."""
    return _canonical(
        on,
        year,
        alerts(ledger, on),
        metrics(ledger),
        metrics(ledger, by="lead_unit"),
        metrics(ledger, by="category"),
        findings(ledger, on),
        assess(ledger, year, on),
    )


def merge_summaries(parts: Iterable[Summary]) -> Summary:
    """The summaries of disjoint ledgers merged into one (at least one part is needed: it
    says which day and year)."""
    merged: Summary | None = None
    for part in parts:
        merged = part if merged is None else merged.merge(part)
    if merged is None:
        raise DubanError(
            "没有可合并的汇总：至少需要一个分片的汇总",
            code="summary.merge_empty",
            en="no summaries to merge: at least one is needed",
        )
    return merged
