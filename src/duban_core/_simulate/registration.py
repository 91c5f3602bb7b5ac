"""拟办 and 立项: a new item's lead and co-units, its title and source, its first days and
due day; its decomposition into parts (分解立项, S4-17); its ``Drafted`` and ``Registered``
events, and the few not taken on (不予立项)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from duban_core.categories import Category
from duban_core.rules import Stipulated
from duban_core.ruleset import RuleSet

from .item import Header, ItemRun, Spec
from .makers import CANCELLED, DRAFTED, REGISTERED
from .profiles import PROFILES, Profile
from .schedule import Slot
from .texts import MEDIA, NOT_TAKEN_ON, SUPERIORS
from .world import World

#: Share of undecomposed items with co-units (协办单位, S4-20(一)), and of those with two.
_JOINT, _TWO_CO_UNITS = 0.25, 0.3
#: Share of items not taken on (不予立项) the working day after registration.
_NOT_TAKEN_ON = 0.006
#: Calendar days the office gives an item whose rule set leaves the limit to it (one drawn;
#: one to three days for an urgent one).
_OFFICE_DAYS = (10, 15, 20, 30)


def new_item(world: World, slot: Slot, day: date) -> tuple[Spec, Header]:
    """The item drafted on ``day`` for ``slot``, with its first days and due day."""
    rng = world.rng
    category = slot.category
    profile = PROFILES[category]
    item_id = _new_id(world)
    lead = world.pick_unit(category)
    infos = world.infos[lead]
    project = None
    if infos.projects and rng.random() < profile.project:
        project = world.pick(infos.projects)
    urgent = slot.extra == -1 or (not slot.children and rng.random() < profile.urgent)
    co_units: tuple[str, ...] = ()
    if slot.children:
        co_units = tuple(_distinct_units(world, slot, lead, slot.children))
    elif rng.random() < _JOINT:
        co_units = tuple(_distinct_units(world, slot, lead, 1 + (rng.random() < _TWO_CO_UNITS)))
    title, source = _describe(world, profile, lead, slot.extra, project)
    header = _header(world, day, urgent)
    stipulated = _stipulated(world, profile, header.assign_day, urgent, bool(slot.children))
    if stipulated is None and _left_to_the_office(world.rules, category, urgent):
        # The rule set fixes no limit for this category (规定时间, S0-4.5/S0-4.6; e.g. the
        # ankang and daan presets): the office sets one when it assigns the item, or the
        # rules would refuse it. The default rules never come here.
        days = world.ri(1, 3) if urgent else world.pick(_OFFICE_DAYS)
        stipulated = world.cal.roll_forward(header.assign_day + timedelta(days=days))
    spec = Spec(item_id, category, lead, co_units, urgent, stipulated, None, project, title, source)
    header = header._replace(due=deadline(world, spec, header.assign_day))
    world.remember(lead, item_id)
    return spec, header


def parts(world: World, spec: Spec, header: Header) -> Iterator[tuple[Spec, Header]]:
    """分解立项 (S4-17): a part for each co-unit, with its own limit inside the parent's.

    Lazy: each part is drawn when the one before it has been planned."""
    rng, cal = world.rng, world.cal
    item_id = spec.item_id
    world.parent_due[item_id] = header.due
    start = cal.add_workdays(header.assign_day, world.ri(1, 3))
    for k, unit in enumerate(spec.co_units, start=1):
        child_day = start
        child_assign = child_day if rng.random() < 0.7 else cal.add_workdays(child_day, 1)
        span = max(10, (header.due - child_assign).days)
        limit = cal.roll_forward(child_assign + timedelta(days=world.ri(span // 2, span * 3 // 4)))
        child_project = None
        if spec.project and world.infos[unit].projects and rng.random() < 0.5:
            child_project = world.pick(world.infos[unit].projects)
        child = Spec(
            _new_id(world, item_id, k),
            spec.category,
            unit,
            (),
            False,
            limit,
            item_id,
            child_project,
            f"{spec.title}——分解任务{k}（{unit}负责）" + (f"：{child_project[0]}" if child_project else ""),
            f"{item_id}分解立项（S4-17）",
        )
        child_header = Header(child_day, child_day, child_assign, child_day)
        yield child, child_header._replace(due=deadline(world, child, child_assign))


def register(world: World, run: ItemRun, header: Header, can_cancel: bool) -> date | None:
    """``Drafted`` and ``Registered`` (S2-1.6; S4-7(一)(二)); the day it is not taken on
    (不予立项), or ``None``."""
    spec, put, office = run.spec, run.put, run.office
    lead = spec.lead
    put(
        header.draft_day,
        DRAFTED,
        {
            "by": office,
            "title": spec.title,
            "category": spec.category,
            "lead_unit": lead,
            "co_units": spec.co_units,
            "urgent": spec.urgent,
            "stipulated_due": spec.stipulated,
            "parent_id": spec.parent_id,
            "project": spec.project is not None,
            "source": spec.source,
            # 责任领导 (S4-22): the leader in charge of the lead unit; draws nothing from rng.
            "responsible_leader": world.leader_label(world.in_charge[lead]),
        },
    )
    share = run.profile.leader_registers
    registrar = world.leaders[world.in_charge[lead]] if share and world.rnd() < share else office
    put(header.reg_day, REGISTERED, {"by": registrar})
    if can_cancel and world.rnd() < _NOT_TAKEN_ON:
        day = world.cal.add_workdays(header.reg_day, 1)
        put(day, CANCELLED, {"by": office, "reason": NOT_TAKEN_ON})
        return day
    return None


def deadline(world: World, spec: Spec, received: date) -> date:
    """The due day the rules give from ``received`` (S0-4; a stipulated day overrides)."""
    return world.rules.deadline(spec.category, received, urgent=spec.urgent, stipulated=spec.stipulated).due


def _new_id(world: World, parent: str | None = None, child: int = 0) -> str:
    if parent is not None:
        return f"{parent}-{child}"
    world.next_item += 1
    return f"{world.year}-{world.next_item:0{world.width}d}"


def _distinct_units(world: World, slot: Slot, lead: str, count: int) -> list[str]:
    chosen: list[str] = []
    count = min(count, len(world.unit_names) - 1)
    while len(chosen) < count:
        chosen.append(world.pick_unit(slot.category, exclude=(lead, *chosen)))
    return chosen


def _describe(
    world: World, profile: Profile, unit: str, extra: int, project: tuple[str, int] | None
) -> tuple[str, str | None]:
    """A title and a source for a new item, worded as its category's profile says."""
    topic = project[0] if project else world.pick(world.infos[unit].topics)
    n = world.ri(1, 260)
    leader = superior = media = ""
    named_by = profile.named_by
    if named_by == "leader":  # the 区长 or the leader in charge
        leader = world.leader_label(0 if world.rnd() < 0.4 else world.in_charge[unit])
    elif named_by == "leader in charge":
        leader = world.leader_label(world.in_charge[unit])
    elif named_by == "superior":
        superior = world.pick(SUPERIORS)
    elif named_by == "media":
        media = world.pick(MEDIA)
    wordings = profile.wordings
    wording = wordings[0] if len(wordings) == 1 or world.rnd() < profile.first_wording else wordings[1]
    if project and wording.project_title is not None:
        template = wording.project_title
    elif len(wording.titles) == 1:
        template = wording.titles[0]
    else:
        template = world.pick(wording.titles)
    values = {
        "topic": topic,
        "leader": leader,
        "superior": superior,
        "media": media,
        "meeting": f"区政府第{extra}次常务会议",
        "year": world.year,
        "n": n,
    }
    return template.format(**values), wording.source.format(**values)


