"""duban_core: sans-I/O rules and workflow for 政务督查督办.

The library takes events and dates and returns decisions, deadlines, warnings and scores;
it reads no clock, file, network or environment. See the README and ``docs/``.
"""

from __future__ import annotations

from .actors import Actor, Role
from .calendar import ChinaCalendar
from .categories import Category
from .errors import (
    CalendarRangeError,
    ConfigurationError,
    DubanError,
    InvalidTransition,
    RuleViolation,
    StaleVersion,
    Unauthorized,
)
from .items import Bulletin, ChangeKind, DeadlineChange, Item, TimelineEntry
from .ledger import DeadlineRevision, Ledger
from .machine import Action, State
from .oversight import Alert, Assessment, Finding, FindingKind, Level, Metrics, RegisterRow, ReportDue
from .rules import Deadline
from .ruleset import CategoryRules, EscalationStep, RuleSet
from .sharding import partition

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Actor",
    "Alert",
    "Assessment",
    "Bulletin",
    "CalendarRangeError",
    "Category",
    "CategoryRules",
    "ChangeKind",
    "ChinaCalendar",
    "ConfigurationError",
    "Deadline",
    "DeadlineChange",
    "DeadlineRevision",
    "DubanError",
    "EscalationStep",
    "Finding",
    "FindingKind",
    "InvalidTransition",
    "Item",
    "Ledger",
    "Level",
    "Metrics",
    "RegisterRow",
    "ReportDue",
    "Role",
    "RuleSet",
    "RuleViolation",
    "StaleVersion",
    "State",
    "TimelineEntry",
    "Unauthorized",
    "__version__",
    "partition",
]
