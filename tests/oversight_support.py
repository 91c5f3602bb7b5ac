"""A small scenario builder for the oversight tests: real events, real dates, one ledger.

Every event goes through ``Ledger.apply`` (the public API), timed at 09:00 China Standard
Time on its day plus a microsecond tick, so events given in order are in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from duban_core import Actor, Category, Ledger, Role, RuleSet
from duban_core.clock import CST
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    Outcome,
    ProgressReported,
    RectificationReported,
    Registered,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)

OFFICE = Actor(name="李督查", role=Role.OFFICE)
LEADER = Actor(name="赵副区长", role=Role.LEADER)


def head(unit: str) -> Actor:
    return Actor(name=f"{unit}局长", role=Role.UNIT_HEAD, unit=unit)


def staff(unit: str) -> Actor:
    return Actor(name=f"{unit}经办人", role=Role.UNIT_STAFF, unit=unit)


class Scenario:
    """Builds a ledger event by event; ``events`` keeps the log for partitioning."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.ledger = Ledger(rules)
        self.events: list[Event] = []
        self._tick = 0
        self._units: dict[str, str] = {}

    def at(self, day: date) -> datetime:
        self._tick += 1
        return datetime.combine(day, time(9), tzinfo=CST) + timedelta(microseconds=self._tick)

    def apply(self, event: Event) -> None:
        self.ledger.apply(event)
        self.events.append(event)

    # -- items ---------------------------------------------------------------------------------

    def item(
        self,
        item_id: str,
        category: Category,
        received: date,
        *,
        unit: str = "区住建局",
        co_units: Iterable[str] = (),
        urgent: bool = False,
        stipulated: date | None = None,
        title: str | None = None,
        parent: str | None = None,
        drafted: date | None = None,
    ) -> str:
        """Drafted, Registered and Assigned (received on ``received``)."""
        self._units[item_id] = unit
        day = drafted or received
        self.apply(
            Drafted(
                item_id=item_id,
                at=self.at(day),
                by=OFFICE,
                title=title or f"督查事项{item_id}",
                category=category,
                lead_unit=unit,
                co_units=tuple(co_units),
                urgent=urgent,
                stipulated_due=stipulated,
                parent_id=parent,
            )
        )
        self.apply(Registered(item_id=item_id, at=self.at(day), by=OFFICE))
        self.apply(Assigned(item_id=item_id, at=self.at(received), by=OFFICE, received_on=received))
        return item_id

    def drafted_only(self, item_id: str, category: Category, day: date, *, unit: str = "区住建局") -> None:
        self._units[item_id] = unit
        self.apply(
            Drafted(
                item_id=item_id,
                at=self.at(day),
                by=OFFICE,
                title=f"督查事项{item_id}",
                category=category,
                lead_unit=unit,
                stipulated_due=date(day.year, 12, 31),
            )
        )

    def ack(self, item_id: str, day: date) -> None:
        self.apply(
            Acknowledged(item_id=item_id, at=self.at(day), by=staff(self._units[item_id]), handler="张三")
        )

    def progress(self, item_id: str, day: date, percent: float | None = None) -> None:
        self.apply(
            ProgressReported(
                item_id=item_id,
                at=self.at(day),
                by=staff(self._units[item_id]),
                summary="按计划推进",
                percent_complete=percent,
            )
        )

    def feedback(self, item_id: str, day: date) -> None:
        unit = self._units[item_id]
        self.apply(
            FeedbackSubmitted(
                item_id=item_id,
                at=self.at(day),
                by=staff(unit),
                summary="已办结",
                signed_by=head(unit),
                percent_complete=100.0,
                investment_done=Decimal("0"),
            )
        )

    def approve(self, item_id: str, day: date) -> None:
        self.apply(Approved(item_id=item_id, at=self.at(day), by=OFFICE))

    def finish(self, item_id: str, feedback: date, approved: date | None = None) -> None:
        """Acknowledge, report and close (acknowledged on the feedback day)."""
        self.ack(item_id, feedback)
        self.feedback(item_id, feedback)
        self.approve(item_id, approved or feedback)

    def send_back(self, item_id: str, day: date) -> None:
        self.apply(
            Returned(item_id=item_id, at=self.at(day), by=OFFICE, kind=ReturnKind.REDO, reason="答非所问")
        )

    def urge(self, item_id: str, day: date) -> None:
        self.apply(Urged(item_id=item_id, at=self.at(day), by=OFFICE, method="电话催办"))

    def cancel(self, item_id: str, day: date) -> None:
        self.apply(Cancelled(item_id=item_id, at=self.at(day), by=OFFICE, reason="情况变化"))

    def archive(self, item_id: str, day: date) -> None:
        self.apply(Archived(item_id=item_id, at=self.at(day), by=OFFICE))

    def evaluate(self, item_id: str, day: date, satisfaction: Satisfaction, outcome: Outcome) -> None:
        self.apply(
            Evaluated(item_id=item_id, at=self.at(day), by=OFFICE, satisfaction=satisfaction, outcome=outcome)
        )

    def extend(self, item_id: str, day: date, new_due: date) -> None:
        unit = self._units[item_id]
        self.apply(
            ExtensionRequested(
                item_id=item_id, at=self.at(day), by=staff(unit), new_due=new_due, reason="涉及多部门协调"
            )
        )
        self.apply(ExtensionDecided(item_id=item_id, at=self.at(day), by=LEADER, granted=True))

    # -- bulletins -----------------------------------------------------------------------------

    def bulletin(
        self,
        bulletin_id: str,
        day: date,
        kind: BulletinKind,
        units: Iterable[str],
        *,
        level: BulletinLevel = BulletinLevel.OFFICE,
        items: Iterable[str] = (),
        at: datetime | None = None,
    ) -> None:
        self.apply(
            BulletinIssued(
                bulletin_id=bulletin_id,
                at=at or self.at(day),
                # 以政府名义 is the government's act: a leader issues it (S1-2.6).
                by=LEADER if level is BulletinLevel.GOVERNMENT else OFFICE,
                kind=kind,
                level=level,
                units=tuple(units),
                item_ids=tuple(items),
                reason="按期办结情况通报",
            )
        )

    def rectify(self, bulletin_id: str, unit: str, day: date) -> None:
        self.apply(RectificationReported(bulletin_id=bulletin_id, at=self.at(day), by=head(unit), unit=unit))


