"""The one labelled-enum base: string enums whose members carry a Chinese ``label``.

Every enum of the library that a clerk reads (roles, categories, states, parties, return
kinds, traffic lights, …) is a :class:`LabelledEnum`: its values are stable English
identifiers (what the event log stores), its labels Chinese. A subclass gives its labels
once, right after the class, with :func:`labelled`; an enum with a member missing a label
fails at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

__all__ = ["LabelledEnum", "labelled"]


class LabelledEnum(str, Enum):
    """A ``str`` enum whose members have a Chinese :attr:`label`."""

    # Stored on each member: members of different enums with the same value compare equal
    # as strings (State.ASSIGNED == ChangeKind.ASSIGNED), so one shared table cannot hold both.
    _label: str

    @property
    def label(self) -> str:
        """The member's name in Chinese."""
        return self._label


def labelled(cls: type[LabelledEnum], labels: Mapping[LabelledEnum, str]) -> None:
    """Give every member of ``cls`` its Chinese label (all of them, and only them)."""
    members = list(cls)
    if len(labels) != len(members) or any(type(m) is not cls for m in labels):
        missing = sorted(m.value for m in members if all(m is not k for k in labels))
        raise TypeError(f"{cls.__name__}: labels must name every member exactly; missing {missing}")
    for member, text in labels.items():
        member._label = text
