"""Write ``analysis.ipynb`` (outputs cleared) from the cells below.

    python docs/notebooks/make_analysis.py

Edit the cells here, not in Jupyter, and commit both files; ``tests/test_notebook.py`` checks
that the notebook is what this script writes, that it has no stored outputs, and executes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
TARGET = HERE / "analysis.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# 督查督办年度数据分析 — a simulated district year

This notebook loads one simulated year of a district government's supervision office
(`duban_core.simulate`) into pandas, computes the figures the office reports — 办结率、按时办结率
per unit and per category — follows the number of overdue items (红灯) through the year, and
charts each unit's 政令畅通 score from the year's bulletins.

Everything here is computed by the library from the event stream; the notebook only arranges
it. It runs in CI (`tests/test_notebook.py`), so it always works with the current release.""",
    ),
    (
        "code",
        """import io
import warnings
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")  # draw without a display; show() below puts each chart in the notebook as a PNG
import matplotlib.pyplot as plt
from matplotlib import font_manager
import pandas as pd
from IPython.display import Image, display

from duban_core import Category, Ledger, State
from duban_core.oversight import Level, ledger_frame, to_pandas
from duban_core.simulate import simulate

# Chinese labels need a CJK font; use one if the machine has it.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei",
             "Microsoft YaHei", "PingFang SC", "Heiti SC"]
available = {f.name for f in font_manager.fontManager.ttflist}
chosen = next((name for name in CJK_FONTS if name in available), None)
if chosen:
    plt.rcParams["font.sans-serif"] = [chosen, *plt.rcParams["font.sans-serif"]]
    plt.rcParams["axes.unicode_minus"] = False
else:  # the charts still render; Chinese glyphs show as boxes
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
pd.set_option("display.max_columns", 30)


def show(fig):
    \"\"\"Draw ``fig`` with Agg and show it as a PNG (in Jupyter and in CI alike).\"\"\"
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    display(Image(buffer.getvalue()))


print("CJK font:", chosen)""",
    ),
    (
        "md",
        """## 一年的事件 The year's events

`simulate(seed=2024)` plays 2024 for 24 units and 600 items: leaders' instructions, meeting
decisions, 政府工作报告 tasks with quarterly reports, deputies' suggestions after the spring
两会, urgent items, rework, extensions, urging, monthly criticism bulletins, quarterly praise,
rectification reports. The same seed always gives the same year. `replay()` folds the events
into a ledger (台账).""",
    ),
    (
        "code",
        """sim = simulate(seed=2024)
ledger = sim.replay()
print(sim)
print(ledger)""",
    ),
    (
        "md",
        """## 综合台账 The register as a DataFrame

`ledger_frame(ledger, on)` is the 综合台账 (S4-22) as of a day: one row per item (not cancelled) with its
责任单位, 责任领导, 责任人, 完成时限, state and traffic light; `chinese=True` gives Chinese headers and
labels.""",
    ),
    (
        "code",
        """register = ledger_frame(ledger, sim.on, chinese=True)  # cancelled items are left out
assert len(register) == sum(item.state is not State.CANCELLED for item in ledger.items.values())
register[["督查类别", "责任单位", "责任领导", "交办日期", "完成时限", "办理状态", "预警", "按时办结"]].head(10)""",
    ),
    (
        "code",
        """register.groupby("办理状态").size().sort_values(ascending=False).rename("件数")""",
    ),
    (
        "md",
        """## 考核指标 Metrics per unit and per category

`ledger.metrics(by=...)` returns a `Metrics` per group: raw counts (交办 `total`, 办结 `closed`,
按时办结 `on_time`, …) and the rates derived from them. `to_pandas` makes a DataFrame of them.""",
    ),
    (
        "code",
        """METRIC_LABELS = {
    "total": "交办", "closed": "办结", "on_time": "按时办结", "late": "逾期办结", "open": "在办",
    "reworked": "退回重办", "completion_rate": "办结率", "on_time_rate": "按时办结率",
    "rework_rate": "退回重办率", "average_handling_workdays": "平均办理工作日",
    "satisfaction_rate": "满意率",
}
columns = list(METRIC_LABELS)

by_unit = to_pandas(ledger.metrics(by="lead_unit"))[columns].rename(columns=METRIC_LABELS)
by_unit.index.name = "责任单位"
overall = ledger.metrics()
assert by_unit["交办"].sum() == overall.total
assert by_unit["办结"].sum() == overall.closed
by_unit.sort_values("按时办结率").head(10).style.format(
    {"办结率": "{:.0%}", "按时办结率": "{:.0%}", "退回重办率": "{:.0%}", "满意率": "{:.0%}",
     "平均办理工作日": "{:.1f}"}, na_rep="—")""",
    ),
    (
        "code",
        """by_category = to_pandas(ledger.metrics(by="category"), chinese=True)[columns].rename(columns=METRIC_LABELS)
by_category.index.name = "督查类别"
assert set(by_category.index) <= {c.label for c in Category}
by_category.style.format(
    {"办结率": "{:.0%}", "按时办结率": "{:.0%}", "退回重办率": "{:.0%}", "满意率": "{:.0%}",
     "平均办理工作日": "{:.1f}"}, na_rep="—")""",
    ),
    (
        "md",
        """## 逾期趋势 Overdue items through the year

The alerts of a day must be computed on the ledger *as it stood that day*, so the events are
folded in order and, at the end of every week, `ledger.alerts(day)` counts the red (逾期) and
yellow (临近期限) lights. Nothing is recomputed: the fold is incremental.""",
    ),
    (
        "code",
        """running = Ledger(sim.rules)
events = iter(sim.events)
pending = next(events, None)
rows = []
day = date(sim.year, 1, 7)
while day <= sim.on:
    while pending is not None and pending.day <= day:
        running.apply(pending)
        pending = next(events, None)
    lights = [alert.level for alert in running.alerts(day)]
    rows.append({"日期": day, "红灯（逾期）": lights.count(Level.RED),
                 "黄灯（临近期限）": lights.count(Level.YELLOW), "在办": len(lights)})
    day += timedelta(days=7)
trend = pd.DataFrame(rows).set_index("日期")
trend.tail()""",
    ),
    (
        "code",
        """fig, ax = plt.subplots(figsize=(10, 4))
trend[["红灯（逾期）", "黄灯（临近期限）"]].plot(ax=ax, color=["#c0392b", "#e6a700"])
ax.set_title(f"{sim.year}年逾期及临近期限督查事项（每周末）")
ax.set_xlabel("")
ax.set_ylabel("件数")
ax.grid(alpha=0.3)
show(fig)""",
    ),
    (
        "md",
        """## 政令畅通得分 Each unit's score

`ledger.assess(year)` counts each unit's bulletins: every written criticism deducts one point
from its 政令畅通 score (S0-6.3) and rules out 优秀 (S1-2.6). The weight of 政令畅通 in the
annual assessment is the host's; here it is taken as 10 points.""",
    ),
    (
        "code",
        """BASE = 10  # the 政令畅通 target score in this district's annual assessment (the host's choice)
assessment = to_pandas(ledger.assess(sim.year))
assessment["得分"] = BASE - assessment["points_deducted"]
assessment["按时办结率"] = by_unit["按时办结率"].reindex(assessment.index)
assessment["可靠性（模拟真值）"] = pd.Series(dict(sim.reliability)).reindex(assessment.index)
assessment = assessment.sort_values(["得分", "按时办结率"])
assert (assessment["points_deducted"] == assessment["criticisms"] * sim.rules.points_per_criticism).all()
assessment[["criticisms", "praises", "points_deducted", "excellent_allowed", "rectifications_missing",
            "得分", "按时办结率"]].rename(columns={
    "criticisms": "通报批评", "praises": "通报表扬", "points_deducted": "扣分",
    "excellent_allowed": "可评优秀", "rectifications_missing": "整改报告缺报"}).head(10)""",
    ),
    (
        "code",
        """fig, ax = plt.subplots(figsize=(10, 6))
colors = ["#c0392b" if not ok else "#2e7d32" for ok in assessment["excellent_allowed"]]
ax.barh(assessment.index, assessment["得分"], color=colors)
ax.set_xlim(BASE - max(3, int(assessment["points_deducted"].max()) + 1), BASE)
ax.set_title(f"{sim.year}年各单位政令畅通得分（红色：被通报批评，不得评为优秀）")
ax.set_xlabel("得分")
show(fig)""",
    ),
    (
        "md",
        """Does the assessment see what the simulation hid? Each unit has a hidden reliability (its
propensity to finish on time); units the rules criticised should be the less reliable ones.""",
    ),
    (
        "code",
        """criticised = assessment["criticisms"] > 0
print("mean reliability, criticised units:", round(assessment.loc[criticised, "可靠性（模拟真值）"].mean(), 2))
print("mean reliability, other units:     ", round(assessment.loc[~criticised, "可靠性（模拟真值）"].mean(), 2))
fig, ax = plt.subplots(figsize=(6, 4))
ax.scatter(assessment["可靠性（模拟真值）"], assessment["按时办结率"], c=colors)
ax.set_xlabel("可靠性（模拟真值）")
ax.set_ylabel("按时办结率")
ax.grid(alpha=0.3)
show(fig)""",
    ),
]


def build() -> nbformat.NotebookNode:
    """The notebook, outputs cleared."""
    cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:02d}"  # stable ids: regenerating gives the same file
    return notebook


def main() -> None:
    notebook = build()
    nbformat.validate(notebook)
    nbformat.write(notebook, TARGET)
    print(f"wrote {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    main()
