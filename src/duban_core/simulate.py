"""A district's year of supervision, simulated: a realistic, deterministic event stream.

:func:`simulate` plays one year of a district government's supervision office (区政府督查室)
and returns every event as a host would have recorded it — items drafted, registered and
assigned, acknowledged, urged, reported on, sent back, extended, closed, evaluated, archived
or cancelled; bulletins praising and criticising units; rectification reports; planned
inspections. It uses the public event API only, and :meth:`Simulation.replay` folds the
stream into a :class:`~duban_core.ledger.Ledger` with the same rules::

    >>> from datetime import date
    >>> sim = simulate(seed=7, items=120, until=date(2024, 6, 28))
    >>> ledger = sim.replay()
    >>> ledger.version == len(sim.events)
    True
    >>> sim.on
    datetime.date(2024, 6, 28)

Use it for demos, notebooks, benchmarks and tests of a host's own reports.

What the year holds (all drawn from ``random.Random(seed)``; no clock, no environment):

* **Units** — district departments, 街道办事处 and 乡镇人民政府 (``units`` of them), each
  with a head (signs reports), staff, a leader in charge (分管领导) and a hidden
  ``reliability`` (:attr:`Simulation.reliability`): weak units are late more often, get
  urged repeatedly, leave items open, file rectification reports late or not at all.
* **Items** of every :class:`~duban_core.categories.Category`: leaders' instructions and
  meeting decisions most often; 政府工作报告 tasks assigned in February–March with
  quarterly progress reports (S0-4.2); deputies' suggestions and members' proposals in a
  batch after the spring 两会 (S0-4.5), evaluated afterwards (S2-2.1), mostly satisfied;
  media issues and other assigned items with a stipulated due day; urgent items (随到随办,
  S0-4.6); project items reporting percent complete and investment (S1-2.4); co-units;
  decomposed items whose parent closes after its children (S4-17).
* **Outcomes**: on time, late, sent back (every :class:`~duban_core.events.ReturnKind`),
  extended (granted and refused, always requested on or before the due day, S4-20(二)),
  urged, cancelled, archived — and items still open at the end.
* **Bulletins** (S0-6.3, S1-2.6): early each month, criticism of units with items overdue
  more than five working days (serious cases in the government's name); quarterly praise of
  units that closed their items on time, and a year-end praise in the government's name.
  Criticised units file 整改报告 within a week — or late, or never.
* **Inspections** (S4-16): a few planned activities, two of them overlapping for one unit
  (多头督查) so that the check has something to find.

The stream is time-ordered (non-decreasing ``at``, timezone-aware, +08:00); every event
of one item is no earlier than the one before. Events are built on working days, with
urgent items handled the day they arrive, weekend or not. ``Assigned`` and ``Returned``
events carry the ``due`` day the rules give, exactly as a ledger stores them, so
``simulate(...).replay().events`` equals ``simulate(...).events``.

**Determinism.** The same arguments give the same events, byte for byte. A shorter
``until`` gives a prefix of the same year: ``simulate(s, until=d).events`` are exactly the
events of ``simulate(s).events`` whose day is on or before ``d``.

**Scale.** About eight events per item: ``simulate(items=1_000_000)`` builds some 8.1 million
events in a few minutes and holds them in about 5 GB. Events are made from trusted, exactly
typed values (enums, ``date``, aware ``datetime``, shared :class:`~duban_core.actors.Actor`
instances) without re-validation — what pydantic's ``model_construct`` does, minus its
per-field alias loop, which made ``model_construct`` slower than validating (about 20 µs
against 14 µs per event; the trusted path takes about 4 µs; see
``duban_core._trusted.maker``). The ledger still checks every rule when it replays them,
and a test checks that every simulated event equals its validated counterpart. :func:`iter_events` yields the same stream day by day, for
a consumer that does not keep it (e.g. one writing JSON lines).
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from ._trusted import maker
from .actors import Actor, Role
from .calendar import ChinaCalendar
from .categories import Category
from .clock import CST
from .errors import DubanError
from .events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    Outcome,
    ProgressReported,
    RectificationReported,
    Registered,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)
from .ledger import Ledger
from .ruleset import RuleSet

__all__ = ["UNIT_NAMES", "Simulation", "iter_events", "simulate"]


_T = TypeVar("_T")

# -- fast construction of trusted events (see duban_core._trusted) ------------------------------

_DRAFTED = maker(Drafted)
_REGISTERED = maker(Registered)
_ASSIGNED = maker(Assigned)
_ACKNOWLEDGED = maker(Acknowledged)
_URGED = maker(Urged)
_PROGRESS = maker(ProgressReported)
_FEEDBACK = maker(FeedbackSubmitted)
_APPROVED = maker(Approved)
_RETURNED = maker(Returned)
_EXT_REQUESTED = maker(ExtensionRequested)
_EXT_DECIDED = maker(ExtensionDecided)
_EVALUATED = maker(Evaluated)
_ARCHIVED = maker(Archived)
_CANCELLED = maker(Cancelled)
_BULLETIN = maker(BulletinIssued)
_RECTIFIED = maker(RectificationReported)
_INSPECTION = maker(InspectionPlanned)


# -- the district ---------------------------------------------------------------------------------


class _UnitInfo(NamedTuple):
    name: str
    kind: str  # 部门, 街道, 乡镇
    weight: float
    topics: tuple[str, ...]
    projects: tuple[tuple[str, int], ...]  # (project, total investment in 万元)


_LOCAL_TOPICS = (
    "背街小巷环境整治",
    "社区居家养老服务",
    "信访积案化解",
    "农村人居环境整治",
    "小区停车难问题",
    "燃气安全隐患排查",
    "防汛隐患点巡查",
    "网格化社会治理",
    "矛盾纠纷排查化解",
    "老旧小区加装电梯",
)
_TOWN_TOPICS = (
    "村集体经济发展",
    "秸秆禁烧和综合利用",
    "农村人居环境整治",
    "地质灾害隐患点监测",
    "高标准农田建设",
    "农村危房改造",
    "特色产业发展",
    "防返贫动态监测",
)
_TOWN_PROJECTS = (("集镇污水处理站建设工程", 2600), ("镇村道路硬化工程", 1800))

_U = _UnitInfo
#: The district's units, in the order :func:`simulate` takes them (``units=24`` takes the
#: first 24); more are named ``…镇人民政府`` from place-name syllables.
_DISTRICT: tuple[_UnitInfo, ...] = (
    _U(
        "区发改局",
        "部门",
        1.6,
        (
            "重大项目前期工作",
            "以工代赈项目申报",
            "优化营商环境评价问题整改",
            "粮食安全储备",
            "社会信用体系建设",
        ),
        (("城东物流园区建设项目", 86000), ("城东产业园基础设施配套工程", 42000)),
    ),
    _U(
        "区住建局",
        "部门",
        1.8,
        (
            "老旧小区改造",
            "城中村改造",
            "保障性租赁住房筹集",
            "建筑工地扬尘治理",
            "物业服务质量提升",
            "农民工工资支付",
        ),
        (("老旧小区改造工程（23个小区）", 15600), ("保障性租赁住房项目", 32000)),
    ),
    _U(
        "区教育局",
        "部门",
        1.5,
        ("义务教育学位供给", "校园安全隐患排查", "中小学课后服务", "普惠性学前教育", "校外培训机构治理"),
        (("第二实验小学新建项目", 18500), ("城南中学扩建工程", 12600)),
    ),
    _U(
        "区卫健局",
        "部门",
        1.4,
        (
            "基层医疗卫生服务能力提升",
            "家庭医生签约服务",
            "医疗机构安全生产检查",
            "传染病防控",
            "普惠托育服务",
        ),
        (("区人民医院门急诊综合楼建设", 46000), ("乡镇卫生院提档升级工程", 8800)),
    ),
    _U(
        "区交通运输局",
        "部门",
        1.5,
        (
            "农村公路提档升级",
            "公交线路优化调整",
            "道路交通安全隐患整治",
            "出租车行业规范管理",
            "货车超限超载治理",
        ),
        (("环城北路改扩建工程", 56000), ("农村公路提档升级工程", 9400)),
    ),
    _U("城关街道办事处", "街道", 0.9, _LOCAL_TOPICS, (("背街小巷改造提升工程", 3200),)),
    _U(
        "区财政局",
        "部门",
        1.0,
        ("预算执行进度", "专项债券资金使用", "惠民惠农补贴发放", "行政事业单位国有资产清查"),
        (),
    ),
    _U(
        "区人社局",
        "部门",
        1.1,
        ("高校毕业生就业", "农民工欠薪问题", "社会保险扩面", "职业技能培训"),
        (("零工市场建设项目", 1200),),
    ),
    _U(
        "区生态环境分局",
        "部门",
        1.3,
        ("大气污染防治", "河道断面水质达标", "环保督察反馈问题整改", "餐饮油烟扰民"),
        (("城西黑臭水体治理工程", 7600),),
    ),
    _U("东城街道办事处", "街道", 0.9, _LOCAL_TOPICS, ()),
    _U(
        "区自然资源局",
        "部门",
        1.1,
        ("耕地保护和违法用地整治", "国土空间规划编制", "不动产登记历史遗留问题", "矿山生态修复"),
        (),
    ),
    _U(
        "区农业农村局",
        "部门",
        1.2,
        ("高标准农田建设", "和美乡村建设", "农产品质量安全", "生猪稳产保供"),
        (("高标准农田建设项目", 13500),),
    ),
    _U("青山镇人民政府", "乡镇", 0.8, _TOWN_TOPICS, _TOWN_PROJECTS),
    _U(
        "区水利局",
        "部门",
        1.0,
        ("防汛抗旱准备", "农村饮水安全", "河湖长制落实", "水毁工程修复"),
        (("城区防洪堤加固工程", 21000),),
    ),
    _U(
        "区城管局",
        "部门",
        1.4,
        ("占道经营整治", "生活垃圾分类", "市政设施维护", "违法建设查处"),
        (("生活垃圾转运站建设", 5400),),
    ),
    _U(
        "区市场监管局",
        "部门",
        1.1,
        ("食品安全监管", "特种设备安全", "价格监督检查", "消费投诉处理"),
        (),
    ),
    _U(
        "区应急管理局",
        "部门",
        1.1,
        ("安全生产大检查", "危险化学品安全整治", "森林防火", "应急预案演练"),
        (),
    ),
    _U("西城街道办事处", "街道", 0.8, _LOCAL_TOPICS, ()),
    _U(
        "区民政局",
        "部门",
        1.0,
        ("养老服务体系建设", "低保动态管理", "殡葬改革", "困境儿童保障"),
        (("区社会福利中心建设", 9800),),
    ),
    _U(
        "区商务局",
        "部门",
        0.9,
        ("促消费活动", "外贸稳增长", "招商引资项目落地", "成品油市场整治"),
        (),
    ),
    _U("白马镇人民政府", "乡镇", 0.8, _TOWN_TOPICS, _TOWN_PROJECTS),
    _U(
        "区文旅局",
        "部门",
        0.8,
        ("A级景区创建", "公共文化服务", "文物安全", "文旅融合项目建设"),
        (("古镇文旅街区提升工程", 7200),),
    ),
    _U(
        "区行政审批局",
        "部门",
        0.8,
        ("政务服务“一网通办”", "企业开办时间压缩", "工程建设项目审批提速"),
        (),
    ),
    _U("南湖街道办事处", "街道", 0.8, _LOCAL_TOPICS, ()),
    _U(
        "区经信局",
        "部门",
        0.9,
        ("工业企业技术改造", "规上工业增加值", "中小企业纾困"),
        (("智能制造产业园标准厂房建设", 26000),),
    ),
    _U("区信访局", "部门", 0.6, ("信访积案化解", "重复信访治理"), ()),
    _U("区医保局", "部门", 0.6, ("医保基金监管", "异地就医直接结算"), ()),
    _U("龙泉乡人民政府", "乡镇", 0.7, _TOWN_TOPICS, _TOWN_PROJECTS),
    _U("区退役军人事务局", "部门", 0.5, ("退役军人就业创业", "优抚对象帮扶"), ()),
    _U("区司法局", "部门", 0.5, ("行政复议应诉", "人民调解"), ()),
    _U("区公安分局", "部门", 0.8, ("城区交通秩序整治", "电信网络诈骗防范"), ()),
    _U("区统计局", "部门", 0.4, ("统计数据质量核查",), ()),
)

#: The names of the district's own units, in the order :func:`simulate` takes them.
UNIT_NAMES: tuple[str, ...] = tuple(u.name for u in _DISTRICT)

_SYLLABLES = "石桥河源丰安兴和平乐新华永宁长清泉山金柳杨花水云松竹梅兰白沙"


def _units(count: int) -> tuple[_UnitInfo, ...]:
    if count <= len(_DISTRICT):
        return _DISTRICT[:count]
    extra = []
    for i in range(count - len(_DISTRICT)):
        a, b = divmod(i, len(_SYLLABLES))
        prefix = _SYLLABLES[a % len(_SYLLABLES)] + _SYLLABLES[b]
        suffix = "" if a < len(_SYLLABLES) else str(a // len(_SYLLABLES) + 1)
        extra.append(_U(f"{prefix}{suffix}镇人民政府", "乡镇", 0.7, _TOWN_TOPICS, _TOWN_PROJECTS))
    return (*_DISTRICT, *extra)


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玉兰海燕斌鹏宇浩凯晨雪梅琳欣怡嘉俊宏峰"

_LEADER_TITLES = ("区长", "常务副区长", "副区长", "副区长", "副区长")
_SUPERIORS = ("省政府", "市政府", "市政府办公室", "市委、市政府")
_MEDIA = ("《江城日报》", "市广播电视台《问政》栏目", "网络问政平台", "“12345”热线舆情专报", "《江城晚报》")
_ORGANISERS = ("区政府督查室", "区委督查室", "区人大常委会办公室", "区安委会办公室", "区生态环境保护督察办")
_INSPECTION_TOPICS = (
    "重点项目建设进度实地督查",
    "安全生产大检查专项督查",
    "民生实事落实情况督查",
    "环保督察反馈问题整改督查",
    "人大代表建议办理情况视察",
    "防汛准备工作检查",
    "优化营商环境专项督查",
)

_URGE_METHODS = (
    "电话催办",
    "下发《督办通知书》",
    "现场督办",
    "提请分管领导督办",
    "约谈单位主要负责人",
)
_EXTENSION_REASONS = (
    "涉及多部门协调，需进一步会商后形成意见",
    "项目审批手续尚在办理中，需延长办理时间",
    "事项涉法涉诉，需待司法程序终结后办理（S0-6.2）",
    "受连续降雨天气影响，施工工期顺延",
    "需等待上级部门批复",
)
_CANCEL_REASONS = (
    "情况发生变化，经分管领导同意撤销",
    "与已立项事项重复，合并办理",
    "经审核不属于督查事项范围，不予立项",
    "交办事项已由上级部门统一部署办理",
)
_RETURN_REASONS = {
    ReturnKind.SUPPLEMENT: (
        "反馈报告未逐项答复交办要求（S1-2.4 不得漏项），请补充办理",
        "缺少完成时限和责任人的落实情况，请补充材料",
    ),
    ReturnKind.REDO: (
        "办理结果与交办要求不符，问题未实质解决，请重新办理",
        "群众反映问题仍然存在，请重新办理并实地核查",
    ),
    ReturnKind.LEADER_FOLLOW_UP: (
        "领导批示：整改措施还不够具体，请再督查、再落实",
        "领导批示：要举一反三，建立长效机制，请继续跟踪落实",
    ),
}
_PHASES = ("前期手续办理", "土方开挖和基础施工", "主体结构施工", "主体封顶", "装饰装修和设备安装", "竣工验收")


# -- the result -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    """A simulated year: the events and the world they came from.

    ``events`` is the time-ordered stream (do not modify it); ``on`` is the simulation's
    "today" (the last day events were generated for); ``reliability`` is each unit's hidden
    propensity to finish on time (0…1), the truth an assessment should reflect.
    """

    seed: int
    year: int
    on: date
    rules: RuleSet
    units: tuple[str, ...]
    reliability: Mapping[str, float]
    office: tuple[Actor, ...]
    leaders: tuple[Actor, ...]
    heads: Mapping[str, Actor]
    staff: Mapping[str, tuple[Actor, ...]]
    events: list[Event] = field(repr=False)

    def replay(self) -> Ledger:
        """The ledger folded from :attr:`events` under :attr:`rules`."""
        return Ledger.replay(self.events, self.rules)

    def to_jsonl(self) -> str:
        """The events as JSON lines (what :func:`duban_core.events.parse` reads back)."""
        return "".join(event.model_dump_json() + "\n" for event in self.events)

    def __repr__(self) -> str:
        return (
            f"<Simulation seed={self.seed} year={self.year} on={self.on.isoformat()}: "
            f"{len(self.units)} units, {len(self.events)} events>"
        )


def simulate(
    seed: int = 0,
    *,
    year: int = 2024,
    units: int = 24,
    items: int = 600,
    rules: RuleSet | None = None,
    until: date | None = None,
) -> Simulation:
    """Simulate a district's year of supervision; see the module's documentation.

    ``items`` counts every item, children of decomposed items included, drafted during
    ``year``; ``units`` is how many units take part (2 or more); ``until`` is the last day
    simulated (default 31 December of ``year``; a later day lets the year's items run on).
    Items drafted after ``until`` do not appear. Raises :class:`~duban_core.errors.DubanError`
    for arguments out of range.
    """
    world = _World(seed, year, units, items, rules, until)
    events = list(world.events())
    return Simulation(
        seed=seed,
        year=year,
        on=world.until,
        rules=world.rules,
        units=world.unit_names,
        reliability=MappingProxyType(dict(world.reliability)),
        office=world.office,
        leaders=world.leaders,
        heads=MappingProxyType(dict(world.heads)),
        staff=MappingProxyType(dict(world.staff)),
        events=events,
    )


def iter_events(
    seed: int = 0,
    *,
    year: int = 2024,
    units: int = 24,
    items: int = 600,
    rules: RuleSet | None = None,
    until: date | None = None,
) -> Iterator[Event]:
    """The events of :func:`simulate` with the same arguments, yielded day by day.

    Arguments are checked at once; the events of a day are generated when the iteration
    reaches it (events already planned for later days are held until then).
    """
    return _World(seed, year, units, items, rules, until).events()


# -- the engine -----------------------------------------------------------------------------------

_ONE_DAY = timedelta(days=1)
_MINUTES = tuple(timedelta(minutes=m) for m in range(24 * 60))
_LATEST = 23 * 60 + 50

_CATEGORY_WEIGHTS = (
    (Category.LEADER_INSTRUCTION, 0.27),
    (Category.MEETING_DECISION, 0.20),
    (Category.DEPUTY_PROPOSAL, 0.15),
    (Category.SUPERIOR_DECISION, 0.12),
    (Category.OTHER_ASSIGNED, 0.10),
    (Category.WORK_REPORT_TASK, 0.08),
    (Category.MEDIA_ISSUE, 0.08),
)
_LONG = frozenset({Category.WORK_REPORT_TASK, Category.DEPUTY_PROPOSAL})
_PROJECT_SHARE = {
    Category.WORK_REPORT_TASK: 0.5,
    Category.MEETING_DECISION: 0.15,
    Category.SUPERIOR_DECISION: 0.05,
}
_URGENT_SHARE = {
    Category.LEADER_INSTRUCTION: 0.10,
    Category.SUPERIOR_DECISION: 0.06,
    Category.MEETING_DECISION: 0.04,
    Category.MEDIA_ISSUE: 0.15,
}
_DECOMPOSE_SHARE = {Category.WORK_REPORT_TASK: 0.3, Category.MEETING_DECISION: 0.04}

# Order of an item's events planned for the same day.
_P_URGE, _P_ACK, _P_PROGRESS, _P_EXT_REQ, _P_EXT_DEC, _P_CANCEL = range(6)

#: Criticism: items overdue by at least this many working days are named in a bulletin.
_CRITICISE_AFTER = 5
#: Serious cases (criticised in the government's name, S1-2.6): overdue this long, or a unit
#: already criticised three times this year.
_SERIOUS_AFTER = 40


class _Slot(NamedTuple):
    category: Category
    children: int
    extra: int  # meeting number, batch number, or -1 (weekend urgent) / 0


class _Spec(NamedTuple):
    item_id: str
    category: Category
    lead: str
    co_units: tuple[str, ...]
    urgent: bool
    stipulated: date | None
    parent_id: str | None
    project: tuple[str, int] | None
    title: str
    source: str | None


class _Planned(NamedTuple):
    """An event of an item planned for ``day``; ``priority`` orders the events of one day."""

    day: date
    priority: int
    make: Callable[..., Event]
    fields: dict[str, Any]


def _plan_order(planned: _Planned) -> tuple[date, int]:
    return planned.day, planned.priority


class _Header(NamedTuple):
    draft_day: date
    reg_day: date
    assign_day: date
    due: date


class _World:
    """The state of one simulation run."""

    def __init__(
        self, seed: int, year: int, units: int, items: int, rules: RuleSet | None, until: date | None
    ) -> None:
        for name, value in (("seed", seed), ("year", year), ("units", units), ("items", items)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise DubanError(f"simulate: {name} must be an int, got {type(value).__name__} {value!r}")
        if not 2001 <= year <= 2098:
            raise DubanError(f"simulate: year must be between 2001 and 2098, got {year}")
        if units < 2:
            raise DubanError(f"simulate: at least 2 units take part, got units={units}")
        if items < 0:
            raise DubanError(f"simulate: items must not be negative, got {items}")
        if rules is not None and not isinstance(rules, RuleSet):
            raise DubanError(f"simulate: rules must be a RuleSet, got {type(rules).__name__}")
        if until is not None and (type(until) is not date):
            raise DubanError(f"simulate: until must be a date, got {type(until).__name__}")
        first = date(year, 1, 1)
        until = until if until is not None else date(year, 12, 31)
        if not first <= until <= date(year + 1, 12, 31):
            raise DubanError(
                f"simulate: until must fall between {first.isoformat()} and the end of the next year, "
                f"got {until.isoformat()}"
            )
        self.rules = rules if rules is not None else RuleSet.default()
        self.cal: ChinaCalendar = self.rules.calendar
        self.year = year
        self.until = until
        self.until_ord = until.toordinal()
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.items = items
        self.width = max(4, len(str(items)))
        self._build_units(units)
        self._build_actors()
        self._schedule()
        self.buckets: dict[int, list[tuple[datetime, int, Event]]] = defaultdict(list)
        self.seq = 0
        self.next_item = 0
        self.bases: dict[int, datetime] = {}
        # Facts the office's bulletins are drawn from, keyed by the day of the check.
        self.overdue: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        self.closed: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        self.criticised: dict[str, list[date]] = defaultdict(list)
        self.recent: dict[str, list[str]] = defaultdict(list)
        self.bulletin_no = 0
        self.named: dict[str, int] = {}

    # -- draws (cheaper than Random.randint/choice/randrange, which check their arguments) ----

    def ri(self, a: int, b: int) -> int:
        """An int in ``[a, b]``."""
        return a + int(self.rnd() * (b - a + 1))

    def below(self, n: int) -> int:
        """An int in ``[0, n)``."""
        return int(self.rnd() * n)

    def pick(self, seq: Sequence[_T]) -> _T:
        """An element of ``seq``."""
        return seq[int(self.rnd() * len(seq))]

    # -- the world --------------------------------------------------------------------------

    def _build_units(self, count: int) -> None:
        rng = self.rng
        infos = _units(count)
        self.infos = {u.name: u for u in infos}
        self.unit_names = tuple(u.name for u in infos)
        order = list(self.unit_names)
        rng.shuffle(order)
        weak, strong = max(1, count // 8), max(1, count // 6)
        reliability: dict[str, float] = {}
        for i, name in enumerate(order):
            if i < weak:
                r = rng.uniform(0.35, 0.55)
            elif i < weak + strong:
                r = rng.uniform(0.92, 0.99)
            else:
                r = rng.uniform(0.68, 0.9)
            reliability[name] = round(r, 2)
        self.reliability = {name: reliability[name] for name in self.unit_names}
        cum: dict[Category, list[float]] = {}
        for category in Category:
            total = 0.0
            weights = []
            for u in infos:
                w = u.weight
                if category is Category.DEPUTY_PROPOSAL and u.kind != "部门":
                    w *= 0.5
                elif category is Category.WORK_REPORT_TASK and u.kind == "部门":
                    w *= 1.5
                total += w
                weights.append(total)
            cum[category] = weights
        self.cum_weights = cum

    def _name(self, used: set[str]) -> str:
        rng = self.rng
        while True:
            given = self.pick(_GIVEN) + (self.pick(_GIVEN) if rng.random() < 0.6 else "")
            name = self.pick(_SURNAMES) + given
            if name not in used:
                used.add(name)
                return name

    def _build_actors(self) -> None:
        used: set[str] = set()
        self.office = tuple(Actor(name=self._name(used), role=Role.OFFICE) for _ in range(3))
        self.leaders = tuple(Actor(name=self._name(used), role=Role.LEADER) for _ in _LEADER_TITLES)
        self.heads: dict[str, Actor] = {}
        self.staff: dict[str, tuple[Actor, ...]] = {}
        self.in_charge: dict[str, int] = {}
        for i, unit in enumerate(self.unit_names):
            self.heads[unit] = Actor(name=self._name(used), role=Role.UNIT_HEAD, unit=unit)
            self.staff[unit] = tuple(
                Actor(name=self._name(used), role=Role.UNIT_STAFF, unit=unit)
                for _ in range(1 + (self.rng.random() < 0.5))
            )
            self.in_charge[unit] = 1 + (i + self.below(4)) % (len(self.leaders) - 1)

    def _leader_label(self, index: int) -> str:
        return f"{self.leaders[index].name}{_LEADER_TITLES[index]}"

    # -- the year's schedule of items -------------------------------------------------------

    def _schedule(self) -> None:
        """Draw every item's category and drafting day up front (independent of ``until``)."""
        rng, cal, year = self.rng, self.cal, self.year
        workdays = cal.workdays(date(year, 1, 1) - _ONE_DAY, date(year, 12, 31))
        weekend = [d for d in (date(year, 1, 1) + _ONE_DAY * i for i in range(365)) if not cal.is_workday(d)]
        self.workdays = workdays
        # 常务会议 every other week; 纪要 issued the next working day.
        meetings = workdays[3:-1:10]
        spring = [d for d in workdays if date(year, 2, 10) <= d <= date(year, 3, 29)]
        march = [d for d in workdays if d.month == 3]
        batches = [march[min(i, len(march) - 1)] for i in (7, 11, 16)]
        later = [d for d in workdays if 4 <= d.month <= 10]
        self.meetings = meetings
        self.batches = batches
        categories = [c for c, _ in _CATEGORY_WEIGHTS]
        cum, total = [], 0.0
        for _, w in _CATEGORY_WEIGHTS:
            total += w
            cum.append(total)
        slots: dict[int, list[_Slot]] = defaultdict(list)
        left = self.items
        while left > 0:
            category = rng.choices(categories, cum_weights=cum)[0]
            extra = 0
            if category is Category.MEETING_DECISION:
                extra = self.below(len(meetings))
                day = cal.add_workdays(meetings[extra], 1)
                extra += 1
            elif category is Category.WORK_REPORT_TASK:
                day = self.pick(spring)
            elif category is Category.DEPUTY_PROPOSAL:
                if rng.random() < 0.88:
                    extra = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
                    day = batches[extra - 1]
                else:
                    day = self.pick(later)
            elif category is Category.LEADER_INSTRUCTION and weekend and rng.random() < 0.02:
                day, extra = self.pick(weekend), -1
            else:
                day = self.pick(workdays)
            children = 0
            share = _DECOMPOSE_SHARE.get(category, 0.0)
            if share and left >= 3 and rng.random() < share:
                children = min(self.ri(2, 4), left - 1)
            slots[day.toordinal()].append(_Slot(category, children, extra))
            left -= 1 + children
        self.slots = slots
        self.check_days = self._check_days()
        self.check_ords = [d.toordinal() for d in self.check_days]
        self.praise_days = {d.toordinal(): q for q, d in self._praise_days()}
        self.criticism_days = {d.toordinal() for d in self._criticism_days()}
        self.inspection_days = self._inspection_days()

    def _criticism_days(self) -> list[date]:
        # 每月初通报上月督办情况: the fifth working day of each month from February.
        return [self.cal.add_workdays(date(self.year, m, 1) - _ONE_DAY, 5) for m in range(2, 13)]

    def _praise_days(self) -> list[tuple[int, date]]:
        # Quarterly praise in the month after the quarter; the year-end praise before the 25th.
        cal, y = self.cal, self.year
        days = [(q, cal.add_workdays(date(y, 3 * q + 1, 1) - _ONE_DAY, 8)) for q in (1, 2, 3)]
        days.append((4, cal.add_workdays(date(y, 12, 20), 0)))
        return days

    def _check_days(self) -> list[date]:
        days = set(self._criticism_days()) | {d for _, d in self._praise_days()}
        return sorted(days)

    def _inspection_days(self) -> dict[int, int]:
        cal, y = self.cal, self.year
        months = (3, 4, 5, 6, 9, 10, 11)
        return {cal.add_workdays(date(y, m, 1) - _ONE_DAY, 3).toordinal(): m for m in months}

    # -- the day loop -----------------------------------------------------------------------

    def events(self) -> Iterator[Event]:
        day = date(self.year, 1, 1)
        while day <= self.until:
            o = day.toordinal()
            # The process's garbage collector is the host's to configure: not touched here.
            if o in self.inspection_days:
                self._inspect(day, self.inspection_days[o])
            if o in self.criticism_days:
                self._criticise(day)
            if o in self.praise_days:
                self._praise(day, self.praise_days[o])
            for slot in self.slots.pop(o, ()):
                self._plan_slot(slot, day)
            bucket = self.buckets.pop(o, None)
            if bucket:
                bucket.sort()
                for entry in bucket:
                    yield entry[2]
            day += _ONE_DAY

    # -- emitting ---------------------------------------------------------------------------

    def _at(self, day: date, minute: int) -> datetime:
        o = day.toordinal()
        base = self.bases.get(o)
        if base is None:
            base = self.bases[o] = datetime(day.year, day.month, day.day, tzinfo=CST)
        return base + _MINUTES[minute]

    def _put(self, day: date, at: datetime, event: Event) -> None:
        o = day.toordinal()
        if o > self.until_ord:
            return
        self.buckets[o].append((at, self.seq, event))
        self.seq += 1

    # -- items ------------------------------------------------------------------------------

    def _new_id(self, parent: str | None = None, child: int = 0) -> str:
        if parent is not None:
            return f"{parent}-{child}"
        self.next_item += 1
        return f"{self.year}-{self.next_item:0{self.width}d}"

    def _pick_unit(self, category: Category, exclude: tuple[str, ...] = ()) -> str:
        for _ in range(20):
            cum = self.cum_weights[category]
            unit = self.unit_names[bisect_right(cum, self.rnd() * cum[-1])]
            if unit not in exclude:
                return unit
        return next(u for u in self.unit_names if u not in exclude)

    def _topic(self, unit: str) -> str:
        return self.pick(self.infos[unit].topics)

    def _describe(
        self, category: Category, unit: str, extra: int, project: tuple[str, int] | None
    ) -> tuple[str, str | None]:
        """A title and a source for a new item."""
        rng, year = self.rng, self.year
        topic = project[0] if project else self._topic(unit)
        n = self.ri(1, 260)
        if category is Category.LEADER_INSTRUCTION:
            leader = self._leader_label(0 if rng.random() < 0.4 else self.in_charge[unit])
            title = self.pick(
                (
                    f"落实{leader}关于{topic}的批示",
                    f"{leader}批示：抓紧解决{topic}有关问题",
                    f"{leader}交办：{topic}情况核查",
                )
            )
            return title, f"领导批示件（区政办批〔{year}〕{n}号）"
        if category is Category.MEETING_DECISION:
            meeting = f"区政府第{extra}次常务会议"
            if project:
                return f"{meeting}议定事项：加快推进{topic}", f"{meeting}纪要"
            return f"{meeting}议定事项：{topic}", f"{meeting}纪要"
        if category is Category.SUPERIOR_DECISION:
            superior = self.pick(_SUPERIORS)
            return f"贯彻落实{superior}关于{topic}的工作部署", f"{superior}文件（〔{year}〕{n}号）"
        if category is Category.WORK_REPORT_TASK:
            if project:
                return f"政府工作报告重点项目：{topic}", f"{year}年区政府工作报告"
            return f"政府工作报告重点任务：{topic}", f"{year}年区政府工作报告"
        if category is Category.DEPUTY_PROPOSAL:
            if rng.random() < 0.6:
                return f"关于{topic}的建议（第{n}号）", "区人民代表大会代表建议"
            return f"关于{topic}的提案（第{n}号）", "区政协委员提案"
        if category is Category.MEDIA_ISSUE:
            media = self.pick(_MEDIA)
            return f"{media}反映{topic}问题", media
        leader = self._leader_label(self.in_charge[unit])
        return self.pick((f"{leader}交办：{topic}", f"{topic}专项整治（领导交办）")), "领导交办"

    def _plan_slot(self, slot: _Slot, day: date) -> None:
        rng, cal = self.rng, self.cal
        category = slot.category
        item_id = self._new_id()
        lead = self._pick_unit(category)
        infos = self.infos[lead]
        project = None
        if infos.projects and rng.random() < _PROJECT_SHARE.get(category, 0.0):
            project = self.pick(infos.projects)
        urgent = slot.extra == -1 or (not slot.children and rng.random() < _URGENT_SHARE.get(category, 0.0))
        co_units: tuple[str, ...] = ()
        if slot.children:
            co_units = tuple(self._distinct_units(category, lead, slot.children))
        elif rng.random() < 0.25:
            co_units = tuple(self._distinct_units(category, lead, 1 + (rng.random() < 0.3)))
        title, source = self._describe(category, lead, slot.extra, project)
        header = self._header(day, urgent)
        stipulated = self._stipulated(category, header.assign_day, urgent, bool(slot.children))
        spec = _Spec(item_id, category, lead, co_units, urgent, stipulated, None, project, title, source)
        header = header._replace(due=self._deadline(spec, header.assign_day))
        self._remember(lead, item_id)
        if not slot.children:
            self._plan_item(spec, header)
            return
        # 分解立项 (S4-17): each co-unit takes a part with its own limit; the parent closes last.
        ends: list[date | None] = []
        start = cal.add_workdays(header.assign_day, self.ri(1, 3))
        for k, unit in enumerate(co_units, start=1):
            child_day = start
            child_assign = child_day if rng.random() < 0.7 else cal.add_workdays(child_day, 1)
            span = max(10, (header.due - child_assign).days)
            limit = cal.roll_forward(child_assign + timedelta(days=self.ri(span // 2, span * 3 // 4)))
            child_project = None
            if project and self.infos[unit].projects and rng.random() < 0.5:
                child_project = self.pick(self.infos[unit].projects)
            child = _Spec(
                self._new_id(item_id, k),
                category,
                unit,
                (),
                False,
                limit,
                item_id,
                child_project,
                f"{title}——分解任务{k}（{unit}负责）" + (f"：{child_project[0]}" if child_project else ""),
                f"{item_id}分解立项（S4-17）",
            )
            child_header = _Header(child_day, child_day, child_assign, child_day)
            child_header = child_header._replace(due=self._deadline(child, child_assign))
            ends.append(self._plan_item(child, child_header))
        blocked = any(end is None for end in ends)
        earliest = None if blocked else cal.add_workdays(max(e for e in ends if e is not None), 1)
        self._plan_item(spec, header, earliest=earliest, blocked=blocked, parent=True)

    def _distinct_units(self, category: Category, lead: str, count: int) -> list[str]:
        chosen: list[str] = []
        count = min(count, len(self.unit_names) - 1)
        while len(chosen) < count:
            unit = self._pick_unit(category, exclude=(lead, *chosen))
            chosen.append(unit)
        return chosen

    def _remember(self, unit: str, item_id: str) -> None:
        recent = self.recent[unit]
        recent.append(item_id)
        if len(recent) > 4:
            del recent[0]

    def _header(self, day: date, urgent: bool) -> _Header:
        rng, cal = self.rng, self.cal
        if urgent:  # 随到随办: registered and assigned the day it arrives
            return _Header(day, day, day, day)
        reg = day if rng.random() < 0.7 else cal.add_workdays(day, 1)
        assign = reg if rng.random() < 0.6 else cal.add_workdays(reg, 1)
        return _Header(day, reg, assign, assign)

    def _stipulated(self, category: Category, assign: date, urgent: bool, parent: bool) -> date | None:
        rng, cal, y = self.rng, self.cal, self.year
        if category is Category.MEDIA_ISSUE:
            days = self.ri(2, 4) if urgent else self.pick((10, 15, 15, 20, 30))
            return cal.roll_forward(assign + timedelta(days=days))
        if category is Category.OTHER_ASSIGNED:
            return cal.roll_forward(assign + timedelta(days=self.pick((10, 15, 20, 30, 30, 45, 60))))
        if category is Category.WORK_REPORT_TASK and not parent and rng.random() < 0.3:
            return max(assign, cal.roll_forward(self.pick((date(y, 6, 30), date(y, 9, 30), date(y, 11, 30)))))
        if parent and category is Category.MEETING_DECISION:
            return cal.roll_forward(assign + timedelta(days=self.pick((45, 60, 90))))
        if category is Category.LEADER_INSTRUCTION and not urgent and rng.random() < 0.08:
            return cal.roll_forward(assign + timedelta(days=self.pick((10, 15, 30))))  # 领导限期
        return None

    def _deadline(self, spec: _Spec, received: date) -> date:
        return self.rules.deadline(
            spec.category, received, urgent=spec.urgent, stipulated=spec.stipulated
        ).due

    def _plan_item(
        self,
        spec: _Spec,
        header: _Header,
        *,
        earliest: date | None = None,
        blocked: bool = False,
        parent: bool = False,
    ) -> date | None:
        """Plan one item's whole lifecycle; returns the day it stops being open (closed or
        cancelled), or ``None`` if it stays open."""
        rng, cal = self.rng, self.cal
        item_id, category, lead = spec.item_id, spec.category, spec.lead
        rel = self.reliability[lead]
        office = self.office[self.below(len(self.office))]
        staff = self.staff[lead]
        head = self.heads[lead]
        clock = [0, 0]  # the item's last (day ordinal, minute)

        until, bases, buckets = self.until_ord, self.bases, self.buckets

        def put(day: date, make: Callable[..., Event], fields: dict[str, Any]) -> None:
            # The hot path (ten million calls for a million items): _at and _put inlined.
            o = day.toordinal()
            if o == clock[0]:
                minute = min(clock[1] + self.ri(5, 90), _LATEST)
            else:
                minute = self.ri(510, 690)
                clock[0] = o
            clock[1] = minute
            if o > until:
                return  # after the simulation's last day (the draws above keep later days identical)
            base = bases.get(o)
            if base is None:
                base = self._at(day, 0)
            at = base + _MINUTES[minute]
            buckets[o].append((at, self.seq, make(item_id=item_id, at=at, **fields)))
            self.seq += 1

        put(
            header.draft_day,
            _DRAFTED,
            {
                "by": office,
                "title": spec.title,
                "category": category,
                "lead_unit": lead,
                "co_units": spec.co_units,
                "urgent": spec.urgent,
                "stipulated_due": spec.stipulated,
                "parent_id": spec.parent_id,
                "project": spec.project is not None,
                "source": spec.source,
                # 责任领导 (S4-22): the leader in charge of the lead unit; draws nothing from rng.
                "responsible_leader": self._leader_label(self.in_charge[lead]),
            },
        )
        registrar = self.leaders[self.in_charge[lead]] if category in _LONG and rng.random() < 0.3 else office
        put(header.reg_day, _REGISTERED, {"by": registrar})
        can_cancel = not parent  # a decomposed item's parent stays open while its children run
        if can_cancel and rng.random() < 0.006:  # 不予立项
            day = cal.add_workdays(header.reg_day, 1)
            put(day, _CANCELLED, {"by": office, "reason": _CANCEL_REASONS[2]})
            return day
        put(header.assign_day, _ASSIGNED, {"by": office, "received_on": header.assign_day, "due": header.due})
        cancel_day = None
        if can_cancel and rng.random() < 0.02:
            cancel_day = cal.add_workdays(header.assign_day, self.ri(1, 12))
        # A weak unit lets some items drag on for weeks (拖延); late in the year a few are
        # still unanswered at its end.
        dragging = rng.random() < 0.35 * (1 - rel) ** 1.5
        stuck = blocked or (dragging and header.draft_day.month >= 9 and rng.random() < 0.3)
        project = spec.project
        percent = [0.0]
        start, due = header.assign_day, header.due
        rounds = 0
        acknowledge = True
        while True:
            plan: list[_Planned] = []
            ack_day = start
            if acknowledge:
                if not spec.urgent and rng.random() > rel:
                    ack_day = cal.add_workdays(start, self.ri(1, 3))
                    if ack_day > cal.add_workdays(start, 1):
                        plan.append(
                            _Planned(
                                cal.add_workdays(start, 1),
                                _P_URGE,
                                _URGED,
                                {"by": office, "method": "电话催办：请及时签收"},
                            )
                        )
                handler = staff[self.below(len(staff))]
                plan.append(
                    _Planned(
                        ack_day,
                        _P_ACK,
                        _ACKNOWLEDGED,
                        {"by": handler, "handler": f"{handler.name}（经办人）"},
                    )
                )
            effective = due
            decided = ack_day
            period = cal.workdays_between(ack_day, due)
            if (
                rounds == 0
                and not spec.urgent
                and period >= 2
                and rng.random() < (0.12 if category in _LONG else 0.06)
            ):
                # 申请延期 on or before the due day (S4-20(二)), decided by the leader in charge.
                ask = min(due, max(ack_day, cal.add_workdays(due, -self.ri(0, 2))))
                decided = ask if rng.random() < 0.4 else cal.add_workdays(ask, 1)
                granted = rng.random() < 0.78
                extra_days = self.pick((30, 60, 90)) if category in _LONG else self.pick((7, 10, 15, 20))
                new_due = cal.roll_forward(due + timedelta(days=extra_days))
                request = {"by": staff[0], "new_due": new_due, "reason": self.pick(_EXTENSION_REASONS)}
                plan.append(_Planned(ask, _P_EXT_REQ, _EXT_REQUESTED, request))
                decision = {"by": self.leaders[self.in_charge[lead]], "granted": granted}
                plan.append(_Planned(decided, _P_EXT_DEC, _EXT_DECIDED, decision))
                if granted:
                    effective = new_due
            # When the report comes in (None: not this year).
            feedback: date | None
            if stuck:
                feedback = None
            else:
                on_time = not dragging and rng.random() < (
                    0.35 + 0.6 * rel if rounds == 0 else 0.5 + 0.5 * rel
                )
                span = cal.workdays_between(ack_day, effective)
                if on_time and span >= 0:
                    # Long periods are mostly used up; short ones anywhere.
                    offset = int(span * (1 - rng.random() ** 2 * 0.8)) if span > 15 else self.ri(0, span)
                    feedback = cal.add_workdays(ack_day, offset) if offset else ack_day
                elif dragging and rounds == 0:
                    feedback = cal.add_workdays(effective, 15 + int(rng.expovariate(1 / 30)))
                else:
                    mean = 1.5 + 12 * (1 - rel)
                    feedback = cal.add_workdays(effective, 1 + int(rng.expovariate(1 / mean)))
                feedback = max(feedback, decided, ack_day)
                if earliest is not None:
                    feedback = max(feedback, earliest)
            # Progress reports: the category's schedule (每季度末, S0-4.2), or one midway.
            self._progress(plan, spec, rel, ack_day, effective, feedback, percent, staff)
            # Urging: a reminder before the due day for weak units, then chasing once overdue.
            if rel < 0.8 and rng.random() < 0.3 and period >= 2:
                remind = cal.add_workdays(effective, -1)
                if remind >= start and (feedback is None or remind < feedback):
                    method = "电话提醒：距办理时限不足2个工作日"
                    plan.append(_Planned(remind, _P_URGE, _URGED, {"by": office, "method": method}))
            if feedback is None or feedback > effective:
                chase = cal.add_workdays(effective, 1)
                step, cap = (5, 10) if feedback is None else (3, 6)
                for k in range(cap):
                    if feedback is not None and chase >= feedback:
                        break
                    method = f"{_URGE_METHODS[min(k, len(_URGE_METHODS) - 1)]}（已逾期）"
                    plan.append(_Planned(chase, _P_URGE, _URGED, {"by": office, "method": method}))
                    chase = cal.add_workdays(chase, step)
            if cancel_day is not None:
                plan = [p for p in plan if p.day < cancel_day]
                canceller = office if rng.random() < 0.6 else self.leaders[self.in_charge[lead]]
                reason = self.pick(_CANCEL_REASONS[:2] + _CANCEL_REASONS[3:])
                plan.append(_Planned(cancel_day, _P_CANCEL, _CANCELLED, {"by": canceller, "reason": reason}))
            plan.sort(key=_plan_order)
            for p in plan:
                put(p.day, p.make, p.fields)
            end = feedback if cancel_day is None else cancel_day
            self._record_overdue(spec, effective, end)
            if cancel_day is not None:
                return cancel_day
            if feedback is None:
                return None
            # 反馈 (S0-3.4): signed by the unit's head; a project states its figures (S1-2.4).
            report: dict[str, Any] = {
                "by": staff[self.below(len(staff))],
                "summary": self._summary(spec, rounds, feedback <= effective),
                "signed_by": head,
            }
            if project is not None:
                pct = 100.0 if rng.random() < 0.85 else round(rng.uniform(80, 98), 1)
                report["percent_complete"] = pct
                report["investment_done"] = Decimal(f"{project[1] * pct / 100:.2f}")
                report["work_done"] = (
                    "已竣工验收" if pct == 100.0 else f"{_PHASES[min(4, int(pct // 20))]}基本完成"
                )
            put(feedback, _FEEDBACK, report)
            review = feedback if rng.random() < 0.3 else cal.add_workdays(feedback, self.ri(1, 3))
            approve = rounds >= 2 or rng.random() < (0.72 + 0.22 * rel if rounds == 0 else 0.85)
            if approve:
                put(review, _APPROVED, {"by": office})
                counts = self.closed[(review.year * 12 + review.month - 1, lead)]
                counts[0] += 1
                counts[1] += feedback <= effective
                self._after_close(spec, review, rel, office)
                return review
            kind = rng.choices(
                (ReturnKind.SUPPLEMENT, ReturnKind.REDO, ReturnKind.LEADER_FOLLOW_UP), weights=(5, 3, 2)
            )[0]
            sender = (
                self.leaders[self.in_charge[lead]]
                if kind is ReturnKind.LEADER_FOLLOW_UP and rng.random() < 0.6
                else office
            )
            rework = self.rules.rework_deadline(category, review, urgent=spec.urgent).due
            returned = {"by": sender, "kind": kind, "reason": self.pick(_RETURN_REASONS[kind]), "due": rework}
            put(review, _RETURNED, returned)
            start, due = review, rework
            rounds += 1
            acknowledge = rng.random() < 0.5
            if earliest is not None and earliest <= review:
                earliest = None

    def _summary(self, spec: _Spec, rounds: int, on_time: bool) -> str:
        topic = spec.project[0] if spec.project else spec.title.split("：")[-1]
        if rounds:
            return f"按照退回意见重新办理：已补充完善{topic}相关材料并逐项答复"
        if spec.category is Category.DEPUTY_PROPOSAL:
            return f"已与代表（委员）面商沟通，{topic}相关意见已研究办理并书面答复"
        if spec.category is Category.MEDIA_ISSUE:
            return f"已实地核查并整改到位，{topic}问题已向媒体和群众反馈"
        return f"已按交办要求办结：{topic}{'' if on_time else '（逾期办结，已说明原因）'}"

    def _progress(
        self,
        plan: list[_Planned],
        spec: _Spec,
        rel: float,
        ack_day: date,
        due: date,
        feedback: date | None,
        percent: list[float],
        staff: tuple[Actor, ...],
    ) -> None:
        rng, cal = self.rng, self.cal
        project = spec.project
        last = feedback if feedback is not None else cal.add_workdays(due, 40)
        days: list[date] = []
        for q in self.rules.report_dates(spec.category, ack_day, due):
            if rng.random() < 0.6 * (1 - rel):
                continue  # not filed: the office will find it missing
            if rng.random() < rel:
                days.append(cal.add_workdays(q, -self.ri(0, 2)))
            else:
                days.append(cal.add_workdays(q, self.ri(1, 6)))
        if not days and cal.workdays_between(ack_day, due) > 15 and rng.random() < 0.5:
            days.append(cal.add_workdays(ack_day, cal.workdays_between(ack_day, due) // 2))
        topic = spec.title.split("：")[-1]
        for n, day in enumerate(days, start=1):
            if day < ack_day or day >= last:
                continue
            lagging = "" if rng.random() < rel else "，部分工作滞后，正在协调解决"
            fields: dict[str, Any] = {
                "by": staff[self.below(len(staff))],
                "summary": f"第{n}次进展报告：{topic}按计划推进{lagging}",
            }
            if project is not None:
                percent[0] = min(95.0, round(percent[0] + rng.uniform(10, 30), 1))
                fields["percent_complete"] = percent[0]
                fields["investment_done"] = Decimal(f"{project[1] * percent[0] / 100:.2f}")
                fields["work_done"] = _PHASES[min(5, int(percent[0] // 20))]
            plan.append(_Planned(day, _P_PROGRESS, _PROGRESS, fields))
        # A co-unit (协办单位) reports its part (S4-20(一)).
        if spec.co_units and rng.random() < 0.35:
            day = cal.add_workdays(ack_day, max(1, cal.workdays_between(ack_day, due) // 2))
            if day < last:
                co = spec.co_units[self.below(len(spec.co_units))]
                fields = {"by": self.staff[co][0], "summary": f"协办单位{co}报送配合落实情况"}
                plan.append(_Planned(day, _P_PROGRESS, _PROGRESS, fields))

    def _after_close(self, spec: _Spec, closed: date, rel: float, office: Actor) -> None:
        rng, cal = self.rng, self.cal
        item_id = spec.item_id
        day = closed

        def put(day: date, make: Callable[..., Event], fields: dict[str, Any]) -> None:
            minute = 17 * 60 + 30 + self.ri(0, 60)  # on a later day than the closing
            at = self._at(day, minute)
            self._put(day, at, make(item_id=item_id, at=at, by=office, **fields))

        if spec.category is Category.DEPUTY_PROPOSAL:  # 满意度测评 (S2-2.1)
            satisfied = 0.6 + 0.35 * rel
            satisfaction = rng.choices(
                (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED),
                weights=(satisfied, (1 - satisfied) * 0.65, (1 - satisfied) * 0.35),
            )[0]
            outcome = rng.choices((Outcome.SOLVED, Outcome.PLANNED, Outcome.EXPLAINED), weights=(55, 30, 15))[
                0
            ]
            day = cal.add_workdays(day, self.ri(3, 20))
            put(day, _EVALUATED, {"satisfaction": satisfaction, "outcome": outcome})
        if rng.random() < 0.7:  # 立卷归档 (S4-7)
            put(cal.add_workdays(day, self.ri(5, 30)), _ARCHIVED, {})

    def _record_overdue(self, spec: _Spec, due: date, end: date | None) -> None:
        """Note the check days on which the item is overdue (after ``due``, before ``end``)."""
        ords = self.check_ords
        first = due.toordinal() + 1
        stop = end.toordinal() if end is not None else 1 << 30
        i = bisect_left(ords, first)
        cal = self.cal
        while i < len(ords) and ords[i] < stop:
            day = self.check_days[i]
            self.overdue[ords[i]].append((spec.lead, spec.item_id, cal.workdays_between(due, day)))
            i += 1

    # -- bulletins (S0-6.3, S1-2.6) ---------------------------------------------------------

    def _bulletin_id(self) -> str:
        self.bulletin_no += 1
        return f"督查通报〔{self.year}〕{self.bulletin_no}号"

    def _criticise(self, day: date) -> None:
        late: dict[str, list[tuple[int, str]]] = defaultdict(list)
        named = self.named
        for unit, item_id, workdays in self.overdue.get(day.toordinal(), ()):
            if workdays >= _CRITICISE_AFTER and named.get(item_id, 0) < 2:
                late[unit].append((workdays, item_id))
        if not late:
            return
        ranked = sorted(late, key=lambda u: (-len(late[u]), -max(late[u])[0], u))[:4]
        ordinary: list[str] = []
        minute = [15 * 60]
        for unit in ranked:
            worst = sorted(late[unit], reverse=True)
            if worst[0][0] >= _SERIOUS_AFTER or len(self.criticised[unit]) >= 3:
                ids = tuple(item_id for _, item_id in worst[:5])
                reason = (
                    f"截至{day.month}月{day.day}日，{unit}承办的{len(worst)}件督查事项超过办理时限未办结，"
                    f"最长逾期{worst[0][0]}个工作日；经区政府同意，以区政府名义通报批评（S1-2.6），"
                    "扣减政令畅通目标分（S0-6.3），请于一周内书面报送整改报告"
                )
                self._issue(
                    day, minute, BulletinKind.CRITICISM, BulletinLevel.GOVERNMENT, (unit,), ids, reason, 0
                )
            else:
                ordinary.append(unit)
        if ordinary:
            ids = tuple(item_id for unit in ordinary for _, item_id in sorted(late[unit], reverse=True)[:3])
            names = "、".join(ordinary)
            reason = (
                f"截至{day.month}月{day.day}日，{names}承办的督查事项超过办理时限{_CRITICISE_AFTER}个工作日以上"
                "仍未办结反馈，予以通报批评（S0-6.3、S1-2.6），请被通报单位于一周内书面报送整改报告"
            )
            office = self.office[self.below(len(self.office))]
            self._issue(
                day,
                minute,
                BulletinKind.CRITICISM,
                BulletinLevel.OFFICE,
                tuple(ordinary),
                ids,
                reason,
                office,
            )

    def _praise(self, day: date, quarter: int) -> None:
        year = self.year
        months = range(3 * (quarter - 1), 3 * quarter) if quarter < 4 else range(11)
        since = date(year, 3 * quarter - 2, 1) if quarter < 4 else date(year, 1, 1)
        overdue_now = {unit for unit, _, _ in self.overdue.get(day.toordinal(), ())}
        scores = []
        for unit in self.unit_names:
            closed = on_time = 0
            for m in months:
                counts = self.closed.get((year * 12 + m, unit))
                if counts:
                    closed += counts[0]
                    on_time += counts[1]
            if closed < 3 or unit in overdue_now:
                continue
            if any(d >= since for d in self.criticised[unit]):
                continue
            rate = on_time / closed
            if rate >= 0.9:
                scores.append((-rate, -closed, unit, on_time, closed))
        scores.sort()
        chosen = scores[:3]
        if not chosen:
            return
        units = tuple(s[2] for s in chosen)
        details = "；".join(f"{s[2]}办结{s[4]}件，按时办结{s[3]}件" for s in chosen)
        minute = [16 * 60]
        if quarter < 4:
            reason = f"{year}年第{quarter}季度督查事项办理情况：{details}，办理及时、质量较高，予以通报表扬（S0-6.3）"
            office = self.office[self.below(len(self.office))]
            self._issue(day, minute, BulletinKind.PRAISE, BulletinLevel.OFFICE, units, (), reason, office)
        else:
            reason = f"{year}年1至11月督查事项办理情况：{details}，全年无逾期被通报情况，经区政府同意予以通报表扬（S0-6.3）"
            self._issue(day, minute, BulletinKind.PRAISE, BulletinLevel.GOVERNMENT, units, (), reason, 0)

    def _issue(
        self,
        day: date,
        minute: list[int],
        kind: BulletinKind,
        level: BulletinLevel,
        units: tuple[str, ...],
        item_ids: tuple[str, ...],
        reason: str,
        by: Actor | int,
    ) -> None:
        rng, cal = self.rng, self.cal
        bulletin_id = self._bulletin_id()
        actor = self.leaders[by] if isinstance(by, int) else by
        at = self._at(day, minute[0])
        minute[0] += 10
        self._put(
            day,
            at,
            _BULLETIN(
                bulletin_id=bulletin_id,
                at=at,
                by=actor,
                kind=kind,
                level=level,
                units=units,
                item_ids=item_ids,
                reason=reason,
            ),
        )
        if kind is not BulletinKind.CRITICISM:
            return
        for item_id in item_ids:
            self.named[item_id] = self.named.get(item_id, 0) + 1
        due = self.rules.rectification_due(day).due
        for unit in units:
            self.criticised[unit].append(day)
            rel = self.reliability[unit]
            draw = rng.random()
            if draw < 0.5 * (1 - rel):
                continue  # 整改报告缺报
            if draw < 0.5 * (1 - rel) + 0.35 * (1 - rel):
                filed = cal.roll_forward(due + timedelta(days=self.ri(1, 10)))
            else:
                filed = cal.add_workdays(day, self.ri(1, max(1, cal.workdays_between(day, due))))
                filed = min(filed, due) if filed > due else filed
            head = self.heads[unit]
            when = self._at(filed, self.ri(540, 1050))
            self._put(
                filed,
                when,
                _RECTIFIED(bulletin_id=bulletin_id, at=when, by=head, unit=unit),
            )

    # -- inspections (S4-16) ----------------------------------------------------------------

    def _inspect(self, day: date, month: int) -> None:
        rng, cal = self.rng, self.cal
        plans = 2 if month == 5 else 1
        shared: str | None = None
        window: tuple[date, date] | None = None
        for k in range(plans):
            count = min(len(self.unit_names), self.ri(2, 4))
            units = rng.sample(self.unit_names, count)
            if shared is not None and shared not in units:
                units[0] = shared
            if window is None:
                start = cal.add_workdays(day, self.ri(5, 8))
                end = cal.add_workdays(start, self.ri(1, 3))
            else:  # 多头督查: another organiser visits the same unit in the same days
                start, end = cal.add_workdays(window[0], 1), cal.add_workdays(window[1], 2)
            ids = tuple(dict.fromkeys(i for u in units for i in self.recent[u][-1:]))
            organiser = _ORGANISERS[(month + k) % len(_ORGANISERS)]
            topic = _INSPECTION_TOPICS[(month + 3 * k) % len(_INSPECTION_TOPICS)]
            at = self._at(day, 9 * 60 + 10 * k)
            self._put(
                day,
                at,
                _INSPECTION(
                    at=at,
                    by=self.office[0],
                    inspection_id=f"督查计划〔{self.year}〕{month:02d}-{k + 1}",
                    organiser=organiser,
                    topic=topic,
                    units=tuple(units),
                    start=start,
                    end=end,
                    item_ids=ids,
                ),
            )
            shared, window = units[0], (start, end)
