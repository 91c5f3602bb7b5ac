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
        """# 督查督办年度数据分析 — a province's year on Dask

This notebook summarises one simulated year of a province's supervision offices the way an
analyst with the real data would: the stored log (JSON lines, one event per line, cut into
files wherever the export cut it) is read **in parallel on a Dask cluster**, re-sharded by
item and bulletin, replayed and summarised on the workers, and the summaries merged
(`duban_core.dask.summarize`). The charts show 按时办结率 by unit, the overdue trend by
month, rework rounds and the 政令畅通 assessment.

Everything is computed by the library from the event stream; the notebook only arranges it.
The documentation site shows it executed at build time, and CI runs it
(`tests/test_notebook.py`), so it always works with the current release. The year is kept
small enough for CI; the same code runs on a province's millions of events on a real
cluster (see 省级数据分析 Analysts at scale).""",
    ),
    (
        "code",
        """import io
import tempfile
import warnings
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw without a display; show() below puts each chart in the notebook as a PNG
import matplotlib.pyplot as plt
from matplotlib import font_manager
import pandas as pd
from IPython.display import Image, display

from duban_core import Ledger, State
from duban_core.oversight import Level, summarize, to_pandas
from duban_core.simulate import iter_events

# Chinese labels need a CJK font. The docs build installs one (Debian: fonts-wqy-microhei);
# without one the build fails here rather than publishing charts of empty boxes.
CJK_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC", "Heiti SC"]

def cjk_font():
    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


chosen = cjk_font()
if chosen is None:  # matplotlib's font cache may predate the font: look at the system's fonts
    for path in font_manager.findSystemFonts():
        font_manager.fontManager.addfont(path)
    chosen = cjk_font()
if chosen is None:
    raise RuntimeError("no CJK font for the charts' Chinese labels: install one, "
                       "e.g. `apt-get install fonts-wqy-microhei`")
plt.rcParams["font.sans-serif"] = [chosen, *plt.rcParams["font.sans-serif"]]
plt.rcParams["axes.unicode_minus"] = False
# A glyph the font lacks is an error, not a box on a published chart.
warnings.filterwarnings("error", message="Glyph .* missing from font")
pd.set_option("display.max_columns", 30)


def show(fig):
    \"\"\"Draw ``fig`` with Agg and show it as a PNG (in Jupyter, in CI and on the site).\"\"\"
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    display(Image(buffer.getvalue()))


print("CJK font:", chosen)""",
    ),
    (
        "md",
        """## 存储的日志 The stored log

`iter_events(seed, units=, items=)` plays a year for many units: leaders' instructions,
meeting decisions, 政府工作报告 tasks with quarterly reports, deputies' suggestions, urgent
items, rework, extensions, urging, criticism bulletins naming items, praise, rectification
reports. The same seed always gives the same year. The log is written as JSON lines into
four files cut at arbitrary lines — an item's events and a bulletin's items end up in
different files, as in any real export.""",
    ),
    (
        "code",
        """YEAR, ON = 2024, date(2024, 12, 31)
events = list(iter_events(2024, units=36, items=3000))
lines = [event.model_dump_json() for event in events]

store = tempfile.TemporaryDirectory(prefix="duban-log-")
cuts = [0, len(lines) // 5, len(lines) // 2, len(lines) * 4 // 5, len(lines)]
for k in range(4):
    text = "\\n".join(lines[cuts[k]:cuts[k + 1]]) + "\\n"
    Path(store.name, f"2024-part{k}.jsonl").write_text(text, encoding="utf-8")
print(f"{len(events):,} events in {len(cuts) - 1} files")""",
    ),
    (
        "md",
        """## 在 Dask 上汇总 Summarised on a Dask cluster

A `distributed.LocalCluster` with two worker processes stands in for the province's cluster
(on a real one, `Client("tcp://scheduler:8786")` and `read_text("s3://…/*.jsonl")`). The files
are read in parallel; `duban_core.dask.summarize` returns one `Summary`: the alerts and
findings of 31 December, the metrics (whole, by lead unit, by category) and the assessment.""",
    ),
    (
        "code",
        """import dask.bag as db
from distributed import Client, LocalCluster

from duban_core import dask as ddask

cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
client = Client(cluster)
bag = db.read_text(str(Path(store.name, "*.jsonl")))
summary = ddask.summarize(bag, on=ON, year=YEAR)
client.close()
cluster.close()
print(summary.metrics.describe())
print({level.label: n for level, n in summary.levels.items()})""",
    ),
    (
        "md",
        """The same summary as one process: replaying the whole log in this kernel and summarising it
gives an equal value — the shards' summaries merge exactly.""",
    ),
    (
        "code",
        """ledger = Ledger.replay(events)
assert summary == summarize(ledger, on=ON, year=YEAR)
ledger""",
    ),
    (
        "md",
        """## 按时办结率 On-time completion by unit

`to_pandas(..., chinese=True)` turns the metrics into a DataFrame with Chinese headers (the
library's one table of labels, `oversight.COLUMN_LABELS`); rates are derived from raw counts,
so they merge across shards.""",
    ),
    (
        "code",
        """by_unit = to_pandas(summary.by_unit, chinese=True)
by_unit.index.name = "责任单位"
assert by_unit["交办"].sum() == summary.metrics.total
columns = ["交办", "办结", "按时办结数", "办结率", "按时办结率", "退回重办率", "平均办理工作日"]
rates = {"办结率": "{:.0%}", "按时办结率": "{:.0%}", "退回重办率": "{:.0%}", "平均办理工作日": "{:.1f}"}
by_unit[columns].sort_values("按时办结率").head(10).style.format(rates, na_rep="—")""",
    ),
    (
        "code",
        """ranked = by_unit.sort_values("按时办结率")
fig, ax = plt.subplots(figsize=(10, 8))
ax.barh(ranked.index, ranked["按时办结率"] * 100, color="#c0392b")
ax.axvline(summary.metrics.on_time_rate * 100, color="#333", linestyle="--",
           label=f"合计 {summary.metrics.on_time_rate:.0%}")
ax.set_title(f"{YEAR}年各单位按时办结率")
ax.set_xlabel("按时办结率（%）")
ax.legend(loc="lower right")
show(fig)""",
    ),
    (
        "code",
        """by_category = to_pandas(summary.by_category, chinese=True)
by_category[columns + ["满意率"]].style.format({**rates, "满意率": "{:.0%}"}, na_rep="—")""",
    ),
    (
        "md",
        """## 逾期趋势 Overdue items by month

The alerts of a day must be computed on the ledger *as it stood that day*. This cell folds the
log in order and, at the end of every month, counts the red (逾期) and yellow (临近期限) lights —
simple and exact (the fold is incremental), in one process.""",
    ),
    (
        "code",
        """def monthly_overdue_trend(events, rules=None):
    \"\"\"Red and yellow lights at each month's end, folding the events in order.\"\"\"
    running = Ledger(rules)
    stream = iter(events)
    pending = next(stream, None)
    rows = []
    for month in range(1, 13):
        end = (date(YEAR, month + 1, 1) if month < 12 else date(YEAR + 1, 1, 1)) - timedelta(days=1)
        while pending is not None and pending.day <= end:
            running.apply(pending)
            pending = next(stream, None)
        lights = Counter(alert.level for alert in running.alerts(end))
        rows.append({"月份": f"{month}月", "红灯（逾期）": lights[Level.RED],
                     "黄灯（临近期限）": lights[Level.YELLOW], "在办": sum(lights.values())})
    return pd.DataFrame(rows).set_index("月份")


trend = monthly_overdue_trend(events)
trend""",
    ),
    (
        "code",
        """fig, ax = plt.subplots(figsize=(10, 4))
trend[["红灯（逾期）", "黄灯（临近期限）"]].plot(ax=ax, kind="bar", color=["#c0392b", "#e6a700"])
ax.set_title(f"{YEAR}年各月末逾期及临近期限督查事项")
ax.set_xlabel("")
ax.set_ylabel("件数")
ax.tick_params(axis="x", rotation=0)
ax.grid(alpha=0.3, axis="y")
show(fig)""",
    ),
    (
        "md",
        """## 退回重办 Rework rounds

An item the office returns (退回重办, S0-3) is handled again until it is right; each return
is a rework round. How many rounds did the items need?""",
    ),
    (
        "code",
        """counted = [item for item in ledger.items.values()
           if item.received_on is not None and item.state is not State.CANCELLED]
rounds = pd.Series(Counter(min(item.rework_rounds, 3) for item in counted)).sort_index()
rounds.index = [f"{n}次" if n < 3 else "3次及以上" for n in rounds.index]
assert sum(item.rework_rounds > 0 for item in counted) == summary.metrics.reworked
fig, ax = plt.subplots(figsize=(6, 4))
ax.bar(rounds.index, rounds.values, color=["#2e7d32", "#e6a700", "#e67e22", "#c0392b"][: len(rounds)])
ax.set_title("督查事项退回重办次数")
ax.set_ylabel("件数")
for x, n in enumerate(rounds.values):
    ax.annotate(f"{n}", (x, n), ha="center", va="bottom")
show(fig)""",
    ),
    (
        "md",
        """## 政令畅通考核 The assessment

Every written criticism deducts one point from the unit's 政令畅通 score (S0-6.3) and rules
out 优秀 (S1-2.6); a criticised unit owes a rectification report within a week. The weight of
政令畅通 in the annual assessment is the host's; here it is taken as 10 points.""",
    ),
    (
        "code",
        """BASE = 10  # the 政令畅通 target score in the annual assessment (the host's choice)
assessment = to_pandas(summary.assessment, chinese=True)
assessment["得分"] = BASE - assessment["扣分"]
assessment = assessment.sort_values("得分")
assessment[["通报批评", "通报表扬", "扣分", "可评优秀", "整改报告缺报", "得分"]].head(10)""",
    ),
    (
        "code",
        """scored = assessment[assessment["通报批评"] + assessment["通报表扬"] > 0]
fig, ax = plt.subplots(figsize=(10, 7))
colors = ["#2e7d32" if ok else "#c0392b" for ok in scored["可评优秀"]]
ax.barh(scored.index, scored["得分"], color=colors)
ax.set_xlim(BASE - max(3, int(scored["扣分"].max()) + 1), BASE)
ax.set_title(f"{YEAR}年被通报单位政令畅通得分（红色：被通报批评，不得评为优秀）")
ax.set_xlabel("得分")
show(fig)""",
    ),
    (
        "md",
        """## 督查发现 What deserves a bulletin

The findings of 31 December, worst first (the escalation ladder's rung, then working days
overdue): recommendations for the office — the library never issues a bulletin itself.""",
    ),
    (
        "code",
        """findings = to_pandas(list(summary.findings), chinese=True)
findings[["类型", "单位", "事项编号", "通报编号", "完成时限", "逾期工作日", "督办建议"]].head(10)""",
    ),
    (
        "code",
        """store.cleanup()""",
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
