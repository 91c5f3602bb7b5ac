"""Side-by-side benchmarks of duban_core (issue #6): ``python -m benchmarks`` or
``python3 dev.py bench``.

Each section is a module here defining ``SECTION`` (see :mod:`benchmarks._harness`); list new
ones in :data:`SECTION_MODULES`, in the order they should run and print.
"""

from __future__ import annotations

import importlib

from ._harness import Section

__all__ = ["SECTION_MODULES", "load_sections"]

#: The section modules, in report order.
SECTION_MODULES: tuple[str, ...] = (
    "benchmarks.workdays",
    "benchmarks.lifecycle",
    "benchmarks.memory",
    "benchmarks.eventjson",
    "benchmarks.aggregates",
    "benchmarks.daskpath",
)


def load_sections() -> dict[str, Section]:
    """Every section by name, in report order."""
    sections: dict[str, Section] = {}
    for module_name in SECTION_MODULES:
        section = importlib.import_module(module_name).SECTION
        if not isinstance(section, Section):
            raise TypeError(f"{module_name}.SECTION is not a benchmarks._harness.Section")
        if section.name in sections:
            raise ValueError(f"two sections are named {section.name!r}")
        sections[section.name] = section
    return sections
