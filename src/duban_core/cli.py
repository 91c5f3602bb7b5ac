"""The command line: the only module that prints. Everything it shows comes from the public API.

``python -m duban_core demo [--seed N] [--on DATE] [--items N] [--counting calendar|working]``
simulates a district's year of supervision (:func:`duban_core.simulate.simulate`), replays it
into a ledger and prints, as of ``--on``: the traffic lights, the items longest overdue with
how their deadlines were reached, each unit's rates, the year's 政令畅通 assessment,
overlapping inspections and a draft 督查通报.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

from . import DubanError, Ledger, Level, RuleSet, State
from .calendar import format_day
from .oversight import draft_bulletin
from .oversight.inspections import inspection_conflicts
from .simulate import Simulation, simulate

__all__ = ["build_parser", "display_width", "main", "render_table"]

_WIDTH = 100
_FIRST_YEAR, _LAST_YEAR = 2001, 2098
_TOKENS = re.compile(r"[0-9A-Za-z_.()\-]+|.", re.DOTALL)


# -- text layout (CJK-aware) ----------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and fullwidth characters take two.

    Ambiguous-width characters (box drawing, ``—``) count one, as most terminals show them;
    the tables therefore rule their headers with ASCII ``-``, which is one column everywhere.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool] = ()) -> str:
    """A plain-text table whose columns line up with Chinese text; ``right[i]`` right-aligns
    column ``i`` (numbers)."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    align = [i < len(right) and right[i] for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_pad(c, w, a) for c, w, a in zip(cells, widths, align, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` cut into lines of at most ``width`` columns, each after ``indent``."""
    lines: list[str] = []
    room = width - display_width(indent)
    current, used = "", 0
    for token in _TOKENS.findall(text):  # a Chinese character, or a run of Latin letters and digits
        w = display_width(token)
        if used + w > room and current:
            lines.append(indent + current)
            current, used = "", 0
        current += token
        used += w
    if current:
        lines.append(indent + current)
    return lines


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"


# -- the demo -------------------------------------------------------------------------------------


def _heading(out: Callable[[str], None], text: str) -> None:
    out("")
    out(text)


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _demo(args: argparse.Namespace, stream: TextIO) -> int:
    def out(text: str = "") -> None:
        print(text, file=stream)

    on: date = args.on
    rules = RuleSet.default(counting=args.counting)
    sim: Simulation = simulate(args.seed, year=on.year, items=args.items, rules=rules, until=on)
    ledger: Ledger = sim.replay()
    counting = "日历日（民法典计算期间）" if args.counting == "calendar" else "工作日"
    states = Counter(item.state for item in ledger.items.values())
    waiting = states[State.DRAFTED] + states[State.REGISTERED]
    cancelled = states[State.CANCELLED]
    assigned = len(ledger) - waiting - cancelled
    out(f"某区{on.year}年政务督查督办工作情况报告（模拟数据，第{args.seed}组）")
    out(
        f"截至{format_day(on)}，{len(sim.units)}个承办单位，登记督查事项{len(ledger)}件：已交办{assigned}件，"
        f"尚在拟办、立项未交办{waiting}件，已撤销{cancelled}件。以下统计均以已交办事项为准；"
        f"办理期限按{counting}计算，逾期时间以天（日历日）计。"
    )

    # 一、预警 (S1-2.2)
    alerts = ledger.alerts(on)
    lights = Counter(alert.level for alert in alerts)
    _heading(out, f"一、预警信号灯（在办事项{len(alerts)}件）")
    out(
        "   ".join(
            f"{level.light}（{level.label}）{lights.get(level, 0)}件"
            for level in (Level.RED, Level.YELLOW, Level.GREEN)
        )
    )
    out(f"黄灯：距办理期限不超过{rules.warning_workdays}个工作日；红灯：已过办理期限。")

    # 二、逾期最久的事项, with how each deadline was reached; overdue time in days throughout
    red = sorted((a for a in alerts if a.level is Level.RED), key=lambda a: (a.due, a.item_id))
    _heading(out, f"二、逾期最久的事项（共{len(red)}件，列前{min(len(red), args.worst)}件）")
    if not red:
        out("无逾期事项。")
    for n, alert in enumerate(red[: args.worst], start=1):
        out(f"{n}. 「{alert.title}」（{alert.item_id}）")
        out(
            f"   责任单位：{alert.unit}；{alert.category.label}；办理期限{_day(alert.due)}，"
            f"已逾期{(on - alert.due).days}天（{alert.state.label}）"
        )
        for line in _wrap(f"期限说明：{alert.deadline.explanation}", _WIDTH, "   "):
            out(line)

    # 三、各单位办理情况 (S2-2.1 办结率、满意率)
    by_unit = ledger.metrics(by="lead_unit")
    rows = []
    ranked = sorted(
        by_unit.items(),
        key=lambda kv: (-(kv[1].on_time_rate if kv[1].on_time_rate is not None else -1), kv[0]),
    )
    for unit, m in ranked:
        rows.append(
            [
                unit,
                str(m.total),
                str(m.closed),
                _pct(m.completion_rate),
                _pct(m.on_time_rate),
                _pct(m.rework_rate),
                _pct(m.satisfaction_rate),
            ]
        )
    whole = ledger.metrics()
    rows.append(
        [
            "全区合计",
            str(whole.total),
            str(whole.closed),
            _pct(whole.completion_rate),
            _pct(whole.on_time_rate),
            _pct(whole.rework_rate),
            _pct(whole.satisfaction_rate),
        ]
    )
    _heading(out, "三、各单位办理情况（按按时办结率排序）")
    out(
        render_table(
            ["责任单位", "交办", "办结", "办结率", "按时办结率", "退回率", "满意率"],
            rows,
            right=[False, True, True, True, True, True, True],
        )
    )
    out(
        f"交办{whole.total}件即已交办事项（不含尚未交办和已撤销的）。满意率为人大代表建议、政协委员提案的测评结果"
        f"（满意+基本满意），目标100%（{rules.cite('S2-2.1')}）。"
    )

    # 四、政令畅通考核 (S0-6.3, S1-2.6)
    year_record = ledger.assess(on.year, on)
    records = sorted(
        year_record.values(),
        key=lambda a: (-a.points_deducted, -a.rectifications_missing, -a.praises, a.unit),
    )
    named = [a for a in records if a.criticisms or a.praises or a.rectifications_missing]
    rows = [
        [
            a.unit,
            str(a.praises),
            str(a.criticisms) + (f"（政府{a.government_criticisms}）" if a.government_criticisms else ""),
            f"-{a.points_deducted}" if a.points_deducted else "0",
            "可" if a.excellent_allowed else "否",
            str(a.rectifications_missing),
        ]
        for a in named
    ]
    _heading(out, f"四、{on.year}年度政令畅通考核（截至{_day(on)}）")
    out(
        render_table(
            ["单位", "通报表扬", "通报批评", "扣分", "可否评优", "整改报告缺报"],
            rows,
            right=[False, True, True, True, False, True],
        )
    )
    others = [a.unit for a in records if a not in named]
    if others:
        out(f"其余{len(others)}个单位本年度未被通报，可评优秀：{'、'.join(others)}。")
    out(
        f"扣分栏以负数表示扣减的分值：每次书面通报批评扣{rules.points_per_criticism}分（{rules.cite('S0-6.3')}）；"
        f"被通报批评的单位不得评为优秀，须一周内报送整改报告（{rules.cite('S1-2.6')}）；“政府”为以政府名义通报的次数。"
    )

    # 五、统筹督查 (S4-16, S1-2.1): one unit visited by overlapping activities
    conflicts = inspection_conflicts(ledger)
    _heading(out, f"五、督查活动统筹（已申报{len(ledger.inspections)}项）")
    if not conflicts:
        out("未发现多头督查、重复督查。")
    for conflict in conflicts[: args.worst]:
        for line in _wrap(conflict.reason, _WIDTH, ""):
            out(line)

    # 六、督查通报（草稿）
    _heading(out, "六、督查通报（草稿）")
    out(draft_bulletin(ledger, on, limit=args.limit).text().rstrip())
    return 0


