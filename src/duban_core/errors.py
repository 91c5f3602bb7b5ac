"""The errors duban_core raises on bad input.

Every refusal is a :class:`DubanError` (a :class:`ValueError`, so a host that already
handles ``ValueError`` keeps working) or pydantic's ``ValidationError`` for a malformed
field. Each error carries three things a host needs to act on it:

- ``message``: Chinese text a clerk can read and act on (what was wrong, what to do);
- ``code``: a stable, dotted identifier a host can switch on (``"extension.too_late"``); it
  never changes when the wording does. A subclass gives a default (``"invalid_transition"``);
  a raise site gives a more specific one;
- ``clause``: the rule that refused the input (a clause ID such as ``S0-4.6``), or ``None``.

``en`` keeps an English rendering for logs when the raise site gives one (else it is the
Chinese message). ``citation`` is the clause in words (the source document's title and the
article, from :mod:`duban_core.clauses`); ``str(error)`` is the Chinese message followed by
that citation and the clause ID.
"""

from __future__ import annotations

from typing import Any

from .clauses import _cite_or_id

__all__ = [
    "CalendarRangeError",
    "ConfigurationError",
    "DubanError",
    "FormError",
    "InvalidTransition",
    "RuleViolation",
    "StaleVersion",
    "Unauthorized",
]


class DubanError(ValueError):
    """Base class of every error duban_core raises for input it refuses.

    ``message`` is Chinese; ``code`` a stable identifier (the class default when the raise
    site names none); ``clause`` the clause ID of the rule that refused the input, or ``None``;
    ``en`` an English rendering for logs (the message itself when none was given).
    """

    #: The code of errors of this class whose raise site names no more specific one.
    default_code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, clause: str | None = None, en: str | None = None
    ) -> None:
        self.message = message
        self.code = code or self.default_code
        self.clause = clause
        self.en = en or message
        super().__init__(f"{message}（依据{_cite_or_id(clause)}）[{clause}]" if clause else message)

    @property
    def citation(self) -> str | None:
        """The clause in words (``区人民政府《…》第四条第6项``), or ``None`` without a clause."""
        return None if self.clause is None else _cite_or_id(self.clause)

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data for an API response: ``code``, ``clause``,
        ``citation`` (the clause in words), ``message`` (Chinese) and ``en``."""
        return {
            "code": self.code,
            "clause": self.clause,
            "citation": self.citation,
            "message": self.message,
            "en": self.en,
        }

    def prefixed(self, zh: str, en: str) -> DubanError:
        """The same error (class, code, clause and structured fields) with ``zh`` put before
        its message and ``en`` before its English rendering, e.g. to say which event of a
        replayed log was refused."""
        state = self._state()
        state["en"] = en + self.en
        return type(self)(zh + self.message, **state)

    def _state(self) -> dict[str, Any]:
        return {"code": self.code, "clause": self.clause, "en": self.en}

    def __reduce__(self) -> tuple[object, ...]:
        # Keep errors picklable (they cross process boundaries in partitioned runs).
        return (_rebuild, (type(self), self.message, self._state()))


def _rebuild(cls: type[DubanError], message: str, state: dict[str, Any]) -> DubanError:
    return cls(message, **state)


class InvalidTransition(DubanError):
    """The event is not allowed in the item's current state."""

    default_code = "invalid_transition"


class Unauthorized(DubanError):
    """The actor may not send this event (wrong role or wrong unit)."""

    default_code = "unauthorized"


class RuleViolation(DubanError):
    """The event breaks a rule of the seeds or of the contract (a late extension request,
    unsigned feedback, a project report without figures, an unknown item, …)."""

    default_code = "rule_violation"


class StaleVersion(RuleViolation):
    """Optimistic concurrency: the host expected another version of a stream.

    ``stream`` names the stream (an item, bulletin or inspection id), ``expected`` the
    version the host said it had read and ``current`` the version the ledger holds.
    """

    default_code = "stale_version"

    def __init__(
        self,
        message: str,
        *,
        expected: int | None = None,
        current: int | None = None,
        stream: str | None = None,
        code: str | None = None,
        clause: str | None = None,
        en: str | None = None,
    ) -> None:
        super().__init__(message, code=code, clause=clause, en=en)
        self.expected = expected
        self.current = current
        self.stream = stream

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "stream": self.stream,
            "expected": self.expected,
            "current": self.current,
        }

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "expected": self.expected, "current": self.current, "stream": self.stream}


class CalendarRangeError(DubanError):
    """A date, or a date reached by counting, lies outside the supported calendar range."""

    default_code = "calendar_range"


class ConfigurationError(DubanError):
    """A rule set, rule or calendar override is inconsistent."""

    default_code = "configuration"


class FormError(DubanError):
    """A form was refused before any event was built.

    ``code`` says why: ``form.unknown_event`` (no such event type), ``form.not_a_mapping``,
    ``form.server_field`` (the data names a field the host must stamp; ``fields`` lists
    them), ``form.invalid`` (values failed validation; ``errors`` lists each problem with a
    Chinese ``message``, its English ``en``, the field's ``loc`` and Chinese ``title``),
    ``form.bad_stamp`` (the host's own ``by`` or ``at`` is wrong: a bug in the host).
    """

    default_code = "form"

    def __init__(
        self,
        message: str,
        *,
        errors: tuple[dict[str, Any], ...] = (),
        fields: tuple[str, ...] = (),
        code: str | None = None,
        clause: str | None = None,
        en: str | None = None,
    ) -> None:
        super().__init__(message, code=code, clause=clause, en=en)
        self.errors = errors
        self.fields = fields

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "errors": [dict(e) for e in self.errors], "fields": list(self.fields)}

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "errors": self.errors, "fields": self.fields}
