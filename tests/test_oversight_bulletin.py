"""The draft 督查通报 (S0-3.6, S4-14(13), S4-26): a 公文 in plain text and .docx, pure; the
recommendations stay out of the text, as data. Expected figures are counted by hand from the
scenario below."""

from __future__ import annotations

import io
import sys
from datetime import date

import docx
import pytest

from duban_core import Category, DubanError, Ledger
from duban_core.errors import ConfigurationError
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


def test_draft_is_a_gongwen_with_every_part(autumn: Scenario) -> None:
    draft = draft_bulletin(autumn.ledger, ON)
    # Two bulletins recorded in 2024 before 10-25 (TB-2024-06, TB-2024-07): this is the third.
    assert draft.issue == "2024年第3期"
    assert draft.title == "关于2024年1月1日至2024年10月25日督查事项办理情况的通报"
    assert draft.addressees == "各乡镇人民政府、街道办事处，区政府各部门"
    assert (draft.issuer, draft.dated) == ("区人民政府督查室", ON)
    assert [heading for heading, _ in draft.sections] == [
        "一、基本情况",
        "二、存在的问题",
        "三、通报表扬",
        "四、通报批评",
        "五、下一步要求",
    ]
    text = draft.text()
    assert str(draft) == text
    lines = text.splitlines()
    assert lines[:3] == ["督查工作通报", "2024年第3期", "区人民政府督查室　　　　2024年10月25日"]
    assert "各乡镇人民政府、街道办事处，区政府各部门：" in lines
    assert lines[-2:] == ["区人民政府督查室", "2024年10月25日"]  # 落款 and 成文日期


def test_the_text_has_no_ids_lights_markdown_or_proposals(autumn: Scenario) -> None:
    text = draft_bulletin(autumn.ledger, ON).text()
    for leak in (
        "S0-",
        "S1-",
        "S4-",
        "duban_core",
        "红灯",
        "黄灯",
        "绿灯",
        "#",
        "**",
        "|",
        "拟",
        "ZJ-1",
        "TB-2024",
    ):
        assert leak not in text, leak


def test_overall_figures(autumn: Scenario) -> None:
    situation = dict(draft_bulletin(autumn.ledger, ON).sections)["一、基本情况"]
    # Received 5 (CZ-1, CZ-2, ZJ-1, FG-1, MZ-1), closed 3 (CZ-1, CZ-2, MZ-1), all on time.
    assert situation == (
        "2024年1月1日至2024年10月25日，共交办督查事项5件，已办结3件，办结率60%；期间办结事项3件，"
        "其中按时办结3件，按时办结率100%。人大代表建议、政协委员提案已测评1件，满意率100%。",
    )


def test_problems_in_one_unit_of_time(autumn: Scenario) -> None:
    problems = dict(draft_bulletin(autumn.ledger, ON).sections)["二、存在的问题"]
    # ZJ-1 due 2024-10-08 (5日 across 国庆); 10-25 is 17 days later.
    assert problems[0] == (
        "（一）逾期未办结。截至2024年10月25日，区住建局承办的“整治占道经营”（办结期限2024年10月8日，"
        "已逾期17天）仍未办结。"
    )
    # FG-1 missed its Q1 (04-01) and Q2 (07-01) reports; 区水务局 filed no 整改报告 by 10-08.
    assert problems[1] == "（二）未按时报送进展。区发改局未按要求报送阶段性进展情况，共2次。"
    assert problems[2] == "（三）整改报告未按时报送。区水务局被通报批评后，未在一周内报送书面整改报告。"
    assert "工作日" not in "".join(problems)