def _left_to_the_office(rules: RuleSet, category: Category, urgent: bool) -> bool:
    """Whether ``rules`` need a stipulated due day for such an item (no rule, no default)."""
    if urgent:
        return isinstance(rules.rule_for(category, urgent=True), Stipulated)
    return isinstance(rules.rule_for(category), Stipulated) and rules.categories[category].default_due is None


def _header(world: World, day: date, urgent: bool) -> Header:
    cal = world.cal
    if urgent:  # 随到随办 (S0-4.6): registered and assigned the day it arrives
        return Header(day, day, day, day)
    reg = day if world.rnd() < 0.7 else cal.add_workdays(day, 1)
    assign = reg if world.rnd() < 0.6 else cal.add_workdays(reg, 1)
    return Header(day, reg, assign, assign)


def _stipulated(world: World, profile: Profile, assign: date, urgent: bool, parent: bool) -> date | None:
    """The due day the office fixes itself (规定时间), or ``None`` to let the rules decide."""
    rule = profile.stipulated
    if rule is None:
        return None
    applies = rule.applies_to
    if (
        (applies == "parents" and not parent)
        or (applies == "single" and parent)
        or (applies == "not urgent" and urgent)
    ):
        return None
    if rule.share < 1.0 and world.rnd() >= rule.share:
        return None
    cal = world.cal
    if rule.dates:
        day = world.pick(rule.dates)
        return max(assign, cal.roll_forward(date(world.year, *day)))
    days = world.ri(*rule.urgent_days) if urgent and rule.urgent_days else world.pick(rule.days)
    return cal.roll_forward(assign + timedelta(days=days))
