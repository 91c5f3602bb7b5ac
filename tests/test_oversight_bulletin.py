"""The draft 督查通报 (S0-3.6, S4-26): Markdown in Chinese, pure, recommendations only."""

from __future__ import annotations

from datetime import date

import pytest

from duban_core import Category, DubanError, Ledger
from duban_core.events import BulletinKind, Outcome, Satisfaction
from duban_core.oversight import draft_bulletin
from oversight_support import Scenario

ON = date(2024, 10, 25)


@pytest.fixture(scope="module")
def autumn() -> Scenario:
    """区财政局 closes two items on time; 区住建局 lets a 领导批示 (due 2024-10-08, across the
    国庆 break) run 14 workdays late (10-12 was a 调休 working day); 区发改局 misses quarterly reports (S0-4.2); 区水务局 was
    criticised on 09-27 and filed no 整改报告 (due 10-08, S1-2.6); 区民政局 closes a deputy's
    suggestion on time, rated 满意."""
    s = Scenario()
    s.item("CZ-1", Category.SUPERIOR_DECISION, date(2024, 9, 2), unit="区财政局", title="落实减税降费政策")
    s.finish("CZ-1", date(2024, 9, 5))
    s.item("CZ-2", Category.MEETING_DECISION, date(2024, 10, 8), unit="区财政局", title="清理拖欠账款")
    s.finish("CZ-2", date(2024, 10, 14))
    s.item("ZJ-1", Category.LEADER_INSTRUCTION, date(2024, 9, 27), unit="区住建局", title="整治占道经营")
    s.ack("ZJ-1", date(2024, 9, 29))
    s.item("FG-1", Category.WORK_REPORT_TASK, date(2024, 2, 1), unit="区发改局", title="新建城区学校3所")
    s.ack("FG-1", date(2024, 2, 2))
    s.progress("FG-1", date(2024, 9, 30))
    s.item("MZ-1", Category.DEPUTY_PROPOSAL, date(2024, 7, 1), unit="区民政局", title="增设社区养老服务站")
    s.finish("MZ-1", date(2024, 9, 20))
    s.evaluate("MZ-1", date(2024, 9, 25), Satisfaction.SATISFIED, Outcome.SOLVED)
    s.bulletin("TB-2024-07", date(2024, 9, 27), BulletinKind.CRITICISM, ["区水务局"])
    s.bulletin("TB-2024-06", date(2024, 6, 3), BulletinKind.PRAISE, ["区民政局"])
    return s


def test_draft_has_every_section(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    assert text.startswith("# 2024年督查工作通报\n")
    for heading in (
        "## 一、总体情况",
        "## 二、按时办结情况",
        "## 三、逾期未办结事项",
        "## 四、未按要求报送及催办情况",
        "## 五、拟通报表扬",
        "## 六、拟通报批评",
        "## 七、2024年度通报及考核情况",
    ):
        assert heading in text
    assert "统计期间：2024年1月1日至2024年10月25日" in text
    assert "须经督查室审核、领导审定后方可印发" in text  # a draft, never issued by the library


def test_overall_figures(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    assert "本期交办督查事项5件，已办结3件（办结率60%），其中按时办结3件" in text
    assert "本期办结督查事项3件，其中按时办结3件（按时办结率100%）" in text
    assert "红灯（逾期）1件" in text
    assert "满意率100%（目标100%，S2-2.1）" in text


def test_what_closed_on_time(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    assert "| 区财政局 | 2 | 2 | 100% |" in text
    assert (
        "「清理拖欠账款」（区财政局；本级政府重要部署、文件和会议）于2024年10月14日办结，期限2024年10月15日"
        in text
    )


def test_what_is_overdue_with_the_deadline_explained(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    assert (
        "**「整治占道经营」**（ZJ-1）责任单位：区住建局；办结期限2024年10月8日；已逾期17天（14个工作日）"
        in text
    )
    assert "督办建议：建议书面通报批评（S1-2.6）" in text
    assert "期限说明：依据S0-4.4" in text
    assert "国庆节假期" in text
    assert "《民法典》第二百零三条" in text


def test_missed_reports_and_rectification(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    assert "【未按时报送进展】「新建城区学校3所」应于2024年4月1日（星期一）报送" in text
    assert "【未按时报送整改报告】区水务局于2024年9月27日（星期五）被通报批评（TB-2024-07）" in text


def test_recommendations_for_praise_and_criticism(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    praise = text[text.index("## 五") : text.index("## 六")]
    criticism = text[text.index("## 六") : text.index("## 七")]
    assert "**区财政局**：本期办结督查事项2件，全部按时办结" in praise
    assert "**区民政局**" in praise
    assert "区住建局" not in praise
    assert "区发改局" not in praise
    assert "**区住建局**：逾期未办结1项（最长逾期14个工作日，S1-2.6）" in criticism
    assert "**区发改局**：未按时报送进展2项" in criticism
    assert "S0-6.3" in criticism
    assert "不得评为优秀" in criticism
    # 区水务局's rectification is 14 workdays late, too: the ladder's top rung.
    assert "**区水务局**：未按时报送整改报告1项" in criticism


def test_the_year_record_table(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON)
    assert "| 区水务局 | 0 | 1 | 1 | 否 | 1 |" in text
    assert "| 区民政局 | 1 | 0 | 0 | 是 | 0 |" in text


def test_period_title_and_limit(autumn: Scenario) -> None:
    october = draft_bulletin(
        autumn.ledger, ON, period=(date(2024, 10, 1), date(2024, 10, 31)), title="10月督查通报"
    )
    assert october.startswith("# 10月督查通报\n")
    assert "统计期间：2024年10月1日至2024年10月25日" in october  # the period ends at ``on``
    assert "本期办结督查事项1件" in october
    short = draft_bulletin(autumn.ledger, ON, limit=1)
    assert "……等共3项" in short  # two missed quarterly reports and a missing 整改报告
    for bad in (0, -1, True):
        with pytest.raises(DubanError):
            draft_bulletin(autumn.ledger, ON, limit=bad)
    with pytest.raises(DubanError):
        draft_bulletin(autumn.ledger, ON, period=(date(2024, 10, 31), date(2024, 10, 1)))
    with pytest.raises(DubanError):
        draft_bulletin(autumn.ledger, ON, period=date(2024, 10, 1))  # type: ignore[arg-type]


def test_pure_and_bound_to_the_ledger(autumn: Scenario) -> None:
    ledger = autumn.ledger
    version, bulletins = ledger.version, dict(ledger.bulletins)
    text = draft_bulletin(ledger, ON)
    assert text == draft_bulletin(ledger, ON)
    assert (ledger.version, dict(ledger.bulletins)) == (version, bulletins)


def test_an_empty_ledger_gives_an_empty_but_whole_draft() -> None:
    text = draft_bulletin(Ledger(), ON)
    assert "本期无办结事项。" in text
    assert "截至2024年10月25日无逾期未办结事项。" in text
    assert "本期无符合通报表扬条件的单位。" in text
    assert "本期无达到通报批评条件的单位。" in text
    assert "2024年度截至目前未发布通报。" in text
