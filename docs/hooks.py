"""MkDocs hooks: sections of the site generated from the library at build time.

A page asks for a generated section with a marker on a line of its own, e.g.
``<!-- duban:state-diagram -->``. :func:`on_page_markdown` replaces each marker with the
Markdown the matching generator returns, so the state diagram, the transition table and the
category table are drawn from ``duban_core`` itself and can never drift from the code. An
unknown marker stops the build.

Registered in ``mkdocs.yml`` under ``hooks:``; ``tests/test_docs.py`` calls the same
functions to check the rendered pages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from duban_core import Category, RuleSet, events, machine
from duban_core.machine import State

__all__ = ["GENERATORS", "on_config", "on_page_markdown", "render_markers"]

MARKER = re.compile(r"^<!-- duban:([a-z-]+) -->$", re.MULTILINE)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def state_diagram() -> str:
    """The lifecycle as a Mermaid state diagram: :func:`duban_core.machine.mermaid` verbatim."""
    return "```mermaid\n" + machine.mermaid() + "```\n"


def state_table() -> str:
    """Every state with its Chinese label and what it means for the deadline clock."""
    rows = ["| State | 状态 | 时限计时 clock runs | 已办结 done | 终态 terminal |", "|---|---|---|---|---|"]
    for state in State:
        rows.append(
            f"| `{state.value}` | {state.label} | "
            f"{'✓' if state in machine.CLOCK_STATES else ''} | "
            f"{'✓' if state in machine.DONE_STATES else ''} | "
            f"{'✓' if state in machine.TERMINAL_STATES else ''} |"
        )
    return "\n".join(rows) + "\n"


def transition_table() -> str:
    """:data:`duban_core.machine.TABLE` as a Markdown table, one row per event."""
    rows = [
        "| 事件 event | 环节 | 从 from | 到 to | 谁可以发送 who | 依据 clause |",
        "|---|---|---|---|---|---|",
    ]
    for row in (machine.CREATION, *machine.TABLE):
        label = events.EVENT_TYPES[row.event].label
        # In the enums' order: the table's sources and parties may come from sets.
        sources = "、".join(f"`{s.value}`" for s in State if s in row.sources) or "—（创建 creates）"
        dest = f"`{row.dest.value}`" if row.dest else "（不变 unchanged）"
        who = "、".join(p.label for p in machine.Party if p in row.who)
        rows.append(f"| `{row.event}` | {label} | {sources} | {dest} | {who} | {_cell(row.clause)} |")
    return "\n".join(rows) + "\n"


def event_table() -> str:
    """Every event type with its Chinese label and the first line of its docstring."""
    rows = ["| type | 名称 | what it records |", "|---|---|---|"]
    for name, cls in events.EVENT_TYPES.items():
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        rows.append(f"| [`{name}`][duban_core.events.{name}] | {cls.label} | {_cell(doc)} |")
    return "\n".join(rows) + "\n"


def category_table() -> str:
    """The categories with their default rules (``RuleSet.default()`` in both counting modes)."""
    calendar_rules, working_rules = RuleSet.default(), RuleSet.default(counting="working")
    rows = [
        '| Category | 督查事项类型 | 依据 | 时限（原文） | `counting="calendar"` | `counting="working"` | 进展报告 |',
        "|---|---|---|---|---|---|---|",
    ]
    for category in Category:
        reports = calendar_rules.categories[category].reports
        rows.append(
            f"| `{category.value}` | {category.label} | {category.clause} | {_cell(category.limit_text)} | "
            f"{calendar_rules.rule_for(category).describe()} | {working_rules.rule_for(category).describe()} | "
            f"{reports.describe() if reports is not None else '—'} |"
        )
    return "\n".join(rows) + "\n"


_ROW = re.compile(
    r"^\| (S\d-[^|]*?) \| [^|]* \| (建模|部分建模|不建模) \| [^|]* \| ([^|]*) \|$", re.MULTILINE
)
_TEST = re.compile(r"tests/[\w/]+\.py::\w+")


def traceability_summary(markdown: str) -> str:
    """Counts of the traceability tables on the page: the catalogue's clauses by status (the
    rows above the sub-clause section), the sub-clauses, and the tests named."""
    catalogue, _, sub = markdown.partition("\n## 代码引用的细分条款")
    rows = _ROW.findall(catalogue)
    counts = {status: sum(1 for _, s, _ in rows if s == status) for status in ("建模", "部分建模", "不建模")}
    tests = {t for _, _, cell in _ROW.findall(markdown) for t in _TEST.findall(cell)}
    files = {t.split("::")[0] for t in tests}
    return (
        f"**{len(rows)} catalogue clauses**: {counts['建模']} 建模 modelled, {counts['部分建模']} 部分建模 "
        f"partly modelled, {counts['不建模']} 不建模 out of scope; plus {len(_ROW.findall(sub))} sub-clauses "
        f"the code cites. The tables name {len(tests)} distinct tests in {len(files)} test files.\n"
    )


GENERATORS: dict[str, Callable[[], str]] = {
    "state-diagram": state_diagram,
    "state-table": state_table,
    "transition-table": transition_table,
    "event-table": event_table,
    "category-table": category_table,
}


def render_markers(markdown: str, where: str = "page") -> str:
    """``markdown`` with every ``<!-- duban:NAME -->`` marker replaced by its section."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "traceability-summary":
            return traceability_summary(markdown)
        generator = GENERATORS.get(name)
        if generator is None:
            known = ", ".join(sorted([*GENERATORS, "traceability-summary"]))
            raise ValueError(f"{where}: unknown marker <!-- duban:{name} --> (known: {known})")
        return generator()

    return MARKER.sub(replace, markdown)


def on_config(config: Any) -> None:
    """MkDocs event: keep ``strict`` strict under ``--quiet``.

    ``mkdocs build --quiet`` raises the ``mkdocs`` logger to ERROR, so warnings (a broken
    link, an unresolved API reference) never reach the counter that ``strict`` checks and
    the build passes. With ``strict: true`` warnings must be seen: lower the level back to
    WARNING (INFO messages stay quiet).
    """
    logger = logging.getLogger("mkdocs")
    if config["strict"] and logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: fill the generated sections of a page."""
    from mkdocs.exceptions import PluginError

    try:
        return render_markers(markdown, page.file.src_uri)
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
