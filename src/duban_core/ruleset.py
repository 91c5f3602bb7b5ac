"""The rule set: every configurable rule of the seeds in one serializable object.

:meth:`RuleSet.default` is the seeds' rules (S0-4 time limits, S0-6.3 scoring, S1-2.6
rectification). A host stores its own rule set as JSON and loads it back with
``RuleSet.model_validate_json``. A rule set never moves a deadline already set on an item:
items record the deadline they were given.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal, NoReturn, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._checks import check_date
from ._trusted import replaced
from .calendar import ChinaCalendar, format_day
from .categories import Category
from .clauses import Clause, Document, cite, cite_all
from .errors import ConfigurationError, DubanError, RuleViolation
from .rules import (
    CalendarDays,
    Deadline,
    DeadlineRule,
    Months,
    QuarterEnds,
    ReportSchedule,
    SameDay,
    Stipulated,
    WorkingDays,
)

__all__ = ["CategoryRules", "Counting", "EscalationStep", "RuleSet"]

Counting = Literal["calendar", "working"]

# The deadline cache of one rule set holds at most this many deadlines (about 1.7 KB each
# with its Chinese explanation, so ~55 MB at most); when full it starts afresh. The shared
# RuleSet.default() lives as long as the process and sees every date a host feeds it.
_CACHE_LIMIT = 32_768
_DEFAULTS: dict[tuple[type, str], RuleSet] = {}

_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenDict(dict[_K, _V]):
    """A ``dict`` that refuses every change: the mappings held by a :class:`RuleSet`.

    A subclass of ``dict`` so that it serialises, compares and reads like one (pydantic, JSON,
    ``==``), and pickles and copies as itself. Building a changed rule set goes through
    validation: ``RuleSet(...)`` or ``rules.model_copy(update=...)``.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ConfigurationError(
            "规则集不可修改；请用 rules.model_copy(update={...}) 生成新的规则集"
            "（a RuleSet is immutable: derive a new one with model_copy(update=...)）",
            code="ruleset.immutable",
        )

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict[_K, _V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[_K, _V]:
        return self  # its keys and values are immutable too


def _freeze(value: Mapping[_K, _V]) -> FrozenDict[_K, _V]:
    return value if type(value) is FrozenDict else FrozenDict(value)


class CategoryRules(BaseModel):
    """The rules of one category: its deadline, its rework deadline, its progress reports.

    ``rework`` is the rule for a rework round (退回重办); ``None`` means "the category rule
    when that is a day rule, else the rule set's ``rework_fallback``".
    ``default_due="year_end"`` gives a stipulated category a default date: 31 December of
    the year the item was received (政府工作报告任务, S0-4.2).
    ``label`` and ``clause`` override the category's Chinese label and the clause that sets
    its limit, for a rule set built from another jurisdiction's document (``None``: the
    category's own, :attr:`Category.label` and :attr:`Category.clause`); ``limit_text`` is
    that limit in the document's words.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    deadline: DeadlineRule
    rework: DeadlineRule | None = None
    reports: ReportSchedule | None = None
    default_due: Literal["year_end"] | None = None
    label: str | None = Field(default=None, min_length=1, max_length=100)
    clause: str | None = Field(default=None, min_length=1, max_length=50)
    limit_text: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _default_due_needs_stipulated(self) -> CategoryRules:
        if self.default_due is not None and not isinstance(self.deadline, Stipulated):
            raise PydanticCustomError(
                "default_due_not_stipulated",
                "默认办结时限（default_due）只适用于规定时限（Stipulated）的规则 "
                "(default_due applies only to a Stipulated deadline rule)",
            )
        return self


class EscalationStep(BaseModel):
    """A rung of the escalation ladder for overdue items: from ``after_workdays`` working
    days overdue, the office should take ``action`` (S0-5.1 催办, S1-2.6 通报)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    after_workdays: int = Field(ge=1, le=3650)
    action: str = Field(min_length=1)
    clause: str = Field(min_length=1)


_DEFAULT_ESCALATION = (
    EscalationStep(after_workdays=1, action="电话催办", clause="S0-5.1"),
    EscalationStep(after_workdays=3, action="发督办通知书", clause="S0-5.1"),
    EscalationStep(after_workdays=6, action="提请区政府领导督办", clause="S0-3.3"),
    EscalationStep(after_workdays=10, action="建议书面通报批评", clause="S1-2.6"),
)


@functools.lru_cache(maxsize=64)
def _calendar(holidays: frozenset[tuple[date, str]], workdays: frozenset[date]) -> ChinaCalendar:
    return ChinaCalendar(dict(holidays), workdays)


_PLAIN_CALENDAR = _calendar(frozenset(), frozenset())


class RuleSet(BaseModel):
    """Per-category deadline, rework and reporting rules; counting mode; warning, scoring and
    escalation parameters; calendar overrides. Frozen; round-trips through JSON.

    >>> from datetime import date
    >>> rules = RuleSet.default()
    >>> rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due
    datetime.date(2024, 10, 8)
    >>> RuleSet.default(counting="working").deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due
    datetime.date(2024, 10, 10)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    counting: Counting = "calendar"
    categories: dict[Category, CategoryRules]  # a FrozenDict once validated
    urgent: DeadlineRule = Field(default_factory=SameDay)
    rework_fallback: DeadlineRule = Field(default_factory=lambda: CalendarDays(7))
    warning_workdays: int = Field(default=2, ge=0, le=365)
    warning_share: float | None = Field(default=None, gt=0, lt=1)
    points_per_criticism: int = Field(default=1, ge=0, le=100)
    criticism_blocks_excellent: bool = True
    rectification: CalendarDays = Field(default_factory=lambda: CalendarDays(7))
    #: The longest a deputy's suggestion or a member's proposal may be given, in months from
    #: the day received: three months is the rule, six the ceiling (S0-4.5, national
    #: practice); a stipulated date after it is refused. ``None``: no ceiling. A ceiling
    #: shorter than the category's own month rule counts as that rule (never refusing the
    #: time the rule itself gives).
    proposal_max_months: int | None = Field(default=6, ge=1, le=120)
    escalation: tuple[EscalationStep, ...] = _DEFAULT_ESCALATION
    extra_holidays: dict[date, str] = Field(default_factory=FrozenDict)  # a FrozenDict once validated
    extra_workdays: tuple[date, ...] = ()
    #: What the rule set is (``"区人民政府督查时限"``), shown nowhere but kept for the host.
    name: str = Field(default="", max_length=200)
    #: The host's own clauses (ID → :class:`~duban_core.clauses.Clause`), looked up before the
    #: packaged catalogue when this rule set cites a clause.
    clause_catalogue: dict[str, Clause] = Field(default_factory=FrozenDict)  # a FrozenDict once validated
    #: The host's own source documents (key → :class:`~duban_core.clauses.Document`).
    documents: dict[str, Document] = Field(default_factory=FrozenDict)  # a FrozenDict once validated
    #: The clause that makes an item urgent and due the day it arrives (随到随办).
    urgent_clause: str = Field(default="S0-4.6", min_length=1, max_length=50)
    #: Whether only a 主要领导 decides the extension of a 主要领导's own 批示交办 (an item
    #: whose ``Drafted.instructed_by`` is a 主要领导): the 大安区委 rules send that request to
    #: the 区委主要领导 (S4-20(三)) and every other one to the 分管领导 (S4-20(二)). Off by
    #: default: the district and 安康市 notices say only 经领导批准 (S0-4.6, S0-6.2), so
    #: under them any leader decides, as before; on in the ``"daan"`` preset.
    principal_extensions: bool = False

    _cache: dict[tuple[Any, ...], Deadline] = PrivateAttr(default_factory=dict)

    @field_validator("categories")
    @classmethod
    def _every_category(cls, value: dict[Category, CategoryRules]) -> dict[Category, CategoryRules]:
        missing = [c.value for c in Category if c not in value]
        if missing:
            raise PydanticCustomError(
                "categories_missing",
                "以下督查类别缺少规则：{missing} (rules are missing for categories: {missing})",
                {"missing": ", ".join(missing)},
            )
        return _freeze(value)

    @field_validator("extra_holidays", "clause_catalogue", "documents")
    @classmethod
    def _frozen_mappings(cls, value: dict[Any, Any]) -> dict[Any, Any]:
        return _freeze(value)

    @field_validator("escalation")
    @classmethod
    def _ladder_ascends(cls, value: tuple[EscalationStep, ...]) -> tuple[EscalationStep, ...]:
        steps = [s.after_workdays for s in value]
        if steps != sorted(set(steps)):
            raise PydanticCustomError(
                "escalation_not_increasing",
                "督办梯度各级的逾期工作日数须严格递增 "
                "(escalation steps must have strictly increasing after_workdays)",
            )
        return value

    @model_validator(mode="after")
    def _every_clause_resolves(self) -> RuleSet:
        # A clause this rule set cites must resolve, or an explanation would show a bare ID.
        cited = [self.urgent_clause, *(s.clause for s in self.escalation)]
        cited += [r.clause for r in self.categories.values() if r.clause is not None]
        for clause_id in cited:
            try:
                self.cite(clause_id)
            except DubanError as exc:
                raise PydanticCustomError(
                    exc.code, "{message} ({en})", {"message": exc.message, "en": exc.en}
                ) from None
        return self

    @model_validator(mode="after")
    def _calendar_builds(self) -> RuleSet:
        try:
            self.calendar  # noqa: B018 - builds (and caches) the calendar to validate the overrides
        except DubanError as exc:
            raise PydanticCustomError(
                exc.code, "{message} ({en})", {"message": exc.message, "en": exc.en}
            ) from None
        return self

    def __eq__(self, other: object) -> bool:
        # The deadline cache is not part of a rule set's value.
        return isinstance(other, RuleSet) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def default(cls, counting: Counting = "calendar") -> RuleSet:
        """The seeds' rules (S0-4); one shared instance per counting mode and class.

        Rule sets are frozen and the deadlines they cache are immutable, so sharing one
        instance lets every ledger built with the default rules reuse computed deadlines
        (a cold replay otherwise spends most of its time writing the same explanations).
        """
        if counting not in ("calendar", "working"):
            raise ConfigurationError(
                f"计算方式（counting）应为 'calendar'（按日历日）或 'working'（按工作日），收到的是 {counting!r}",
                code="ruleset.bad_counting",
                en=f"counting must be 'calendar' or 'working', got {counting!r}",
            )
        key = (cls, counting)
        shared = _DEFAULTS.get(key)
        if shared is None:
            shared = _DEFAULTS[key] = cls._build_default(counting)
        return shared

    @classmethod
    def _build_default(cls, counting: Counting) -> RuleSet:
        """The seeds' rules (S0-4).

        5日 for superior decisions (S0-4.1) and leaders' instructions (S0-4.4), 7日 for
        meeting decisions (S0-4.3), the year's end with quarterly progress reports for
        work-report tasks (S0-4.2), 3 months for deputies' suggestions (S0-4.5, national
        practice), a stipulated date for media issues and other assigned items (S0-4.6).
        ``counting="working"`` counts the 5日/7日 limits in working days.
        """
        return cls(
            counting=counting,
            categories={
                Category.SUPERIOR_DECISION: CategoryRules(deadline=CalendarDays(5)),
                Category.WORK_REPORT_TASK: CategoryRules(
                    deadline=Stipulated(), reports=QuarterEnds(), default_due="year_end"
                ),
                Category.MEETING_DECISION: CategoryRules(deadline=CalendarDays(7)),
                Category.LEADER_INSTRUCTION: CategoryRules(deadline=CalendarDays(5)),
                Category.DEPUTY_PROPOSAL: CategoryRules(deadline=Months(3)),
                Category.MEDIA_ISSUE: CategoryRules(deadline=Stipulated()),
                Category.OTHER_ASSIGNED: CategoryRules(deadline=Stipulated()),
            },
        )

    @classmethod
    def preset(cls, name: str, counting: Counting = "calendar") -> RuleSet:
        """A named rule set built from one seed document (see :mod:`duban_core.presets`):
        ``"district"`` (the 区人民政府 notice, the default), ``"ankang"`` (安康市) or
        ``"daan"`` (大安区委)."""
        from .presets import preset

        return preset(name, counting=counting)

    # -- words --------------------------------------------------------------------------------

    def label(self, category: Category) -> str:
        """The category's label in this rule set (an override, else :attr:`Category.label`)."""
        category = _category(category)
        return self.categories[category].label or category.label

    def clause_for(self, category: Category) -> str:
        """The clause that sets the category's limit in this rule set."""
        category = _category(category)
        return self.categories[category].clause or category.clause

    def limit_text(self, category: Category) -> str:
        """The category's limit in the words of this rule set's source."""
        category = _category(category)
        return self.categories[category].limit_text or category.limit_text

    def cite(self, clause_id: str, *, short: bool = False) -> str:
        """The clause in words, from this rule set's own catalogue first, then the packaged one
        (:func:`duban_core.clauses.cite`)."""
        return cite(clause_id, short=short, catalogue=self.clause_catalogue, documents=self.documents)

    def cite_all(self, clause_ids: tuple[str, ...] | list[str], *, short: bool = False) -> str:
        """Several clauses in words (:func:`duban_core.clauses.cite_all`)."""
        return cite_all(clause_ids, short=short, catalogue=self.clause_catalogue, documents=self.documents)

    # -- the calendar -----------------------------------------------------------------------

    @property
    def calendar(self) -> ChinaCalendar:
        """The working-day calendar with this rule set's overrides."""
        if not self.extra_holidays and not self.extra_workdays:  # most rule sets: no sets to build
            return _PLAIN_CALENDAR
        try:
            return _calendar(frozenset(self.extra_holidays.items()), frozenset(self.extra_workdays))
        except TypeError as exc:  # an unhashable override slipped past validation
            raise ConfigurationError(
                f"日历调整项无效：{exc}", code="calendar.bad_override", en=f"invalid calendar override: {exc}"
            ) from None

    # -- rules in force ---------------------------------------------------------------------

    def _effective(self, rule: DeadlineRule) -> DeadlineRule:
        # counting="working" turns the set's N日 rules into N工作日 rules.
        if self.counting == "working" and isinstance(rule, CalendarDays):
            return WorkingDays(rule.days)
        return rule

    def rule_for(self, category: Category, *, urgent: bool = False) -> DeadlineRule:
        """The deadline rule in force for a new item of ``category``."""
        if urgent:
            return self._effective(self.urgent)
        return self._effective(self.categories[_category(category)].deadline)

    def rework_rule_for(self, category: Category, *, urgent: bool = False) -> DeadlineRule:
        """The deadline rule for a rework round (退回重办) of an item of ``category``.

        An urgent item's round counts like its first limit when that is a span of days (随到随办,
        S0-4.6). Where the rule set leaves an urgent item's limit to the date fixed for it
        (``urgent=Stipulated()``: 安康市 S1-2.4, 大安区委 S4-17) there is no span to count again,
        so the round takes the category's rework rule, as a non-urgent item's does."""
        if urgent and isinstance(self.urgent, (CalendarDays, WorkingDays, SameDay)):
            return self._effective(self.urgent)
        rules = self.categories[_category(category)]
        if rules.rework is not None:
            return self._effective(rules.rework)
        if isinstance(rules.deadline, (CalendarDays, WorkingDays, SameDay)):
            return self._effective(rules.deadline)
        return self._effective(self.rework_fallback)

    # -- deadlines --------------------------------------------------------------------------

    def deadline(
        self,
        category: Category,
        received: date,
        *,
        urgent: bool = False,
        stipulated: date | None = None,
    ) -> Deadline:
        """The deadline of an item of ``category`` received on ``received``.

        Precedence: a ``stipulated`` date (a leader set the limit) over 随到随办 for
        ``urgent`` items (S0-4.6) over the category's rule (S0-4).
        """
        cache: dict[tuple[Any, ...], Deadline] = self.__pydantic_private__["_cache"]  # type: ignore[index]
        # Exact types only on the fast path: ``urgent=1`` must not hit a cached ``True``.
        if (
            type(category) is Category
            and type(received) is date
            and type(urgent) is bool
            and (stipulated is None or type(stipulated) is date)
        ):
            hit = cache.get(("new", category, received, urgent, stipulated))
            if hit is not None:
                return hit
        category = _category(category)
        received = check_date(received, "received")
        urgent = _check_bool(urgent, "urgent")
        if stipulated is not None:
            stipulated = check_date(stipulated, "stipulated")
        key = ("new", category, received, urgent, stipulated)
        label, clause = self.label(category), self.clause_for(category)
        cited: tuple[str, ...] | None = None  # the clauses the explanation cites, when more than one
        if stipulated is not None:
            basis = (
                f"依据{self.cite(clause)}（{label}：{self.limit_text(category)}）；"
                "本事项交办时另行规定了办理时限，以规定时限为准"
            )
            result = Stipulated().due(received, self.calendar, stipulated=stipulated)
        elif urgent:
            # One sentence: which clause, why this item, then the day (the rule adds "随到随办").
            clause = self.urgent_clause
            urgent_rule = self.rule_for(category, urgent=True)
            if isinstance(urgent_rule, Stipulated):
                raise RuleViolation(
                    f"本规则集中紧急事项的办理时限须另行规定（{label}）：交办时请填写规定办结日期（Drafted.stipulated_due）",
                    code="deadline.stipulated_missing",
                    clause=clause,
                    en=f"{category.value}: urgent items need a stipulated_due date under this rule set",
                )
            result = urgent_rule.due(received, self.calendar)
            basis = f"依据{self.cite(clause)}，紧急事项（本事项属“{label}”类）"
            return self._remember(key, result.with_basis(basis, clause, sep=""))
        else:
            rule = self.rule_for(category)
            basis = f"依据{self.cite(clause)}（{label}：{self.limit_text(category)}）"
            if rule != self.categories[category].deadline:
                basis += f"；本规则集按工作日计算期限，{self.categories[category].deadline.describe()}按{rule.describe()}计"
            default = None
            if isinstance(rule, Stipulated):
                if self.categories[category].default_due == "year_end":
                    default = date(received.year, 12, 31)
                    # The seeds fix no date for 政府工作报告任务 (S0-4.2 "规定时间内"): 31 Dec is
                    # this library's assumption, and it deliberately does not roll off a rest
                    # day, which would carry a year's task into the next assessment year (S0-6.3).
                    basis += (
                        "；交办时未另行规定时限。文件对此类事项未规定具体日期，本库假定为当年12月31日"
                        "（本库的默认假定，交办时规定了时限的以规定为准）；该日为休息日的不顺延，"
                        f"以免当年任务跨入下一年度的目标考核（{self.cite('S0-6.3', short=True)}）"
                    )
                    cited = (clause, "S0-6.3")
                else:
                    raise RuleViolation(
                        f"{label}的办理时限须另行规定：请在拟办时填写规定办结日期（Drafted.stipulated_due）",
                        code="deadline.stipulated_missing",
                        clause=clause,
                        en=f"{category.value}: a stipulated_due date is required for this category",
                    )
            result = rule.due(received, self.calendar, stipulated=default)
        return self._remember(key, result.with_basis(basis, clause, cited))

    def rework_deadline(
        self,
        category: Category,
        returned_on: date,
        *,
        urgent: bool = False,
        kind: str = "REDO",
        in_force: date | None = None,
    ) -> Deadline:
        """The deadline of a rework round starting ``returned_on``.

        ``kind`` is how the report went back (a :class:`~duban_core.events.ReturnKind` value):
        ``"SUPPLEMENT"`` 补办 and ``"REDO"`` 重新办理 (审查不相符, S0-3.4, S4-7(三)), or
        ``"LEADER_FOLLOW_UP"`` 领导批示再督查 (S0-3.5); the explanation cites the matching
        clause. ``in_force`` is the due day in force when the report went back: rework never
        shortens the time a unit is entitled to, so the due day is the later of the rework
        rule counted from ``returned_on`` and ``in_force`` (S0-3.4, S4-7).
        """
        cache: dict[tuple[Any, ...], Deadline] = self.__pydantic_private__["_cache"]  # type: ignore[index]
        if type(kind) is not str:  # a ReturnKind member (getattr on a str would raise inside)
            kind = getattr(kind, "value", kind)
        if (
            type(category) is Category
            and type(returned_on) is date
            and type(urgent) is bool
            and type(kind) is str
            and (in_force is None or type(in_force) is date)
        ):
            hit = cache.get(("rework", category, returned_on, urgent, kind, in_force))
            if hit is not None:
                return hit
        category = _category(category)
        returned_on = check_date(returned_on, "returned_on")
        urgent = _check_bool(urgent, "urgent")
        if not isinstance(kind, str) or kind not in _REWORK_BASIS:
            raise DubanError(
                f"退回方式须为{'、'.join(_REWORK_BASIS)}之一，现为{kind!r}",
                code="rework.kind",
                clause="S4-7",
                en=f"kind must be one of {', '.join(_REWORK_BASIS)}, got {kind!r}",
            )
        if in_force is not None:
            in_force = check_date(in_force, "in_force")
        key = ("rework", category, returned_on, urgent, kind, in_force)
        rule = self.rework_rule_for(category, urgent=urgent)
        why, cited = _REWORK_BASIS[kind]
        basis = (
            f"依据{self.cite_all(cited)}（{why}）；"
            f"本事项属“{self.label(category)}”类，自退回之日起按{rule.describe()}重新计算办理时限"
        )
        result = rule.due(returned_on, self.calendar).with_basis(basis, cited[0], cited)
        if in_force is not None and result.due < in_force:
            # 退回不缩短原有办理时间: keep the due day in force (S0-3.4, S4-7).
            result = replaced(
                result,
                due=in_force,
                provisional=result.provisional or self.calendar.is_provisional(in_force),
                explanation=(
                    f"{result.explanation}；但该日早于退回时有效的期限{format_day(in_force)}，"
                    f"退回重办不缩短承办单位原有的办理时间，期限仍为{format_day(in_force)}"
                    f"（依据{self.cite_all(_NEVER_SHORTER, short=True)}）"
                ),
                clauses=tuple(dict.fromkeys((*cited, *_NEVER_SHORTER))),
            )
        return self._remember(key, result)

    def rectification_due(self, issued_on: date) -> Deadline:
        """When the 整改报告 for a criticism issued on ``issued_on`` is due: one calendar week
        (S1-2.6), whatever the counting mode."""
        issued_on = check_date(issued_on, "issued_on")
        key = ("rectify", issued_on)
        hit: Deadline | None = self.__pydantic_private__["_cache"].get(key)  # type: ignore[index]
        if hit is not None:
            return hit
        result = self.rectification.due(issued_on, self.calendar).with_basis(
            f"依据{self.cite('S1-2.6')}（被通报单位须在自通报之日起的一周内形成书面整改报告）", "S1-2.6"
        )
        return self._remember(key, result)

    def report_dates(self, category: Category, start: date, end: date) -> list[date]:
        """The days progress reports of ``category`` fall due between ``start`` and ``end``
        (S0-4.2 每季度末; S4-23/S4-24 where configured); empty when it has no schedule."""
        schedule = self.categories[_category(category)].reports
        return [] if schedule is None else schedule.dates(start, end, self.calendar)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> RuleSet:
        """A rule set like this one with the fields in ``update`` changed — **validated**.

        pydantic's own ``model_copy`` trusts ``update`` and skips validation; a rule set is
        configuration a host derives at run time, so here ``update`` is validated like the
        constructor's arguments (``warning_workdays=-100`` or ``categories={}`` raise
        pydantic's ``ValidationError``) and the copy starts with an empty deadline cache.
        The fields the original set explicitly stay explicitly set. (``copy.copy`` and
        ``copy.deepcopy`` return the rule set itself: it is immutable.)
        """
        data = {name: self.__dict__[name] for name in self.model_fields_set}
        data.update(update or {})
        return type(self).model_validate(data)

    def __copy__(self) -> RuleSet:
        return self  # immutable, and the deadline cache depends only on the rules

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> RuleSet:
        return self

    def _remember(self, key: tuple[Any, ...], deadline: Deadline) -> Deadline:
        # Deadlines are immutable and depend only on the key, so sharing them is safe.
        cache: dict[tuple[Any, ...], Deadline] = self.__pydantic_private__["_cache"]  # type: ignore[index]
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = deadline
        return deadline


