"""Fast construction of the simulated events from trusted, exactly typed values
(see :func:`duban_core._trusted.maker`): the simulator builds some eight million of them
for a million items, and the ledger validates every one again when it replays them."""

from __future__ import annotations

from duban_core._trusted import maker
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    Cancelled,
    Drafted,
    Evaluated,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    ProgressReported,
    RectificationReported,
    Registered,
    ReportedToLeader,
    Returned,
    Urged,
)

DRAFTED = maker(Drafted)
REGISTERED = maker(Registered)
ASSIGNED = maker(Assigned)
ACKNOWLEDGED = maker(Acknowledged)
URGED = maker(Urged)
PROGRESS = maker(ProgressReported)
FEEDBACK = maker(FeedbackSubmitted)
APPROVED = maker(Approved)
RETURNED = maker(Returned)
EXT_REQUESTED = maker(ExtensionRequested)
EXT_DECIDED = maker(ExtensionDecided)
EVALUATED = maker(Evaluated)
ARCHIVED = maker(Archived)
REPORTED_UP = maker(ReportedToLeader)
CANCELLED = maker(Cancelled)
BULLETIN = maker(BulletinIssued)
RECTIFIED = maker(RectificationReported)
INSPECTION = maker(InspectionPlanned)
