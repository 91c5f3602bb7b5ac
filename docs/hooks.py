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
from pathlib import Path
from typing import Any

from duban_core import Category, RuleSet, events, machine
from duban_core.machine import State

__all__ = [
    "GENERATORS",
    "on_config",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "remote_references",
    "render_markers",
]

MARKER = re.compile(r"^<!-- duban:([a-z-]+) -->$", re.MULTILINE)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


#: The font the diagrams name (the docs build installs it: fonts-wqy-microhei); a reader's
#: browser falls back to any Chinese sans-serif font it has.
DIAGRAM_FONT = "WenQuanYi Micro Hei"


def _inline_svg(svg: bytes, label: str) -> str:
    """Graphviz's SVG as an inline block: no XML prolog, scaled to the page width."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    text = re.sub(
        r'<svg width="[^"]*" height="[^"]*"', f'<svg role="img" aria-label="{label}"', text, count=1
    )
    return f'<div class="duban-diagram" markdown="0">\n{text.strip()}\n</div>\n'


def state_graph() -> Any:
    """The lifecycle drawn by ``transitions``' own diagram support (``GraphMachine`` with
    Graphviz) from :data:`duban_core.machine.TABLE`, states labelled in Chinese."""
    from transitions.extensions import GraphMachine

    drawn = GraphMachine(
        states=[s.value for s in State],
        initial=State.DRAFTED.value,
        transitions=[
            {
                "trigger": row.event,
                "source": [s.value for s in row.sources],
                "dest": row.dest.value if row.dest else None,
            }
            for row in machine.TABLE
        ],
        auto_transitions=False,
        graph_engine="graphviz",
        title="",
    )
    graph = drawn.get_graph()
    graph.graph_attr.update(fontname=DIAGRAM_FONT)
    graph.node_attr.update(fontname=DIAGRAM_FONT)
    graph.edge_attr.update(fontname=DIAGRAM_FONT, fontsize="10")
    for state in State:
        graph.node(state.value, label=f"{state.value}\n{state.label}")
    return graph


def state_diagram() -> str:
    """The lifecycle as inline SVG drawn at build time (:func:`state_graph`): no script and
    nothing fetched when the page is read (a 政务内网 shows it as it is)."""
    return _inline_svg(state_graph().pipe(format="svg"), "督查事项状态图 state diagram")


def overview_diagram() -> str:
    """How the parts fit: host, ledger, rules, calendar, oversight (inline SVG, Graphviz)."""
    import graphviz

    graph = graphviz.Digraph(graph_attr={"rankdir": "LR", "fontname": DIAGRAM_FONT})
    graph.attr("node", shape="box", style="rounded", fontname=DIAGRAM_FONT)
    graph.attr("edge", fontname=DIAGRAM_FONT, fontsize="10")
    graph.node("host", "宿主应用 host\n(stores events)")
    graph.node("ledger", "Ledger 台账\n(fold)")
    graph.node("rules", "RuleSet 规则集")
    graph.node("calendar", "ChinaCalendar 工作日历")
    graph.node("oversight", "oversight\n预警 · 指标 · 督查发现 · 考核")
    graph.edge("host", "ledger", label="events 事件")
    graph.edge("rules", "ledger")
    graph.edge("calendar", "rules")
    graph.edge("ledger", "oversight", label="items · bulletins")
    graph.edge("ledger", "host", label="stored events\n(with decided due days)")
    return _inline_svg(graph.pipe(format="svg"), "duban_core 结构 overview")


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
    "overview-diagram": overview_diagram,
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


#: A reference the built site must not make: a script, style sheet, image or frame fetched
#: from another host when a page is read — by a tag's ``src``/``href`` or by an inline
#: script or style that imports from an address.
REMOTE = re.compile(
    r"<(?:script|img|iframe)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>"
    r"|\b(?:import|from)\s*\(?\s*[\"'](?:https?:)?//[^\"']*"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//[^\"')]*"
    r"|\b(?:const|let|var)\s+\w+\s*=\s*[\"'](?:https?:)?//[^\"']*\.m?js\b",
    re.IGNORECASE,
)

#: What nbconvert's page template adds to a notebook for MathJax and Mermaid: loaders that
#: fetch their scripts from a CDN (``mkdocs-jupyter`` gives no switch for them). The
#: notebook uses neither (its charts are PNGs drawn at build time), so the notebook pages
#: are served without them; :func:`on_post_build` checks that nothing remote is left.
NOTEBOOK_LOADERS = re.compile(
    r"\s*<!-- Load mathjax -->\s*<script src=\"[^\"]*\">\s*</script>"
    r"|\s*<!-- MathJax configuration -->\s*<script type=\"text/x-mathjax-config\">.*?</script>"
    r"|\s*<script type=\"module\">(?:(?!</script>).)*?mermaid.*?</script>",
    re.DOTALL,
)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """MkDocs event: serve the executed notebook without nbconvert's CDN loaders."""
    if page.file.src_uri.endswith(".ipynb"):
        return NOTEBOOK_LOADERS.sub("", output)
    return output


def remote_references(site_dir: Path) -> list[str]:
    """Every ``file: tag`` of the built site that loads something from another host."""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        for match in REMOTE.finditer(page.read_text(encoding="utf-8")):
            tag = match.group(0)
            if tag.lower().startswith("<link") and not re.search(
                r"stylesheet|preload|modulepreload", tag, re.I
            ):
                continue  # a plain hyperlink relation (canonical, alternate) loads nothing
            found.append(f"{page.relative_to(site_dir)}: {tag[:120]}")
    return found


def on_post_build(config: Any) -> None:
    """MkDocs event: fail the build if any page loads a script, style sheet, image or frame
    from another host (the site is read on a 政务内网 with no internet; everything is drawn
    at build time and served with the site)."""
    from mkdocs.exceptions import PluginError

    found = remote_references(Path(config["site_dir"]))
    if found:
        raise PluginError("remote resources in the built site:\n" + "\n".join(found))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: fill the generated sections of a page."""
    from mkdocs.exceptions import PluginError

    try:
        return render_markers(markdown, page.file.src_uri)
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