# -- partitions ----------------------------------------------------------------------------------


def chooser(data: st.DataObject, parts: int) -> Callable[[str], int]:
    """A hypothesis-drawn choice of part per key, the same for a key every time."""
    memo: dict[str, int] = {}

    def choose(key: str) -> int:
        if key not in memo:
            memo[key] = data.draw(st.integers(0, parts - 1), label=key)
        return memo[key]

    return choose


def partition(
    events: Iterable[Event], choose: Callable[[str], int], parts: int
) -> tuple[list[Event], list[list[Event]]]:
    """Split a stream into ``parts`` streams that ledgers accept on their own: an item goes
    with its whole family (the root it was decomposed from, S4-17), a rectification report
    with its bulletin; ``choose(key)`` picks the part of each family or bulletin. Bulletins
    and inspections drop their ``item_ids`` (an item may land in another part), in the whole
    stream as well, and inspections all go to part 0.

    Returns the whole stream (so adjusted) and the parts.
    """
    root: dict[str, str] = {}
    whole: list[Event] = []
    split: list[list[Event]] = [[] for _ in range(parts)]
    for event in events:
        if isinstance(event, Drafted):
            root[event.item_id] = root[event.parent_id] if event.parent_id else event.item_id
        item_id = getattr(event, "item_id", None)
        if isinstance(item_id, str):
            index = choose(f"item:{root[item_id]}")
        elif isinstance(event, (BulletinIssued, RectificationReported)):
            if isinstance(event, BulletinIssued):
                event = event.model_copy(update={"item_ids": ()})
            index = choose(f"bulletin:{event.bulletin_id}")
        else:
            if getattr(event, "item_ids", ()):
                event = event.model_copy(update={"item_ids": ()})
            index = 0
        whole.append(event)
        split[index].append(event)
    return whole, split