def test_praise_and_criticism_in_the_text_and_as_proposals(autumn: Scenario) -> None:
    draft = draft_bulletin(autumn.ledger, ON)
    sections = dict(draft.sections)
    assert sections["三、通报表扬"][0].startswith("区财政局、区民政局在2024年1月1日至2024年10月25日")
    criticism = sections["四、通报批评"]
    # Worst first: 区发改局 (since 04-01), then 14 working days each, by name.
    assert (
        criticism[0]
        == "区发改局、区住建局、区水务局未按时、未按要求完成督查事项或未按要求报送，予以通报批评。"
    )
    assert "一周内" in criticism[1]
    assert "扣减“政令畅通”目标分值1分" in criticism[1]
    assert "区人民政府《关于进一步加强政务督查工作的通知》第六条第3项" in criticism[1]
    praised = [(p.unit, p.clauses) for p in draft.proposals if p.kind is BulletinKind.PRAISE]
    assert praised == [("区财政局", ("S0-6.3",)), ("区民政局", ("S0-6.3",))]
    criticised = {p.unit: p for p in draft.proposals if p.kind is BulletinKind.CRITICISM}
    assert set(criticised) == {"区住建局", "区发改局", "区水务局"}
    assert criticised["区住建局"].items == ("ZJ-1",)
    assert criticised["区住建局"].clauses == ("S1-2.6",)
    assert criticised["区住建局"].reason == "逾期未办结1项（最长逾期17天）"


def test_a_unit_criticised_for_an_item_is_not_proposed_again() -> None:
    s = Scenario()
    s.item("ZJ-1", Category.LEADER_INSTRUCTION, date(2024, 9, 27), unit="区住建局", title="整治占道经营")
    s.ack("ZJ-1", date(2024, 9, 29))
    before = draft_bulletin(s.ledger, ON)
    assert [p.unit for p in before.proposals if p.kind is BulletinKind.CRITICISM] == ["区住建局"]
    # The office criticised 区住建局 for ZJ-1 on 10-23: the draft of 10-25 does not propose it again
    # (its 整改报告 is due 10-30, not yet missed).
    s.bulletin("TB-2024-09", date(2024, 10, 23), BulletinKind.CRITICISM, ["区住建局"], items=["ZJ-1"])
    after = draft_bulletin(s.ledger, ON)
    assert [p for p in after.proposals if p.kind is BulletinKind.CRITICISM] == []
    assert dict(after.sections)["四、通报批评"] == ("本期无达到通报批评条件的单位。",)
    assert after.issue == "2024年第2期"


def test_docx_reads_back_with_every_part(autumn: Scenario) -> None:
    draft = draft_bulletin(autumn.ledger, ON)
    stream = io.BytesIO()
    data = draft.to_docx(stream)
    assert stream.getvalue() == data
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert paragraphs[0] == "督查工作通报"
    assert "2024年第3期" in paragraphs
    assert draft.title in paragraphs
    assert "各乡镇人民政府、街道办事处，区政府各部门：" in paragraphs
    for heading, texts in draft.sections:
        assert heading in paragraphs
        assert all(t in paragraphs for t in texts)
    assert paragraphs[-2:] == ["区人民政府督查室", "2024年10月25日"]


def test_period_title_and_limit(autumn: Scenario) -> None:
    october = draft_bulletin(
        autumn.ledger, ON, period=(date(2024, 10, 1), date(2024, 10, 31)), title="10月督查通报", issue="第9期"
    )
    assert (october.title, october.issue) == ("10月督查通报", "第9期")
    # The period ends at ``on``; CZ-2 (received 10-08, closed 10-14) is its one closing.
    assert dict(october.sections)["一、基本情况"][0].startswith(
        "2024年10月1日至2024年10月25日，共交办督查事项1件，已办结1件"
    )
    short = draft_bulletin(autumn.ledger, ON, limit=1)
    assert dict(short.sections)["四、通报批评"][0].startswith("区发改局等3个单位")
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
    draft = draft_bulletin(ledger, ON)
    assert draft == draft_bulletin(ledger, ON)
    assert (ledger.version, dict(ledger.bulletins)) == (version, bulletins)


def test_an_empty_ledger_gives_an_empty_but_whole_draft() -> None:
    sections = dict(draft_bulletin(Ledger(), ON).sections)
    assert sections["二、存在的问题"] == ("截至2024年10月25日，未发现逾期未办结、未按时报送等问题。",)
    assert sections["三、通报表扬"] == ("本期无符合通报表扬条件的单位。",)
    assert sections["四、通报批评"] == ("本期无达到通报批评条件的单位。",)


def test_docx_without_python_docx_says_how_to_install(
    autumn: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # as if the extra were not installed
    with pytest.raises(ConfigurationError) as caught:
        draft_bulletin(autumn.ledger, ON).to_docx()
    assert caught.value.code == "bulletin.docx_unavailable"
    assert "pip install duban_core[docx]" in caught.value.message
