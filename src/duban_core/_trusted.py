"""Building pydantic models from trusted, exactly typed values, without validation.

Hot paths (the simulator's events, the rules' deadlines) build millions of models whose
values the library itself computed. pydantic's ``model_construct`` skips validation but
still loops over the fields looking up aliases and defaults, which costs more than it
saves; :func:`maker` returns a constructor that does only what ``model_construct`` leaves
behind on the instance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["maker", "replaced"]

_M = TypeVar("_M")
_set = object.__setattr__


def maker(cls: type[_M]) -> Callable[..., _M]:
    """A constructor of ``cls`` from trusted, exactly typed field values.

    It does what ``cls.model_construct(**values)`` does — set ``__dict__`` (every field, in
    declaration order, defaults filled in), ``__pydantic_fields_set__``, no extras, no
    private state — without its per-field alias lookups. Nothing is checked: a wrong type
    here would only surface when a reader or a serializer meets it, so callers pass values
    they computed themselves (tests compare what it builds with the validated model).
    """
    fields: dict[str, Any] = cls.__pydantic_fields__  # type: ignore[attr-defined]
    template = {
        name: None if info.is_required() else info.get_default(call_default_factory=True)
        for name, info in fields.items()
    }
    if cls.__pydantic_post_init__ or cls.__private_attributes__:  # type: ignore[attr-defined]
        return cls.model_construct  # type: ignore[attr-defined,no-any-return]  # pragma: no cover
    new = cls.__new__
    # Models built at one call site set the same fields: they share one fields-set object
    # (as duban_core.events.compact does; pydantic copies it before changing a copy's).
    shared: dict[tuple[str, ...], set[str]] = {}

    def make(**values: Any) -> _M:
        data = template.copy()
        data.update(values)
        key = tuple(values)
        names = shared.get(key)
        if names is None:
            names = shared[key] = set(key)
        return _fill(new(cls), data, names)

    return make


def replaced(model: _M, **changes: Any) -> _M:
    """A copy of ``model`` with ``changes`` (trusted values), as ``model.model_copy(update=changes)``
    builds it — the same ``__dict__`` order and fields set — without its deep-copy machinery."""
    cls = type(model)
    if cls.__pydantic_post_init__ or cls.__private_attributes__:  # type: ignore[attr-defined]
        return model.model_copy(update=changes)  # type: ignore[attr-defined,no-any-return]  # pragma: no cover
    data = model.__dict__.copy()
    data.update(changes)
    return _fill(cls.__new__(cls), data, model.__pydantic_fields_set__ | changes.keys())  # type: ignore[attr-defined]


def _fill(obj: _M, data: dict[str, Any], fields_set: set[str]) -> _M:
    """What ``model_construct`` leaves on an instance: its fields, which were set, no extras
    and no private state (the models built here have none)."""
    _set(obj, "__dict__", data)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj
