"""The analysis notebook (docs/notebooks/analysis.ipynb) runs, and is stored clean.

It is executed with nbclient in a ``python3`` kernel — ipykernel in this virtual
environment: jupyter_client starts kernels whose command is ``python`` with the interpreter
running the tests — with a timeout, so a notebook that no longer works fails the suite.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"
NOTEBOOK = NOTEBOOKS / "analysis.ipynb"
TIMEOUT = 300  # seconds per cell; the whole notebook takes a few seconds
read_notebook: Callable[..., Any] = nbformat.read  # nbformat is untyped


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_analysis", NOTEBOOKS / "make_analysis.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "clear the outputs before committing"
            assert cell.execution_count is None


def test_the_notebook_is_what_its_script_writes() -> None:
    stored = read_notebook(NOTEBOOK, as_version=4)
    built = _maker().build()
    assert [(c.cell_type, c.source) for c in stored.cells] == [
        (c.cell_type, c.source) for c in built.cells
    ], "docs/notebooks/analysis.ipynb differs from make_analysis.py: edit the script and run it"


def test_the_python3_kernel_is_this_interpreter() -> None:
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.language == "python"
    # "python" in a kernel command is replaced by the running interpreter (this venv's).
    assert spec.argv[0] in ("python", "python3", sys.executable)


def test_the_notebook_runs() -> None:
    notebook = read_notebook(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
    images = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
    assert len(images) == 4, "按时办结率 by unit, the monthly overdue trend, rework rounds, the assessment"
