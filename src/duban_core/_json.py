"""Public records as plain JSON-ready data: :func:`jsonable` and the :data:`Jsonable` type.

The library's records are immutable ``NamedTuple``s (:class:`~duban_core.items.Item`,
:class:`~duban_core.oversight.Alert`, :class:`~duban_core.oversight.Finding`,
:class:`~duban_core.oversight.RegisterRow`, …), frozen dataclasses
(:class:`~duban_core.oversight.Metrics`, :class:`~duban_core.oversight.Assessment`) and
pydantic models (events, :class:`~duban_core.rules.Deadline`, :class:`~duban_core.actors.Actor`).
A JSON encoder that sees a ``NamedTuple`` as a tuple writes a bare array (FastAPI's
``jsonable_encoder`` does), and ``json.dumps`` refuses dates. :func:`jsonable` turns any of
them into dicts keyed by field name, with ISO dates, enums by code and ``Decimal`` as text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, PlainSerializer

from .errors import DubanError

__all__ = ["Jsonable", "jsonable"]


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON-ready data that ``json.dumps`` accepts.

    - pydantic models (events, ``Deadline``, ``Actor``, ``RuleSet``): ``model_dump(mode="json")``;
    - ``NamedTuple`` records (``Item``, ``Alert``, ``Finding``, ``RegisterRow``, …) and
      dataclasses: a dict keyed by field name, field by field; a record with an ``as_dict()``
      (``Metrics``) gives that, derived rates included;
    - enums: their code (``"LEADER_INSTRUCTION"``); ``date``/``datetime``/``time``: ISO 8601;
      ``Decimal``: its text (no binary rounding of 万元 amounts);
    - mappings: dicts with keys made text the same way (a ``Level`` key becomes ``"RED"``);
      lists, tuples and sets: lists (sets sorted, so the output is deterministic).

    Anything else raises :class:`~duban_core.errors.DubanError` (``jsonable.unsupported``).

    >>> from datetime import date
    >>> from duban_core import Category
    >>> jsonable({"due": date(2024, 10, 8), "category": Category.LEADER_INSTRUCTION})
    {'due': '2024-10-08', 'category': 'LEADER_INSTRUCTION'}
    """
    if obj is None or (isinstance(obj, (bool, int, float)) and not isinstance(obj, Enum)):
        return obj
    if isinstance(obj, Enum):
        return jsonable(obj.value)
    if isinstance(obj, str):
        return obj
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, (date, datetime, time)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    as_dict = getattr(obj, "as_dict", None)
    if callable(as_dict) and not isinstance(obj, type):
        return jsonable(as_dict())
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return {name: jsonable(value) for name, value in zip(obj._fields, obj, strict=True)}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {_key(key): jsonable(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(value) for value in obj]
    if isinstance(obj, (set, frozenset)):
        values = [jsonable(value) for value in obj]
        return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    raise DubanError(
        f"无法把 {type(obj).__name__} 转换为 JSON 数据：只支持本库的记录、事件、日期、枚举及其组合",
        code="jsonable.unsupported",
        en=f"cannot make a {type(obj).__name__} JSON-ready; give a record, event, date, enum or a container of them",
    )


def _key(key: Any) -> str:
    value = jsonable(key)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


#: A pydantic-annotated type whose values serialise through :func:`jsonable`: use it as a
#: FastAPI return annotation or a response model's field type (``-> Jsonable``,
#: ``items: list[Jsonable]``) and a record comes out as a JSON object, not a bare array.
Jsonable = Annotated[Any, PlainSerializer(jsonable, return_type=Any)]
