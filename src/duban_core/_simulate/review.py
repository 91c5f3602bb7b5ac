"""反馈与审核: when the lead unit reports (结果反馈), the report itself — signed by the unit's
head (S0-3.4), with a project's figures (S1-2.4) — and the office's review (审查, S0-3.5):
approved, or sent back (退回重办: 补办 or 重新办理, S4-7(三); 领导批示再督查, S0-3.6) with a new
due day the rules give."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from duban_core.events import ReturnKind
from duban_core.rules import Stipulated

from .closing import close
from .item import ItemRun, Spec
from .makers import FEEDBACK, RETURNED
from .texts import PROJECT_STAGES, RETURN_REASONS
from .world import World

_RETURN_KINDS = (ReturnKind.SUPPLEMENT, ReturnKind.REDO, ReturnKind.LEADER_FOLLOW_UP)
_RETURN_WEIGHTS = (5, 3, 2)


def feedback_day(
    world: World, run: ItemRun, ack_day: date, due: date, decided: date, rounds: int
) -> date | None:
    """The day the report comes in (``None``: not this year). A reliable unit mostly reports
    on time, using up most of a long period; a dragging one weeks late."""
    if run.stuck:
        return None
    rng, cal, rel = world.rng, world.cal, run.rel
    dragging = run.dragging
    on_time = not dragging and rng.random() < (0.35 + 0.6 * rel if rounds == 0 else 0.5 + 0.5 * rel)
    span = cal.workdays_between(ack_day, due)
    feedback: date
    if on_time and span >= 0:
        # Long periods are mostly used up; short ones anywhere.
        offset = int(span * (1 - rng.random() ** 2 * 0.8)) if span > 15 else world.ri(0, span)
        feedback = cal.add_workdays(ack_day, offset) if offset else ack_day
    elif dragging and rounds == 0:
        feedback = cal.add_workdays(due, 15 + int(rng.expovariate(1 / 30)))
    else:
        mean = 1.5 + 12 * (1 - rel)
        feedback = cal.add_workdays(due, 1 + int(rng.expovariate(1 / mean)))
    feedback = max(feedback, decided, ack_day)
    if run.earliest is not None:
        feedback = max(feedback, run.earliest)  # a parent reports after its parts close (S4-17)
    return feedback


def report(world: World, run: ItemRun, rounds: int, feedback: date, due: date) -> None:
    """``FeedbackSubmitted``: by the unit's staff, signed by its head (S0-3.4, S4-20(一))."""
    spec, staff = run.spec, run.staff
    fields: dict[str, Any] = {
        "by": staff[world.below(len(staff))],
        "summary": _summary(run, rounds, feedback <= due),
        "signed_by": run.head,
    }
    project = spec.project
    if project is not None:  # 已完成投资额、工程量和完成任务百分比 (S1-2.4)
        pct = 100.0 if world.rnd() < 0.85 else round(world.rng.uniform(80, 98), 1)
        fields["percent_complete"] = pct
        fields["investment_done"] = Decimal(f"{project[1] * pct / 100:.2f}")
        fields["work_done"] = (
            "已竣工验收" if pct == 100.0 else f"{PROJECT_STAGES[min(4, int(pct // 20))]}基本完成"
        )
    run.put(feedback, FEEDBACK, fields)


def review(world: World, run: ItemRun, rounds: int, feedback: date, due: date) -> tuple[date, date | None]:
    """The office's review of the report: the day, and ``None`` when approved and closed, or
    the new due day when sent back. The third report is always approved; a reliable unit's
    first one mostly."""
    rng, cal, rnd = world.rng, world.cal, world.rnd
    day = feedback if rnd() < 0.3 else cal.add_workdays(feedback, world.ri(1, 3))
    spec = run.spec
    if rounds >= 2 or _no_rework(world, spec) or rnd() < (0.72 + 0.22 * run.rel if rounds == 0 else 0.85):
        close(world, run, day, on_time=feedback <= due)
        return day, None
    kind = rng.choices(_RETURN_KINDS, weights=_RETURN_WEIGHTS)[0]
    # A leader's follow-up comes from the leader in charge more often than through the office.
    leader = kind is ReturnKind.LEADER_FOLLOW_UP and rnd() < 0.6
    sender = world.leaders[world.in_charge[spec.lead]] if leader else run.office
    rework = world.rules.rework_deadline(
        spec.category, day, urgent=spec.urgent, kind=kind.value, in_force=due
    ).due
    fields = {"by": sender, "kind": kind, "reason": world.pick(RETURN_REASONS[kind]), "due": rework}
    run.put(day, RETURNED, fields)
    return day, rework


def _no_rework(world: World, spec: Spec) -> bool:
    """An urgent item whose rule set has no rework limit for it (no 随到随办: the ankang and
    daan presets stipulate urgent items' limits, S1-2.4, S4-17) cannot be sent back: the
    rules could not give the new due day, and the ledger would refuse the return."""
    return spec.urgent and isinstance(world.rules.rework_rule_for(spec.category, urgent=True), Stipulated)


def _summary(run: ItemRun, rounds: int, on_time: bool) -> str:
    spec = run.spec
    topic = spec.project[0] if spec.project else spec.title.split("：")[-1]
    if rounds:
        return f"按照退回意见重新办理：已补充完善{topic}相关材料并逐项答复"
    if run.profile.summary is not None:
        return run.profile.summary.format(topic=topic)
    return f"已按交办要求办结：{topic}{'' if on_time else '（逾期办结，已说明原因）'}"
