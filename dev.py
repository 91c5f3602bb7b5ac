#!/usr/bin/env python3
"""Developer entry point; needs nothing but ``python3`` (3.10+).

    python3 dev.py demo [ARGS...]   set up .venv, then run ``python -m duban_core demo ARGS``
    python3 dev.py test             set up .venv (and, as root on Debian, the system packages the
                                    tests and the docs build need), then ruff, mypy --strict,
                                    pytest and the docs build
    python3 dev.py bench [ARGS...]  set up .venv, then run the side-by-side benchmarks
    python3 dev.py fuzz [ARGS...]   set up .venv, then run the fuzz harness (see fuzz/README.md)

The virtual environment is created in ``.venv`` and reinstalled only when ``pyproject.toml``
changes. This file is the edge of the project: it is the only place that runs subprocesses.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".duban-installed"

# The demo needs only the runtime dependencies; everything else needs the dev extra.
EXTRAS = {"demo": "", "test": "[dev]", "bench": "[dev]", "fuzz": "[dev,fuzz]", "docs": "[dev]"}

# What ruff checks and formats.
LINTED = ("src", "tests", "benchmarks", "fuzz", "examples", "dev.py")

# Debian packages the tests and the docs build need, each with the files that show it is
# installed. The reference host application's tests (examples/host_app) start a throwaway
# PostgreSQL cluster of their own and drive a headless browser through its WebDriver; the
# docs build draws the state diagram with Graphviz's dot and the notebook charts' Chinese
# labels with a CJK font (a missing glyph fails the build).
SYSTEM_PACKAGES: dict[str, tuple[str, ...]] = {
    "postgresql": ("/usr/lib/postgresql/*/bin/initdb",),
    "chromium": ("/usr/bin/chromium",),
    "chromium-driver": ("/usr/bin/chromedriver",),
    "graphviz": ("/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"),
    "fonts-wqy-microhei": (
        "/usr/share/fonts/**/wqy-microhei*",
        "/usr/share/fonts/**/*CJK*",
        "/usr/share/fonts/**/*SourceHanSans*",
        "/usr/local/share/fonts/**/*CJK*",
        os.path.expanduser("~/.local/share/fonts/**/*CJK*"),
    ),
}
#: Which of them each job needs.
SYSTEM_NEEDS = {"test": tuple(SYSTEM_PACKAGES), "docs": ("graphviz", "fonts-wqy-microhei")}


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    # mkdocs-material prints a banner about its successor on every build; it is noise here.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"duban_core needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    have = STAMP.read_text().split() if STAMP.exists() else []
    if wanted in have:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", f".{extras}")
    STAMP.write_text(" ".join([*have, wanted]))


def _installed(package: str) -> bool:
    return any(glob.glob(marker, recursive=True) for marker in SYSTEM_PACKAGES[package])


def ensure_system_packages(job: str) -> None:
    """Install the system packages ``job`` needs with apt-get when they are missing (as root
    on Debian; about a minute on a fresh machine, nothing when they are there). Once they are
    there, the tests that need them must run: DUBAN_REQUIRE_SYSTEM_PACKAGES=1 turns their skip
    into a failure. Where they cannot be installed, say so loudly."""
    missing = [name for name in SYSTEM_NEEDS.get(job, ()) if not _installed(name)]
    if missing:
        root = getattr(os, "geteuid", lambda: -1)() == 0
        if not root or shutil.which("apt-get") is None:
            banner = "!" * 78
            print(
                f"{banner}\nCannot install {', '.join(missing)} (needs root and apt-get): the "
                "PostgreSQL and browser tests of examples/host_app will be SKIPPED and the docs "
                "build (state diagram, Chinese chart labels) will FAIL without them.\n"
                f"Install them by hand, e.g.: sudo apt-get install -y {' '.join(missing)}\n{banner}",
                flush=True,
            )
            return
        os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")
        run("apt-get", "update", "-q")
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing)
    if job == "test":
        os.environ["DUBAN_REQUIRE_SYSTEM_PACKAGES"] = "1"


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in EXTRAS:
        sys.exit(__doc__)
    job, rest = argv[0], argv[1:]
    ensure_venv(EXTRAS[job])
    ensure_system_packages(job)
    if job == "demo":
        run(PY, "-m", "duban_core", "demo", *rest)
    elif job == "test":
        run(PY, "-m", "ruff", "check", *LINTED)
        run(PY, "-m", "ruff", "format", "--check", *LINTED)
        run(PY, "-m", "mypy")
        run(PY, "-m", "pytest", *rest)
        if (ROOT / "mkdocs.yml").exists():
            run(PY, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(ROOT / ".site"))
    elif job == "docs":
        run(PY, "-m", "mkdocs", *(rest or ["serve"]))
    elif job == "bench":
        run(PY, "-m", "benchmarks", *rest)
    elif job == "fuzz":
        run(PY, "fuzz/fuzz_ledger.py", *rest)


if __name__ == "__main__":
    main(sys.argv[1:])
