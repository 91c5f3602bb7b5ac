"""示例区 An example district: the units and the people that the library's kits name.

One home for the names the simulated year (:mod:`duban_core.simulate`), the hypothesis
strategies (:mod:`duban_core.strategies`) and the test suite's workflow builders use, so that
all of them speak of the same district: its departments (部门), 街道办事处 and 乡镇人民政府,
each with the topics it is typically supervised on and its construction projects, and a few
people's names. Plain data; nothing here is a rule, and a host's own units and people need
not look like these.

    >>> UNIT_NAMES[:3]
    ('区发改局', '区住建局', '区教育局')
    >>> units(40)[-1].name
    '石和镇人民政府'
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["DISTRICT", "GIVEN_NAMES", "PEOPLE", "SURNAMES", "UNIT_NAMES", "Unit", "units"]


class Unit(NamedTuple):
    """A unit of the district (承办单位)."""

    name: str
    #: 部门 (a district department), 街道 (a 街道办事处) or 乡镇 (a town or township government).
    kind: str
    #: How much supervised work comes its way, relative to the others (the 住建局 gets more
    #: than four times what the 统计局 gets).
    workload: float
    #: What it is typically supervised on.
    topics: tuple[str, ...]
    #: Its construction projects (项目类事项, S1-2.4): (name, total investment in 万元).
    projects: tuple[tuple[str, int], ...]


_STREET_TOPICS = (
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

#: The district's own units. The simulator takes the first ``units`` of them (:func:`units`),
#: so this order is part of every simulated year: append, never reorder.
DISTRICT: tuple[Unit, ...] = (
    Unit(
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
    Unit(
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
    Unit(
        "区教育局",
        "部门",
        1.5,
        ("义务教育学位供给", "校园安全隐患排查", "中小学课后服务", "普惠性学前教育", "校外培训机构治理"),
        (("第二实验小学新建项目", 18500), ("城南中学扩建工程", 12600)),
    ),
    Unit(
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
    Unit(
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
    Unit("城关街道办事处", "街道", 0.9, _STREET_TOPICS, (("背街小巷改造提升工程", 3200),)),
    Unit(
        "区财政局",
        "部门",
        1.0,
        ("预算执行进度", "专项债券资金使用", "惠民惠农补贴发放", "行政事业单位国有资产清查"),
        (),
    ),
    Unit(
        "区人社局",
        "部门",
        1.1,
        ("高校毕业生就业", "农民工欠薪问题", "社会保险扩面", "职业技能培训"),
        (("零工市场建设项目", 1200),),
    ),
    Unit(
        "区生态环境分局",
        "部门",
        1.3,
        ("大气污染防治", "河道断面水质达标", "环保督察反馈问题整改", "餐饮油烟扰民"),
        (("城西黑臭水体治理工程", 7600),),
    ),
    Unit("东城街道办事处", "街道", 0.9, _STREET_TOPICS, ()),
    Unit(
        "区自然资源局",
        "部门",
        1.1,
        ("耕地保护和违法用地整治", "国土空间规划编制", "不动产登记历史遗留问题", "矿山生态修复"),
        (),
    ),
    Unit(
        "区农业农村局",
        "部门",
        1.2,
        ("高标准农田建设", "和美乡村建设", "农产品质量安全", "生猪稳产保供"),
        (("高标准农田建设项目", 13500),),
    ),
    Unit("青山镇人民政府", "乡镇", 0.8, _TOWN_TOPICS, _TOWN_PROJECTS),
    Unit(
        "区水利局",
        "部门",
        1.0,
        ("防汛抗旱准备", "农村饮水安全", "河湖长制落实", "水毁工程修复"),
        (("城区防洪堤加固工程", 21000),),
    ),
    Unit(
        "区城管局",
        "部门",
        1.4,
        ("占道经营整治", "生活垃圾分类", "市政设施维护", "违法建设查处"),
        (("生活垃圾转运站建设", 5400),),
    ),
    Unit(
        "区市场监管局",
        "部门",
        1.1,
        ("食品安全监管", "特种设备安全", "价格监督检查", "消费投诉处理"),
        (),
    ),
    Unit(
        "区应急管理局",
        "部门",
        1.1,
        ("安全生产大检查", "危险化学品安全整治", "森林防火", "应急预案演练"),
        (),
    ),
    Unit("西城街道办事处", "街道", 0.8, _STREET_TOPICS, ()),
    Unit(
        "区民政局",
        "部门",
        1.0,
        ("养老服务体系建设", "低保动态管理", "殡葬改革", "困境儿童保障"),
        (("区社会福利中心建设", 9800),),
    ),
    Unit(
        "区商务局",
        "部门",
        0.9,
        ("促消费活动", "外贸稳增长", "招商引资项目落地", "成品油市场整治"),
        (),
    ),
    Unit("白马镇人民政府", "乡镇", 0.8, _TOWN_TOPICS, _TOWN_PROJECTS),
    Unit(
        "区文旅局",
        "部门",
        0.8,
        ("A级景区创建", "公共文化服务", "文物安全", "文旅融合项目建设"),
        (("古镇文旅街区提升工程", 7200),),
    ),
    Unit(
        "区行政审批局",
        "部门",
        0.8,
        ("政务服务“一网通办”", "企业开办时间压缩", "工程建设项目审批提速"),
        (),
    ),
    Unit("南湖街道办事处", "街道", 0.8, _STREET_TOPICS, ()),
    Unit(
        "区经信局",
        "部门",
        0.9,
        ("工业企业技术改造", "规上工业增加值", "中小企业纾困"),
        (("智能制造产业园标准厂房建设", 26000),),
    ),
    Unit("区信访局", "部门", 0.6, ("信访积案化解", "重复信访治理"), ()),
    Unit("区医保局", "部门", 0.6, ("医保基金监管", "异地就医直接结算"), ()),
    Unit("龙泉乡人民政府", "乡镇", 0.7, _TOWN_TOPICS, _TOWN_PROJECTS),
    Unit("区退役军人事务局", "部门", 0.5, ("退役军人就业创业", "优抚对象帮扶"), ()),
    Unit("区司法局", "部门", 0.5, ("行政复议应诉", "人民调解"), ()),
    Unit("区公安分局", "部门", 0.8, ("城区交通秩序整治", "电信网络诈骗防范"), ()),
    Unit("区统计局", "部门", 0.4, ("统计数据质量核查",), ()),
)


#: The names of the district's own units, in the order of :data:`DISTRICT`.
UNIT_NAMES: tuple[str, ...] = tuple(u.name for u in DISTRICT)

_SYLLABLES = "石桥河源丰安兴和平乐新华永宁长清泉山金柳杨花水云松竹梅兰白沙"


def units(count: int) -> tuple[Unit, ...]:
    """The first ``count`` units of :data:`DISTRICT`; beyond its own, towns (乡镇) named
    ``…镇人民政府`` from place-name syllables, all names distinct."""
    if count <= len(DISTRICT):
        return DISTRICT[:count]
    extra = []
    for i in range(count - len(DISTRICT)):
        a, b = divmod(i, len(_SYLLABLES))
        prefix = _SYLLABLES[a % len(_SYLLABLES)] + _SYLLABLES[b]
        suffix = "" if a < len(_SYLLABLES) else str(a // len(_SYLLABLES) + 1)
        extra.append(Unit(f"{prefix}{suffix}镇人民政府", "乡镇", 0.7, _TOWN_TOPICS, _TOWN_PROJECTS))
    return (*DISTRICT, *extra)


#: People's names for examples and tests, all distinct: the workflow tests cast them as the
#: office's clerk, the leader in charge, and the heads and staff of a lead, a co- and an
#: unrelated unit, in this order; the strategies draw actors' names from them.
PEOPLE: tuple[str, ...] = ("李明", "张建国", "王芳", "赵强", "孙丽", "周杰", "吴刚", "郑敏")

#: Common surnames, from which the simulator makes its people's names.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
#: Characters of given names (one or two make a given name).
GIVEN_NAMES = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玉兰海燕斌鹏宇浩凯晨雪梅琳欣怡嘉俊宏峰"
)
