"""Oversight (S1-2.2 提醒、预警、报送、通报、考核): what the supervision office does with the ledger.

Pure functions of a ledger and dates — no clock, no I/O — each also a method of
:class:`~duban_core.ledger.Ledger` (``ledger.alerts(on)`` is ``alerts(ledger, on)``):

* :mod:`~duban_core.oversight.alerts` — traffic lights (:class:`Level`, :class:`Alert`,
  :func:`alerts`) and progress reports falling due (:func:`reports_due`);
* :mod:`~duban_core.oversight.metrics` — 办结率, 按时办结率, rework, handling time, 满意率
  (:class:`Metrics`, :func:`metrics`), mergeable across partitions;
* :mod:`~duban_core.oversight.findings` — overdue items, missed progress and rectification
  reports, unanswered urging, with the escalation ladder (:class:`Finding`, :func:`findings`);
* :mod:`~duban_core.oversight.assessment` — the 政令畅通 assessment (:class:`Assessment`,
  :func:`assess`);
* :mod:`~duban_core.oversight.registers` — 综合台账 / 专项台账 rows and DataFrames;
* :mod:`~duban_core.oversight.bulletin` — a draft 督查通报 as a 公文 (plain text or .docx);
* :mod:`~duban_core.oversight.summary` — all of the above in one mergeable value
  (:class:`Summary`, :func:`summarize`, :func:`merge_summaries`) for partitioned logs;
* :mod:`~duban_core.oversight.series` — lights, overdue counts and 办结率 at many days
  (:func:`series`, :func:`series_frame`), from one walk over the log.

They read a ledger only through ``items``, ``bulletins``, ``units`` and ``rules``
(:class:`LedgerView`), and cost one pass over the items.

**Asked about a day, they answer as of that day** (the ``on`` rule): every function that
takes a day (``on``; ``as_of`` for :func:`metrics`; 31 December for :func:`assess` without
``on``) reads ``ledger.as_of(day)`` when the ledger holds events after it, so a report written
afterwards sees what was true then — an item answered late is overdue on the days before
its answer. Without later events the rule costs one comparison. :func:`series` gives views
at many days in one walk over the log.
"""

from __future__ import annotations

from ._view import LedgerView
from .alerts import Alert, Level, ReportDue, alert_for, alerts, count_levels, reports_due
from .assessment import Assessment, assess, merge_assessments
from .bulletin import BulletinDraft, Proposal, draft_bulletin
from .findings import Finding, FindingKind, findings
from .metrics import Basis, GroupBy, Metrics, merge_grouped, merge_metrics, metrics
from .registers import (
    COLUMN_LABELS,
    RegisterRow,
    comprehensive_register,
    ledger_frame,
    special_register,
    to_pandas,
)
from .series import SERIES_LABELS, SeriesRow, month_ends, series, series_frame, week_ends
from .summary import Summary, merge_summaries, summarize

__all__ = [
    "COLUMN_LABELS",
    "SERIES_LABELS",
    "Alert",
    "Assessment",
    "Basis",
    "BulletinDraft",
    "Finding",
    "FindingKind",
    "GroupBy",
    "LedgerView",
    "Level",
    "Metrics",
    "Proposal",
    "RegisterRow",
    "ReportDue",
    "SeriesRow",
    "Summary",
    "alert_for",
    "alerts",
    "assess",
    "comprehensive_register",
    "count_levels",
    "draft_bulletin",
    "findings",
    "ledger_frame",
    "merge_assessments",
    "merge_grouped",
    "merge_metrics",
    "merge_summaries",
    "metrics",
    "month_ends",
    "reports_due",
    "series",
    "series_frame",
    "special_register",
    "summarize",
    "to_pandas",
    "week_ends",
]
