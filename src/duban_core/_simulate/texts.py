"""The words of the simulated year: who issues documents, how the office urges, why items
are extended, cancelled or sent back. Drawn uniformly; their order is part of every
simulated year (append, never reorder)."""

from __future__ import annotations

from duban_core.events import ReturnKind

#: The district's leaders, in the order the simulator names them: 0 is the 区长, whom
#: instructions come from most often; the others are each in charge of some units.
LEADER_TITLES = ("区长", "常务副区长", "副区长", "副区长", "副区长")
#: Whose decisions and documents 上级重大决策 items carry out (S0-2.1).
SUPERIORS = ("省政府", "市政府", "市政府办公室", "市委、市政府")
#: Media whose reports become 媒体反映的重大问题 items (S1-1.5).
MEDIA = ("《江城日报》", "市广播电视台《问政》栏目", "网络问政平台", "“12345”热线舆情专报", "《江城晚报》")
#: Organisers of inspections, several of them so that 多头督查 can happen (S4-16).
ORGANISERS = ("区政府督查室", "区委督查室", "区人大常委会办公室", "区安委会办公室", "区生态环境保护督察办")
INSPECTION_TOPICS = (
    "重点项目建设进度实地督查",
    "安全生产大检查专项督查",
    "民生实事落实情况督查",
    "环保督察反馈问题整改督查",
    "人大代表建议办理情况视察",
    "防汛准备工作检查",
    "优化营商环境专项督查",
)

#: 催办 methods, ever sterner as an overdue item is chased again (S0-3.3).
URGE_METHODS = (
    "电话催办",
    "下发《督办通知书》",
    "现场督办",
    "提请分管领导督办",
    "约谈单位主要负责人",
)
#: Reasons given with an extension request (S0-4.6, S0-6.2: 涉法涉诉 cases may be extended).
EXTENSION_REASONS = (
    "涉及多部门协调，需进一步会商后形成意见",
    "项目审批手续尚在办理中，需延长办理时间",
    "事项涉法涉诉，需待司法程序终结后办理（S0-6.2）",
    "受连续降雨天气影响，施工工期顺延",
    "需等待上级部门批复",
)
#: Why an item is not taken on the day after its registration (不予立项).
NOT_TAKEN_ON = "经审核不属于督查事项范围，不予立项"
#: Why an assigned item is cancelled (撤销).
CANCEL_REASONS = (
    "情况发生变化，经分管领导同意撤销",
    "与已立项事项重复，合并办理",
    "交办事项已由上级部门统一部署办理",
)
#: The office's reasons for each kind of return (退回, S0-3.5; S4-7(三) 补办或重新办理).
RETURN_REASONS = {
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
#: A construction project's stages, by fifths of completion (工程量, S1-2.4).
PROJECT_STAGES = (
    "前期手续办理",
    "土方开挖和基础施工",
    "主体结构施工",
    "主体封顶",
    "装饰装修和设备安装",
    "竣工验收",
)
