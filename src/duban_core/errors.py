"""The errors duban_core raises on bad input.

Every refusal is a :class:`DubanError` (a :class:`ValueError`, so a host that already
handles ``ValueError`` keeps working) or pydantic's ``ValidationError`` for a malformed
field. Each error carries the clause of the seeds that refused the input, when there is
one, so a host can show the user *which rule* said no.
"""

from __future__ import annotations

__all__ = [
    "CalendarRangeError",
    "ConfigurationError",
    "DubanError",
    "InvalidTransition",
    "RuleViolation",
    "StaleVersion",
    "Unauthorized",
]


class DubanError(ValueError):
    """Base class of every error duban_core raises for input it refuses.

    ``clause`` names the rule (a clause ID of ``domain.md`` such as ``S0-4.6``, or a
    contract rule) that refused the input, or is ``None``.
    """

    def __init__(self, message: str, *, clause: str | None = None) -> None:
        self.message = message
        self.clause = clause
        super().__init__(f"{message} [{clause}]" if clause else message)

    def __reduce__(self) -> tuple[object, ...]:
        # Keep errors picklable (they cross process boundaries in partitioned runs).
        return (_rebuild, (type(self), self.message, self.clause))


def _rebuild(cls: type[DubanError], message: str, clause: str | None) -> DubanError:
    return cls(message, clause=clause)


class InvalidTransition(DubanError):
    """The event is not allowed in the item's current state."""


class Unauthorized(DubanError):
    """The actor may not send this event (wrong role or wrong unit)."""


class RuleViolation(DubanError):
    """The event breaks a rule of the seeds or of the contract (a late extension request,
    unsigned feedback, a project report without figures, an unknown item, …)."""


class StaleVersion(RuleViolation):
    """Optimistic concurrency: the host expected another version of the item."""


class CalendarRangeError(DubanError):
    """A date, or a date reached by counting, lies outside the supported calendar range."""


class ConfigurationError(DubanError):
    """A rule set, rule or calendar override is inconsistent."""