# -- arguments ------------------------------------------------------------------------------------


def _parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text}: the demo simulates years {_FIRST_YEAR}–{_LAST_YEAR}; give a day in one of them"
        )
    return day


def _count(lowest: int, highest: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(f"{value} is out of range ({lowest}–{highest})")
        return value

    parse.__name__ = "count"
    return parse


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m duban_core``."""
    parser = argparse.ArgumentParser(
        prog="python -m duban_core",
        description="duban_core: rules and workflow for 政务督查督办.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo",
        help="simulate a district's year of supervision and report on it",
        description=(
            "Simulate a district's year of supervision (deterministic per seed), replay it into a "
            "ledger and print, as of --on: traffic lights, the items longest overdue with their "
            "deadline explanations, each unit's rates, the 政令畅通 assessment and a draft bulletin."
        ),
    )
    demo.add_argument("--seed", type=int, default=0, help="random seed of the simulation (default 0)")
    demo.add_argument(
        "--on",
        type=_parse_date,
        default=date(2024, 12, 31),
        metavar="DATE",
        help="the day to report on, YYYY-MM-DD; its year is simulated up to it (default 2024-12-31)",
    )
    demo.add_argument(
        "--items", type=_count(0, 1_000_000), default=600, help="items in the simulated year (default 600)"
    )
    demo.add_argument(
        "--counting",
        choices=("calendar", "working"),
        default="calendar",
        help="count the 5日/7日 limits in calendar days (Civil Code) or working days (default calendar)",
    )
    demo.add_argument("--worst", type=_count(0, 100), default=5, help="overdue items to list (default 5)")
    demo.add_argument(
        "--limit", type=_count(1, 1000), default=3, help="entries per list in the bulletin draft (default 3)"
    )
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None, *, stream: TextIO | None = None) -> int:
    """Run the command line (``argv`` defaults to ``sys.argv[1:]``, output to ``sys.stdout``);
    returns the exit status."""
    args = build_parser().parse_args(argv)
    out = stream if stream is not None else sys.stdout
    try:
        return int(args.func(args, out))
    except DubanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (``… demo | head``): stop quietly
        if out is sys.stdout:
            # Python flushes stdout again at exit; point it at devnull so that flush is silent.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
