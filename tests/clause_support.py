"""Checking that a text cites a clause in words (the document and article), not by its ID."""

from __future__ import annotations

from typing import Protocol

from duban_core.clauses import cite


class _Explained(Protocol):
    @property
    def explanation(self) -> str: ...

    @property
    def clauses(self) -> tuple[str, ...]: ...


def cites(deadline: _Explained, clause: str) -> bool:
    """``deadline`` names ``clause`` as data and cites it in words in its explanation."""
    return clause in deadline.clauses and cite(clause) in deadline.explanation


def says(text: str, clause: str) -> bool:
    """``text`` cites ``clause`` in words."""
    return cite(clause) in text
