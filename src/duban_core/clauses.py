"""The clause catalogue: every clause ID the library cites, resolved to its source in words.

The five seed documents are the specification; each rule the library applies carries a
clause ID (``S0-4.4``: seed 0, section 四, item 4). IDs are for machines — structured fields
such as :attr:`Deadline.clauses <duban_core.rules.Deadline.clauses>`,
:attr:`DubanError.clause <duban_core.errors.DubanError.clause>` and ``Finding.clause``. What a
clerk reads cites the document and the article in words:

>>> cite("S0-4.4")
'区人民政府《关于进一步加强政务督查工作的通知》第四条第4项'
>>> cite("S4-20(二)", short=True)
'《大安区委督查规则》第二十条第（二）项'
>>> CLAUSES["S1-2.6"].summary
'未按时、未按要求完成或未按要求上报的单位由政府办公室通报批评，情节严重的以政府名义通报；被通报单位年度考核不得评为优秀，并须在一周内提交书面整改报告'

The catalogue is literal data written by this project: the document titles as the
documents give them, the article numbers as the documents number them (the two notices and
the 区委 rules by 条 and 项; the county essay and the 工商 scheme, which have parts rather than
articles, by 部分 and 节), and a summary of each clause in the project's own words (not the
source text). It ships inside the package, so every ID a user sees resolves without anything
outside the repository.

A host whose rules come from its own documents adds its clauses to its rule set
(:attr:`RuleSet.clause_catalogue <duban_core.ruleset.RuleSet.clause_catalogue>`); citing
through the rule set (:meth:`RuleSet.cite <duban_core.ruleset.RuleSet.cite>`) looks there
first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CATALOGUE",
    "CLAUSES",
    "DOCUMENTS",
    "Clause",
    "Document",
    "cite",
    "cite_all",
    "get",
]


class Document(BaseModel):
    """A source document: its ``key`` (the clause prefix, ``S0``), its ``title`` as the
    document gives it, the ``issuer`` when the title does not name it, its ``number`` (文号), a ``short`` title for
    repeated citations, and the ``jurisdiction`` whose rules it states."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(min_length=1, max_length=50)
    title: str = Field(min_length=1, max_length=200)
    short: str = Field(min_length=1, max_length=100)
    issuer: str = Field(default="", max_length=100)
    number: str = Field(default="", max_length=100)
    jurisdiction: str = Field(default="", max_length=100)

    def cite(self, *, short: bool = False) -> str:
        """The document in words: ``区人民政府《…》`` (the issuer first when the title does not
        name it), or ``《short》``."""
        if short:
            return f"《{self.short}》"
        return f"{self.issuer}《{self.title}》" + (f"（{self.number}）" if self.number else "")