#: Why a rework round gets a new deadline, by how the report went back: what the clauses say,
#: and the clauses (the first is the one that sets the new limit).
_REWORK_BASIS: dict[str, tuple[str, tuple[str, ...]]] = {
    "SUPPLEMENT": ("督办结果不符合要求的，通知承办单位补办：退回补办", ("S4-7(三)",)),
    "REDO": (
        "经审查不相符的，发出《重新办理通知》，退回承办单位重新办理",
        ("S0-3.4", "S4-7(三)"),
    ),
    "LEADER_FOLLOW_UP": (
        "领导同志对办理报告有批示、指示要求的，按督查程序再督查、再落实，直至办结",
        ("S0-3.5",),
    ),
}

#: The clauses behind "rework never shortens the time in force": a return restarts the work,
#: it does not take time away from the unit (S0-3.4 重新办理, S4-7 通知补办或重新办理).
_NEVER_SHORTER = ("S0-3.4", "S4-7")


def _check_bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise DubanError(
            f"{what} 应为 True 或 False，收到的是 {type(value).__name__} {value!r}",
            code="input.not_a_bool",
            en=f"{what} must be True or False, got {type(value).__name__} {value!r}",
        )
    return value


def _category(value: Any) -> Category:
    if type(value) is Category:
        return value
    try:
        return Category(value)
    except (ValueError, TypeError):
        raise DubanError(
            f"未知的事项类别 {value!r}；可选：{'、'.join(f'{c.value}（{c.label}）' for c in Category)}",
            code="category.unknown",
            en=f"unknown category {value!r}; expected one of {', '.join(c.value for c in Category)}",
        ) from None
