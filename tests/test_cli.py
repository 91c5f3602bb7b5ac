"""The command line: ``python -m duban_core demo`` simulates a year and reports on it."""

from __future__ import annotations

import io
import re
import runpy
import sys

import pytest

from duban_core import DubanError
from duban_core import cli as cli_module
from duban_core.cli import display_width, main, render_table

SECTIONS = (
    "一、预警信号灯",
    "二、逾期最久的事项",
    "三、各单位办理情况",
    "四、2024年度政令畅通考核",
    "五、督查活动统筹",
    "六、督查通报（草稿）",
)


def _run(*argv: str) -> str:
    out = io.StringIO()
    assert main(["demo", *argv], stream=out) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def report() -> str:
    return _run("--seed", "3", "--on", "2024-12-31", "--items", "300")


def test_the_demo_prints_every_section(report: str) -> None:
    positions = [report.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    assert "截至2024年12月31日（星期二）" in report
    assert report.startswith("某区2024年政务督查督办工作情况报告（模拟数据，第3组）\n")


def test_the_demo_reads_as_a_report_for_the_office(report: str) -> None:
    # Issue 15, point 16: no seed jargon, no Markdown, no library name, no clause IDs.
    for leak in ("种子", "duban_core", "# ", "**", "| ", "S0-", "S1-", "S2-", "S4-", "==="):
        assert leak not in report, leak
    # Overdue time in one unit (days) throughout: never in working days.
    assert "已逾期" in report
    assert not re.search(r"逾期\d+个工作日", report)
    # Dates in Chinese, not ISO.
    assert not re.search(r"\d{4}-\d{2}-\d{2}(?!-)", report.replace("督查计划", ""))


def test_the_totals_reconcile(report: str) -> None:
    # 300 items registered = assigned + not yet assigned + cancelled; the table's total is the
    # assigned ones, and the header says so.
    head = re.search(
        r"登记督查事项(\d+)件：已交办(\d+)件，尚在拟办、立项未交办(\d+)件，已撤销(\d+)件", report
    )
    assert head is not None
    registered, assigned, waiting, cancelled = map(int, head.groups())
    assert registered == 300 == assigned + waiting + cancelled
    total = re.search(r"全区合计\s+(\d+)", report)
    assert total is not None
    assert int(total.group(1)) == assigned
    assert f"交办{assigned}件即已交办事项" in report
    assert f"共交办督查事项{assigned}件" in report  # the bulletin counts the same items


def test_points_deducted_have_one_sign(report: str) -> None:
    # The 扣分 column shows deductions as negative numbers, zero as 0, in every row.
    table = report[report.index("四、2024年度政令畅通考核") : report.index("五、督查活动统筹")]
    rows = [
        line.split()
        for line in table.splitlines()
        if line.startswith(("区", "城", "青", "白", "南", "东", "西"))
    ]
    cells = [row[3] for row in rows if len(row) >= 5]
    assert cells
    assert all(c == "0" or (c.startswith("-") and c[1:].isdigit()) for c in cells)


def test_the_demo_shows_lights_deadlines_rates_and_the_assessment(report: str) -> None:
    for light in ("红灯（逾期）", "黄灯（预警）", "绿灯（正常）"):
        assert light in report
    # The overdue items come with how their deadline was reached, citing the document in words.
    assert "期限说明：依据区人民政府《关于进一步加强政务督查工作的通知》第四条" in report
    for column in ("办结率", "按时办结率", "退回率", "满意率", "全区合计"):
        assert column in report
    for column in ("通报表扬", "通报批评", "扣分", "可否评优", "整改报告缺报"):
        assert column in report
    assert "区人民政府《关于进一步加强政务督查工作的通知》第六条第3项" in report
    # Overlapping inspections of one unit (S4-16).
    assert "属多头督查" in report
    # The bulletin draft comes from the oversight module.
    assert "督查工作通报\n2024年第" in report
    assert "五、下一步要求" in report


def test_the_demo_is_deterministic_per_seed(report: str) -> None:
    assert _run("--seed", "3", "--on", "2024-12-31", "--items", "300") == report
    assert _run("--seed", "4", "--on", "2024-12-31", "--items", "300") != report


def test_the_demo_reports_as_of_an_earlier_day_and_counts_working_days() -> None:
    text = _run("--on", "2024-06-28", "--items", "150", "--counting", "working", "--worst", "2")
    assert "截至2024年6月28日（星期五）" in text
    assert "期限按工作日计算" in text
    assert "2024年度政令畅通考核（截至2024年6月28日）" in text


def test_the_default_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "登记督查事项600件：已交办590件，尚在拟办、立项未交办1件，已撤销9件" in out
    assert all(title in out for title in SECTIONS)


def test_a_year_with_nothing_overdue_yet() -> None:
    text = _run("--on", "2024-01-03", "--items", "50")
    assert "无逾期事项" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--on", "2024-13-01"], "not a date (YYYY-MM-DD): '2024-13-01'"),
        (["--on", "yesterday"], "not a date (YYYY-MM-DD): 'yesterday'"),
        (["--on", "1990-05-01"], "the demo simulates years 2001–2098"),
        (["--items", "-5"], "out of range"),
        (["--items", "many"], "not a whole number"),
        (["--counting", "lunar"], "invalid choice"),
    ],
)
def test_bad_arguments_are_argparse_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "usage: python -m duban_core demo" in err


def test_a_library_error_is_reported_with_status_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise DubanError("simulated refusal")

    monkeypatch.setattr(cli_module, "simulate", refuse)
    assert main(["demo", "--items", "5"]) == 2
    assert "error: simulated refusal" in capsys.readouterr().err


def test_python_dash_m_runs_the_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["duban_core", "demo", "--items", "40", "--on", "2024-04-30"])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("duban_core", run_name="__main__", alter_sys=True)
    assert exit_info.value.code == 0
    assert "一、预警信号灯" in capsys.readouterr().out


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("区发改局") == 8
    assert display_width("ab12") == 4
    assert display_width("（100%）") == 8
    assert display_width("") == 0


def test_tables_line_up_with_chinese_text() -> None:
    table = render_table(
        ["单位", "件数"], [["区发改局", "5"], ["ab", "10"], ["城关街道办事处", "123"]], right=[False, True]
    )
    assert table.splitlines() == [
        "单位            件数",
        "--------------  ----",
        "区发改局           5",
        "ab                10",
        "城关街道办事处   123",
    ]
    widths = {display_width(line) for line in table.splitlines()}
    assert widths == {20}


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_the_demo_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--items", "20"], stream=_ClosedPipe()) == 1
    assert capsys.readouterr().err == ""