class Clause(BaseModel):
    """One clause: its ``id``, the ``document`` key it comes from, the ``article`` in words
    (``第四条第4项``) and a ``summary`` of what it requires, in this project's words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=50)
    document: str = Field(min_length=1, max_length=50)
    article: str = Field(min_length=1, max_length=100)
    summary: str = Field(min_length=1, max_length=500)


_DOCUMENTS = (
    Document(
        key="S0",
        title="关于进一步加强政务督查工作的通知",
        short="区政府督查通知",
        issuer="区人民政府",
        jurisdiction="区人民政府",
    ),
    Document(
        key="S1",
        title="安康市人民政府办公室关于进一步加强政务督查工作的通知",
        number="安政办发〔2014〕134号",
        short="安康市督查通知",
        jurisdiction="安康市人民政府",
    ),
    Document(
        key="S2",
        title="浅谈县（市）如何做好新形势下的政务督查督办工作",
        short="县（市）督查督办浅谈",
        jurisdiction="县（市）人民政府",
    ),
    Document(
        key="S3",
        title="加强工商系统政务督查工作方案",
        short="工商系统督查方案",
        jurisdiction="省工商系统",
    ),
    Document(
        key="S4",
        title="中共自贡市大安区委督促检查工作规则（试行）",
        short="大安区委督查规则",
        jurisdiction="中共自贡市大安区委",
    ),
)

#: The source documents by key (``S0`` … ``S4``).
DOCUMENTS: Mapping[str, Document] = MappingProxyType({d.key: d for d in _DOCUMENTS})

# (id, article in words, summary). The document is the ID's prefix.
_ROWS: tuple[tuple[str, str, str], ...] = (
    # -- S0 区政府通知: 一、… 六、, items 1、2、…
    ("S0-2", "第二条", "督查工作的重点事项分为六类"),
    ("S0-2.1", "第二条第1项", "上级政府的重大决策、重要文件和工作部署的落实列为督查重点"),
    ("S0-2.2", "第二条第2项", "本级政府工作报告确定的任务和部门考核目标的落实列为督查重点"),
    ("S0-2.3", "第二条第3项", "本级政府的工作部署、重要文件和各类政府会议议定事项的落实列为督查重点"),
    ("S0-2.4", "第二条第4项", "政府领导同志的重要批示和交办工作列为督查重点"),
    ("S0-2.5", "第二条第5项", "人大代表建议、政协委员提案的办理列为督查重点"),
    ("S0-2.6", "第二条第6项", "政府领导交办的其他事项列为督查重点"),
    ("S0-3", "第三条", "督查事项依次经过立项通知、单位承办、检查督办、结果反馈、追踪督办和督查通报"),
    ("S0-3.1", "第三条第1项", "督查室按内容和分工提出拟办意见，通知有关单位办理"),
    ("S0-3.2", "第三条第2项", "承办单位接到任务后确定办理人员，在规定时限内办结"),
    ("S0-3.3", "第三条第3项", "督查室及时催办、掌握进度，对周期长的事项跟踪调度直至办结"),
    (
        "S0-3.4",
        "第三条第4项",
        "承办单位以书面报告反馈，报告须经单位主要负责人签发；督查室审查，相符的上报或汇报，"
        "不相符的发重新办理通知退回",
    ),
    ("S0-3.5", "第三条第5项", "重新办理的事项，以及领导对办理报告作出批示的事项，再督查、再落实，直至办结"),
    ("S0-3.6", "第三条第6项", "定期或不定期编发督办通报，通报重要事项的办理情况"),
    ("S0-4", "第四条", "各类督查事项的办理时限"),
    ("S0-4.1", "第四条第1项", "上级决策、文件和部署的落实：收到文件后5日内办结并反馈"),
    ("S0-4.2", "第四条第2项", "政府工作报告任务和考核目标：在规定时间内办结，每季度末反馈进展"),
    ("S0-4.3", "第四条第3项", "本级政府部署、文件和会议议定事项：收到文件后7日内办结并反馈"),
    ("S0-4.4", "第四条第4项", "领导重要批示和交办工作：收到后5日内办结并反馈"),
    ("S0-4.5", "第四条第5项", "人大代表建议、政协委员提案：在规定时间内办结并反馈"),
    (
        "S0-4.6",
        "第四条第6项",
        "所有事项按规定时间办结；紧急事项随到随办；确需延长的，书面报告督查室并经政府相关领导批准",
    ),
    ("S0-5.1", "第五条第1项", "以督办通知书、电话等方式催办，督促按时落实并书面报告"),
    (
        "S0-6.2",
        "第六条第2项",
        "分类管理、快速办理；因特殊情况不能按时办结的及时报告原因和下步打算，经同意后按新要求办理，不得推卸责任",
    ),
    (
        "S0-6.3",
        "第六条第3项",
        "落实情况纳入年终综合目标考核；表现好的通报表扬；每被督查室书面通报批评一次，扣减“政令畅通”目标分值1分",
    ),
    # -- S1 安康市通知: 一、二、三、, items (一)(二)…
    ("S1-1", "第一条", "政务督查的六方面重点工作"),
    ("S1-1.1", "第一条第（一）项", "督促检查政府工作报告确定的重点工作"),
    ("S1-1.2", "第一条第（二）项", "督促检查政府重要会议决定的事项"),
    ("S1-1.3", "第一条第（三）项", "督促检查人大代表建议、政协提案的办理"),
    ("S1-1.4", "第一条第（四）项", "督促检查并反馈上级和本级政府领导的重要批示件"),
    ("S1-1.5", "第一条第（五）项", "督促检查并反馈新闻媒体反映的重大问题"),
    ("S1-1.6", "第一条第（六）项", "督促检查领导交办的其他重大事项"),
    (
        "S1-2.1",
        "第二条第（一）项",
        "政府统一领导、督查机构组织实施；统筹安排督查活动，减少督查次数，防止督查过多过乱",
    ),
    (
        "S1-2.2",
        "第二条第（二）项",
        "决策作出后纳入督查计划、建立台账、明确责任单位和完成时限，全程跟踪；"
        "通过电子平台派发、提醒、预警、报送、通报、考核",
    ),
    (
        "S1-2.3",
        "第二条第（三）项",
        "督查机构负责全局性重点工作和主要领导议定事项、批示件的督促落实；办公室分管领导负责对应分管领导的议定事项和批示件",
    ),
    (
        "S1-2.4",
        "第二条第（四）项",
        "按要求在规定时间内以正式文件报送落实情况，逐项作答、不得漏项；项目类事项说明已完成投资额、"
        "工程量和完成任务的百分比",
    ),
    (
        "S1-2.6",
        "第二条第（六）项",
        "未按时、未按要求完成或未按要求上报的单位由政府办公室通报批评，情节严重的以政府名义通报；"
        "被通报单位年度考核不得评为优秀，并须在一周内提交书面整改报告",
    ),
    # -- S2 县（市）浅谈: 一、二、三、 parts, (一)(二)… sections
    (
        "S2-1.3",
        "第一部分第（三）节",
        "领导批示件在规定期限内办结，特事特办、急事急办；涉法涉诉等特殊情况需要延期的，及时报告原因和进展",
    ),
    ("S2-1.6", "第一部分第（六）节", "批办督查分为拟办、立项、交办、催办、审核、反馈、归档七个环节"),
    (
        "S2-2.1",
        "第二部分第（一）节",
        "人大代表建议和政协委员提案：能解决的即办，暂不能解决的列入计划，解决不了的说明原因；满意率和办结率均要达到100%",
    ),
    ("S2-3.1", "第三部分第（一）节", "督查督办实行适时通报和定期通报"),
    # -- S3 工商系统方案: 一、… 六、 parts, (一)(二)… sections
    (
        "S3-2.3",
        "第二部分第（三）节",
        "督查结果经分管领导审核后书面上报，重大事项由单位主要负责人签发；必要时以督查专报下发；办结后整理立卷归档",
    ),
    (
        "S3-3",
        "第三部分",
        "工商系统督查的内容：路线方针政策、党委政府和上级机关的重大决策部署、年度工作部署、上级领导批示交办事项",
    ),
    # -- S4 大安区委规则: 第N条, items (一)(二)…
    ("S4-6", "第六条", "区委督查工作的六方面主要内容"),
    ("S4-6.1", "第六条第（一）项", "党和国家路线方针政策、重要工作部署的落实"),
    ("S4-6.2", "第六条第（二）项", "上级和区委重大决策、重要文件、会议决定和工作部署的落实"),
    ("S4-6.4", "第六条第（四）项", "上级和区委领导批示件、查办件的办理"),
    ("S4-6.5", "第六条第（五）项", "须由区委部门答复的人大代表建议、政协提案的落实"),
    ("S4-6.6", "第六条第（六）项", "区委领导交办的专项督查事项"),
    ("S4-7", "第七条", "督查工作依次经过拟办送审、立项下达、跟踪办理、审核报结、立卷归档"),
    ("S4-7(一)", "第七条第（一）项", "督查部门提出拟办意见，重大复杂事项报区委领导审定"),
    ("S4-7(二)", "第七条第（二）项", "审定后的事项及时立项登记，按任务分解通知承办单位"),
    ("S4-7(三)", "第七条第（三）项", "督查部门跟踪了解、适时催办；办理结果不符合要求的，通知补办或重新办理"),
    ("S4-7(四)", "第七条第（四）项", "分阶段汇总落实情况，形成书面报告报区委领导审定"),
    ("S4-7(五)", "第七条第（五）项", "办结后收集整理督查材料，立卷并定期移交归档"),
    (
        "S4-14(12)",
        "第十四条第（十二）项",
        "督查发现的突出问题及时报告区委主要领导，并下达督办通知责成迅速整改",
    ),
    ("S4-14(13)", "第十四条第（十三）项", "根据督查情况定期或不定期编发《督查工作通报》，编报《督查专报》"),
    ("S4-16", "第十六条", "督查活动提前申报、审核报批，由督查部门统筹，避免多头督查、重复督查"),
    ("S4-17", "第十七条", "重大决策作出后及时分解立项，明确责任单位、目标要求和办理时限"),
    ("S4-20", "第二十条", "纳入年度督查的重要事项挂图作战、动态推进，督查部门定期督查、及时报告"),
    (
        "S4-20(一)",
        "第二十条第（一）项",
        "书面报告经单位主要负责人审签；两个以上单位联合办理的，由主办单位会同协办单位研究落实并报送综合报告",
    ),
    (
        "S4-20(二)",
        "第二十条第（二）项",
        "不能按时办结的，承办单位提前向分管领导报告原因和进度、申请延期，并将材料送督查部门备案",
    ),
    (
        "S4-20(三)",
        "第二十条第（三）项",
        "区委主要领导批示交办的事项在规定时限内办结；不能按时办结的，承办单位及时向区委主要领导报告原因和进度，材料送督查办备案",
    ),
    ("S4-21", "第二十一条", "对重要指示和重要事项的落实情况组织回访复核"),
    (
        "S4-22",
        "第二十二条",
        "建立综合台账和专项台账，逐级明确责任单位、责任领导、责任人和完成时限",
    ),
    ("S4-23", "第二十三条", "区委班子领导和区人大、区政府、区政协党组每月交账：本月成效、下月计划"),
    ("S4-24", "第二十四条", "对重要会议和主要领导调研议定的督办事项，定期督查办理进展"),
    (
        "S4-26",
        "第二十六条",
        "定期通报公示各责任主体的落实情况，好的推广、不得力的督促整改，结果供干部考核参考",
    ),
    ("S4-27", "第二十七条", "科级领导干部督办事项档案每年移送组织部门，作为选人用人参考"),
    ("S4-28", "第二十八条", "督查部门考核各单位落实区委决策部署的情况，结果纳入年度综合目标绩效考评"),
    ("S4-30", "第三十条", "对执行不力、落实不到位、失职渎职等情形依规严格问责"),
)

#: Every clause the library cites, by ID.
CLAUSES: Mapping[str, Clause] = MappingProxyType(
    {
        cid: Clause(id=cid, document=cid.split("-", 1)[0], article=article, summary=summary)
        for cid, article, summary in _ROWS
    }
)

#: The clauses of the domain catalogue (the project's rule list, in its order): the
#: traceability table lists exactly these, then the sub-clauses and sections the code cites.
CATALOGUE: tuple[str, ...] = (
    "S0-2.1", "S3-3", "S4-6.1", "S4-6.2", "S0-4.1", "S0-2.2", "S1-1.1", "S0-4.2", "S0-2.3",
    "S1-1.2", "S0-4.3", "S0-2.4", "S1-1.4", "S2-1.3", "S4-6.4", "S0-4.4", "S0-2.5", "S1-1.3",
    "S2-2.1", "S4-6.5", "S0-4.5", "S1-1.5", "S0-2.6", "S1-1.6", "S4-6.6", "S0-4.6", "S0-3",
    "S2-1.6", "S4-7", "S4-17", "S4-20(一)", "S3-2.3", "S0-6.2", "S4-20(二)", "S1-2.4", "S1-2.2",
    "S4-21", "S4-23", "S4-24", "S4-20", "S0-3.6", "S2-3.1", "S4-26", "S4-14(13)", "S0-6.3",
    "S4-28", "S1-2.6", "S1-2.1", "S4-16", "S4-22", "S4-27",
)  # fmt: skip


def get(clause_id: str, catalogue: Mapping[str, Clause] | None = None) -> Clause:
    """The clause ``clause_id``, from ``catalogue`` first (a host's own clauses) and then the
    packaged one; an unknown ID is a :class:`~duban_core.errors.DubanError`."""
    from .errors import DubanError

    found = (catalogue or {}).get(clause_id) or CLAUSES.get(clause_id)
    if found is None:
        raise DubanError(
            f"条款编号{clause_id!r}不在条款目录中",
            code="clause.unknown",
            en=f"unknown clause ID {clause_id!r}",
        )
    return found


def cite(
    clause_id: str,
    *,
    short: bool = False,
    catalogue: Mapping[str, Clause] | None = None,
    documents: Mapping[str, Document] | None = None,
) -> str:
    """The clause in words: the document's title and the article, e.g.
    ``区人民政府《关于进一步加强政务督查工作的通知》第四条第4项``; ``short=True`` uses the
    document's short title (``《区政府督查通知》第四条第4项``).

    ``catalogue`` and ``documents`` are a host's own clauses and documents, looked up before
    the packaged ones. An unknown ID is a :class:`~duban_core.errors.DubanError`.
    """
    from .errors import DubanError

    clause = get(clause_id, catalogue)
    document = (documents or {}).get(clause.document) or DOCUMENTS.get(clause.document)
    if document is None:
        raise DubanError(
            f"条款{clause_id}所属文件{clause.document!r}不在文件目录中",
            code="clause.unknown_document",
            en=f"clause {clause_id} names an unknown document {clause.document!r}",
        )
    return document.cite(short=short) + clause.article


def cite_all(
    clause_ids: Iterable[str],
    *,
    short: bool = False,
    catalogue: Mapping[str, Clause] | None = None,
    documents: Mapping[str, Document] | None = None,
) -> str:
    """Several clauses in words, joined with ``、``; clauses of one document after the first
    name only their article (``《大安区委督查规则》第七条第（三）项、第二十条``)."""
    parts: list[str] = []
    previous: str | None = None
    for clause_id in dict.fromkeys(clause_ids):
        clause = get(clause_id, catalogue)
        if clause.document == previous:
            parts.append(clause.article)
        else:
            parts.append(cite(clause_id, short=short, catalogue=catalogue, documents=documents))
        previous = clause.document
    return "、".join(parts)


def _cite_or_id(clause_id: str) -> str:
    """``cite(clause_id)``, or the ID itself when the packaged catalogue lacks it (an error
    message must never fail to render)."""
    clause = CLAUSES.get(clause_id)
    if clause is None:
        return clause_id
    return DOCUMENTS[clause.document].cite() + clause.article
