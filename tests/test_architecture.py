"""The layers depend one way (docs/architecture.md): Base ← Time ← Decide ← Fold ← Oversight ←
Kits ← Edge. Every module's imports (outside ``if TYPE_CHECKING:``) are read from its source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import duban_core

ROOT = Path(duban_core.__file__).parent

LAYERS: dict[str, int] = {
    **dict.fromkeys(("errors", "actors", "_trusted", "_enums", "_text", "clauses", "district"), 0),  # Base
    **dict.fromkeys(("calendar", "clock", "categories", "rules", "ruleset", "presets", "_checks"), 1),  # Time
    **dict.fromkeys(("machine", "events", "forms"), 2),  # Decide
    **dict.fromkeys(("ledger", "_handlers", "_record", "items", "history"), 3),  # Fold
    "oversight": 4,
    **dict.fromkeys(
        ("strategies", "_strategies", "simulate", "_simulate", "batch", "sharding", "dask"), 5
    ),  # Kits
    **dict.fromkeys(("cli", "__main__", "_json"), 6),  # Edge
}
NAMES = ("Base", "Time", "Decide", "Fold", "Oversight", "Kits", "Edge")
#: The contract's four convenience methods: ``Ledger.alerts/metrics/findings/assess``.
ALLOWED = {("ledger", "oversight")}


def _part(module: str) -> str:
    """``duban_core.oversight.alerts`` → ``oversight``; ``duban_core`` (the façade) → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _submodule(package: str, name: str) -> str:
    """``from . import x``: the module ``package.x`` if there is one, else the package."""
    folder = ROOT.joinpath(*package.split(".")[1:])
    is_module = (folder / f"{name}.py").exists() or (folder / name).is_dir()
    return f"{package}.{name}" if is_module else package


def _imports(path: Path, package: list[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
                names = [name] if node.module else [_submodule(name, a.name) for a in node.names]
            else:
                names = [node.module or ""]
            out.update(n for n in names if n.split(".")[0] == "duban_core")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "duban_core")
    return out


MODULES = sorted(p for p in ROOT.rglob("*.py") if p.name != "__init__.py" or p.parent != ROOT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    relative = path.relative_to(ROOT).with_suffix("").parts
    package = ["duban_core", *relative[:-1]]
    own = relative[0]
    assert own in LAYERS, f"{own} has no layer in docs/architecture.md"
    for name in _imports(path, package):
        other = _part(name)
        if other in ("", own):
            assert other == own or LAYERS[own] >= LAYERS["strategies"], f"{own} imports the package façade"
            continue
        assert other in LAYERS, f"{other} has no layer"
        if (own, other) in ALLOWED:
            continue
        assert LAYERS[other] <= LAYERS[own], (
            f"{own} ({NAMES[LAYERS[own]]}) imports {name} ({NAMES[LAYERS[other]]}): arrows point down only"
        )


def test_every_module_has_a_layer() -> None:
    parts = {
        p.relative_to(ROOT).parts[0].removesuffix(".py")
        for p in ROOT.iterdir()
        if p.suffix == ".py" or p.is_dir()
    }
    parts -= {"__init__", "__pycache__", "py.typed"}
    assert parts <= set(LAYERS), parts - set(LAYERS)


#: The simulator's modules (``duban_core/_simulate``), each importing only those before it:
#: the table and the words, the state of a run, then the phases of an item's life in order,
#: the item's whole life, the office's bulletins and inspections, and the day loop.
SIMULATE_ORDER = (
    "profiles",
    "texts",
    "draws",
    "makers",
    "schedule",
    "world",
    "item",
    "registration",
    "assignment",
    "handling",
    "extensions",
    "closing",
    "review",
    "lifecycle",
    "bulletins",
    "inspections",
    "year",
)


def test_the_simulators_phases_depend_one_way() -> None:
    folder = ROOT / "_simulate"
    assert {p.stem for p in folder.glob("*.py")} - {"__init__"} == set(SIMULATE_ORDER)
    for rank, name in enumerate(SIMULATE_ORDER):
        for imported in _imports(folder / f"{name}.py", ["duban_core", "_simulate"]):
            parts = imported.split(".")
            if parts[1] != "_simulate":
                continue
            assert len(parts) == 3, imported
            assert parts[2] in SIMULATE_ORDER[:rank], f"_simulate.{name} imports {imported}"
