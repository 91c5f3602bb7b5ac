"""A district's year of supervision, simulated: a realistic, deterministic event stream.

:func:`simulate` plays one year of a district government's supervision office (区政府督查室)
and returns every event as a host would have recorded it — items drafted, registered and
assigned, acknowledged, urged, reported on, sent back, extended, closed, evaluated, archived
or cancelled; bulletins praising and criticising units; rectification reports; planned
inspections. It uses the public event API only, and :meth:`Simulation.replay` folds the
stream into a :class:`~duban_core.ledger.Ledger` with the same rules::

    >>> from datetime import date
    >>> sim = simulate(seed=7, items=120, until=date(2024, 6, 28))
    >>> ledger = sim.replay()
    >>> ledger.version == len(sim.events)
    True
    >>> sim.on
    datetime.date(2024, 6, 28)

Use it for demos, notebooks, benchmarks and tests of a host's own reports.

What the year holds (all drawn from ``random.Random(seed)``; no clock, no environment):

* **Units** — district departments, 街道办事处 and 乡镇人民政府 (the first ``units`` of
  :func:`duban_core.district.units`), each with a head (signs reports), staff, a leader in
  charge (分管领导) and a hidden ``reliability`` (:attr:`Simulation.reliability`): weak units are late more often, get
  urged repeatedly, leave items open, file rectification reports late or not at all.
* **Items** of every :class:`~duban_core.categories.Category`: leaders' instructions and
  meeting decisions most often; 政府工作报告 tasks assigned in February–March with
  quarterly progress reports (S0-4.2); deputies' suggestions and members' proposals in a
  batch after the spring 两会 (S0-4.5), evaluated afterwards (S2-2.1), mostly satisfied;
  media issues and other assigned items with a stipulated due day; urgent items (随到随办,
  S0-4.6); project items reporting percent complete and investment (S1-2.4); co-units;
  decomposed items whose parent closes after its children (S4-17).
* **Outcomes**: on time, late, sent back (every :class:`~duban_core.events.ReturnKind`),
  extended (granted and refused, always requested on or before the due day, S4-20(二)),
  urged, cancelled, archived — and items still open at the end.
* **Bulletins** (S0-6.3, S1-2.6): early each month, criticism of units with items overdue
  more than five working days (serious cases in the government's name); quarterly praise of
  units that closed their items on time, and a year-end praise in the government's name.
  Criticised units file 整改报告 within a week — or late, or never.
* **Inspections** (S4-16): a few planned activities, two of them overlapping for one unit
  (多头督查) so that the check has something to find.

The stream is time-ordered (non-decreasing ``at``, timezone-aware, +08:00); every event
of one item is no earlier than the one before. Events are built on working days, with
urgent items handled the day they arrive, weekend or not. ``Assigned`` and ``Returned``
events carry the ``due`` day the rules give, exactly as a ledger stores them, so
``simulate(...).replay().events`` equals ``simulate(...).events``.

**Determinism.** The same arguments give the same events, byte for byte. A shorter
``until`` gives a prefix of the same year: ``simulate(s, until=d).events`` are exactly the
events of ``simulate(s).events`` whose day is on or before ``d``.

**Scale.** About eight events per item: ``simulate(items=1_000_000)`` builds some 8.1 million
events in a few minutes and holds them in about 5 GB. Events are made from trusted, exactly
typed values (enums, ``date``, aware ``datetime``, shared :class:`~duban_core.actors.Actor`
instances) without re-validation — what pydantic's ``model_construct`` does, minus its
per-field alias loop, which made ``model_construct`` slower than validating (about 20 µs
against 14 µs per event; the trusted path takes about 4 µs; see
``duban_core._trusted.maker``). The ledger still checks every rule when it replays them,
and a test checks that every simulated event equals its validated counterpart. :func:`iter_events` yields the same stream day by day, for
a consumer that does not keep it (e.g. one writing JSON lines).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from ._simulate.world import World
from ._simulate.year import events as year_events
from .actors import Actor
from .district import UNIT_NAMES
from .events import Event
from .ledger import Ledger
from .ruleset import RuleSet

__all__ = ["UNIT_NAMES", "Simulation", "iter_events", "simulate"]


# -- the result -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    """A simulated year: the events and the world they came from.

    ``events`` is the time-ordered stream (do not modify it); ``on`` is the simulation's
    "today" (the last day events were generated for); ``reliability`` is each unit's hidden
    propensity to finish on time (0…1), the truth an assessment should reflect.
    """

    seed: int
    year: int
    on: date
    rules: RuleSet
    units: tuple[str, ...]
    reliability: Mapping[str, float]
    office: tuple[Actor, ...]
    leaders: tuple[Actor, ...]
    heads: Mapping[str, Actor]
    staff: Mapping[str, tuple[Actor, ...]]
    events: list[Event] = field(repr=False)

    def replay(self) -> Ledger:
        """The ledger folded from :attr:`events` under :attr:`rules`."""
        return Ledger.replay(self.events, self.rules)

    def to_jsonl(self) -> str:
        """The events as JSON lines (what :func:`duban_core.events.parse` reads back)."""
        return "".join(event.model_dump_json() + "\n" for event in self.events)

    def __repr__(self) -> str:
        return (
            f"<Simulation seed={self.seed} year={self.year} on={self.on.isoformat()}: "
            f"{len(self.units)} units, {len(self.events)} events>"
        )


def simulate(
    seed: int = 0,
    *,
    year: int = 2024,
    units: int = 24,
    items: int = 600,
    rules: RuleSet | None = None,
    until: date | None = None,
) -> Simulation:
    """Simulate a district's year of supervision; see the module's documentation.

    ``items`` counts every item, children of decomposed items included, drafted during
    ``year``; ``units`` is how many units take part (2 or more); ``until`` is the last day
    simulated (default 31 December of ``year``; a later day lets the year's items run on).
    Items drafted after ``until`` do not appear. Raises :class:`~duban_core.errors.DubanError`
    for arguments out of range.
    """
    world = World(seed, year, units, items, rules, until)
    events = list(year_events(world))
    return Simulation(
        seed=seed,
        year=year,
        on=world.until,
        rules=world.rules,
        units=world.unit_names,
        reliability=MappingProxyType(dict(world.reliability)),
        office=world.office,
        leaders=world.leaders,
        heads=MappingProxyType(dict(world.heads)),
        staff=MappingProxyType(dict(world.staff)),
        events=events,
    )


def iter_events(
    seed: int = 0,
    *,
    year: int = 2024,
    units: int = 24,
    items: int = 600,
    rules: RuleSet | None = None,
    until: date | None = None,
) -> Iterator[Event]:
    """The events of :func:`simulate` with the same arguments, yielded day by day.

    Arguments are checked at once; the events of a day are generated when the iteration
    reaches it (events already planned for later days are held until then).
    """
    return year_events(World(seed, year, units, items, rules, until))
