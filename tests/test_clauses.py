"""The packaged clause catalogue (duban_core.clauses) and the presets per jurisdiction.

Every expected citation below is written out by hand from the seed documents' titles and
numbering (S0 and S1 by 条/项, S2 and S3 by 部分/节, S4 by 条/项).
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from duban_core import Category, DubanError, Ledger, RuleSet
from duban_core.clauses import CLAUSES, Clause, Document, cite, cite_all, get
from duban_core.errors import ConfigurationError, RuleViolation
from duban_core.presets import PRESETS, preset
from duban_core.rules import Months, Stipulated


@pytest.mark.parametrize(
    ("clause", "words"),
    [
        ("S0-4.4", "区人民政府《关于进一步加强政务督查工作的通知》第四条第4项"),
        ("S0-6.3", "区人民政府《关于进一步加强政务督查工作的通知》第六条第3项"),
        (
            "S1-2.6",
            "《安康市人民政府办公室关于进一步加强政务督查工作的通知》（安政办发〔2014〕134号）第二条第（六）项",
        ),
        ("S2-2.1", "《浅谈县（市）如何做好新形势下的政务督查督办工作》第二部分第（一）节"),
        ("S3-3", "《加强工商系统政务督查工作方案》第三部分"),
        ("S4-20(二)", "《中共自贡市大安区委督促检查工作规则（试行）》第二十条第（二）项"),
        ("S4-14(13)", "《中共自贡市大安区委督促检查工作规则（试行）》第十四条第（十三）项"),
    ],
)
def test_cite_names_the_document_and_the_article_in_words(clause: str, words: str) -> None:
    assert cite(clause) == words


def test_short_citations_and_several_clauses() -> None:
    assert cite("S4-7(三)", short=True) == "《大安区委督查规则》第七条第（三）项"
    # Clauses of one document after the first name only their article.
    assert cite_all(["S0-3.4", "S0-3.5", "S4-7(三)"], short=True) == (
        "《区政府督查通知》第三条第4项、第三条第5项、《大安区委督查规则》第七条第（三）项"
    )


def test_unknown_clause_is_a_duban_error() -> None:
    with pytest.raises(DubanError) as caught:
        cite("S9-9")
    assert caught.value.code == "clause.unknown"


def test_errors_cite_their_clause_in_words() -> None:
    error = RuleViolation("延期申请须在期限届满前提出", code="extension.too_late", clause="S0-4.6")
    assert error.citation == "区人民政府《关于进一步加强政务督查工作的通知》第四条第6项"
    assert str(error) == (
        "延期申请须在期限届满前提出（依据区人民政府《关于进一步加强政务督查工作的通知》第四条第6项）[S0-4.6]"
    )
    assert error.to_dict()["citation"] == error.citation
    assert DubanError("无条款").citation is None


def test_summaries_are_the_projects_words() -> None:
    # Summaries are short paraphrases, not the seeds' sentences.
    assert "5日内" in CLAUSES["S0-4.4"].summary
    assert all(len(c.summary) <= 120 for c in CLAUSES.values())


def test_deadline_keeps_ids_as_data_and_cites_words() -> None:
    deadline = RuleSet.default().deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    assert deadline.clauses == ("S0-4.4",)
    assert "S0-4.4" not in deadline.explanation
    assert deadline.explanation.startswith(
        "依据区人民政府《关于进一步加强政务督查工作的通知》第四条第4项（领导批示、交办：收到后5日内办结并反馈）；"
    )


def test_urgent_explanation_is_one_sentence() -> None:
    # S0-4.6 紧急事项随到随办: said once, the category label inside the sentence.
    deadline = RuleSet.default().deadline(Category.LEADER_INSTRUCTION, date(2024, 10, 1), urgent=True)
    assert deadline.explanation == (
        "依据区人民政府《关于进一步加强政务督查工作的通知》第四条第6项，紧急事项（本事项属“领导批示、交办”类）"
        "随到随办，当日办结，期限为2024年10月1日（星期二）"
    )
    assert deadline.explanation.count("随到随办") == 1
    assert deadline.clauses == ("S0-4.6",)


# -- presets ------------------------------------------------------------------------------------


def test_presets_are_named_and_round_trip() -> None:
    assert set(PRESETS) == {"district", "ankang", "daan"}
    assert preset("district") is RuleSet.default()
    for name in PRESETS:
        rules = RuleSet.preset(name)
        assert RuleSet.model_validate_json(rules.model_dump_json()) == rules
    with pytest.raises(ConfigurationError) as caught:
        preset("unknown")
    assert caught.value.code == "ruleset.unknown_preset"


def test_ankang_has_no_day_limits_no_points_and_cites_its_own_notice() -> None:
    rules = preset("ankang")
    # S1-2.4 在规定时间内: a leader's instruction has no 5日 rule; the date fixed for it rules.
    assert rules.rule_for(Category.LEADER_INSTRUCTION) == Stipulated()
    assert rules.rule_for(Category.DEPUTY_PROPOSAL) == Months(3)
    with pytest.raises(RuleViolation) as caught:
        rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    assert caught.value.clause == "S1-1.4"
    # Urgent items too are done by their fixed date (no 随到随办 in S1).
    with pytest.raises(RuleViolation):
        rules.deadline(Category.MEETING_DECISION, date(2024, 9, 27), urgent=True)
    deadline = rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27), stipulated=date(2024, 10, 15))
    assert deadline.due == date(2024, 10, 15)
    assert deadline.clauses == ("S1-1.4",)
    assert deadline.explanation.startswith(
        "依据《安康市人民政府办公室关于进一步加强政务督查工作的通知》（安政办发〔2014〕134号）第一条第（四）项"
        "（上级和本级政府领导的重要批示件："
    )
    # S1-2.6: no 优秀 after a criticism, a week for the 整改报告; S1 deducts no points.
    assert (rules.points_per_criticism, rules.criticism_blocks_excellent) == (0, True)
    assert rules.rectification_due(date(2024, 9, 27)).due == date(2024, 10, 8)
    assert [s.clause for s in rules.escalation] == ["S1-2.2", "S1-2.2", "S1-2.3", "S1-2.6"]


def test_daan_labels_and_clauses_are_the_district_committees() -> None:
    rules = preset("daan")
    assert rules.label(Category.OTHER_ASSIGNED) == "区委领导交办的专项督查事项"
    assert rules.clause_for(Category.MEETING_DECISION) == "S4-6.2"
    assert (rules.points_per_criticism, rules.criticism_blocks_excellent) == (0, False)
    assert all(s.clause.startswith("S4-") for s in rules.escalation)
    deadline = rules.deadline(Category.MEETING_DECISION, date(2024, 3, 14), stipulated=date(2024, 4, 30))
    assert deadline.explanation.startswith(
        "依据《中共自贡市大安区委督促检查工作规则（试行）》第六条第（二）项（区委重大决策、重要会议决定事项："
    )


def test_a_host_rule_set_carries_its_own_clauses_and_labels() -> None:
    # A county's own rules: its document, its clause, its label for leaders' instructions.
    default = RuleSet.default()
    categories = dict(default.categories)
    categories[Category.LEADER_INSTRUCTION] = categories[Category.LEADER_INSTRUCTION].model_copy(
        update={"clause": "X1-3", "label": "县长批示件", "limit_text": "收到后3日内办结"}
    )
    rules = RuleSet.model_validate(
        {
            **default.model_dump(),
            "categories": categories,
            "documents": {
                "X1": Document(key="X1", title="某县督查督办办法", short="县督办办法", issuer="某县人民政府")
            },
            "clause_catalogue": {
                "X1-3": Clause(id="X1-3", document="X1", article="第三条", summary="批示件3日内办结")
            },
        }
    )
    rules = RuleSet.model_validate_json(rules.model_dump_json())
    assert rules.cite("X1-3") == "某县人民政府《某县督查督办办法》第三条"
    assert rules.cite("S0-4.4") == cite("S0-4.4")  # the packaged catalogue still answers
    assert get("X1-3", rules.clause_catalogue).summary == "批示件3日内办结"
    deadline = rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    assert deadline.clauses == ("X1-3",)
    assert deadline.explanation.startswith(
        "依据某县人民政府《某县督查督办办法》第三条（县长批示件：收到后3日内办结）；按5日计算"
    )
    # A clause the rule set cites must resolve.
    bad = dict(categories)
    bad[Category.MEETING_DECISION] = bad[Category.MEETING_DECISION].model_copy(update={"clause": "X9-9"})
    with pytest.raises(ValidationError, match="X9-9"):
        RuleSet.model_validate({**default.model_dump(), "categories": bad})


def test_a_registers_category_label_is_the_rule_sets() -> None:
    # The 台账 (S4-22) of a 区委 ledger labels a deputy's suggestion in the 区委's words (S4-6.5).
    from duban_core import State
    from duban_core.oversight import comprehensive_register
    from workflow_support import ledger_in

    district = ledger_in(State.IN_PROGRESS, category=Category.DEPUTY_PROPOSAL)
    assert (
        comprehensive_register(district, date(2024, 10, 1))[0].category_label == "人大代表建议、政协委员提案"
    )
    daan = Ledger.replay(district.events, preset("daan"))
    assert (
        comprehensive_register(daan, date(2024, 10, 1))[0].category_label == "人大代表建议、政协建议案和提案"
    )
