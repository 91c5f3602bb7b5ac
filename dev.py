#!/usr/bin/env python3
"""Developer entry point; needs nothing but ``python3`` (3.10+).

    python3 dev.py demo [ARGS...]   set up .venv, then run ``python -m duban_core demo ARGS``
    python3 dev.py test             set up .venv (and, as root on Debian, the system packages the
                                    reference host application's tests need), then ruff,
                                    mypy --strict, pytest and the docs build
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

# Debian packages the tests of the reference host application (examples/host_app) need: a
# PostgreSQL server (the tests start a throwaway cluster of their own) and a headless
# browser with its WebDriver. Each with a file that shows it is installed.
SYSTEM_PACKAGES = {
    "postgresql": "/usr/lib/postgresql/*/bin/initdb",
    "chromium": "/usr/bin/chromium",
    "chromium-driver": "/usr/bin/chromedriver",
}


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


def ensure_system_packages() -> None:
    """Install the missing SYSTEM_PACKAGES with apt-get (as root on Debian; about a minute on
    a fresh machine, nothing when they are there). Once they are there, the tests that need
    them must run: DUBAN_REQUIRE_SYSTEM_PACKAGES=1 turns their skip into a failure."""
    missing = [name for name, marker in SYSTEM_PACKAGES.items() if not glob.glob(marker)]
    if missing:
        root = getattr(os, "geteuid", lambda: -1)() == 0
        if not root or shutil.which("apt-get") is None:
            banner = "!" * 78
            print(
                f"{banner}\nCannot install {', '.join(missing)} (needs root and apt-get): the "
                f"PostgreSQL and browser tests of examples/host_app will be SKIPPED.\n{banner}",
                flush=True,
            )
            return
        os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")
        run("apt-get", "update", "-q")
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing)
    os.environ["DUBAN_REQUIRE_SYSTEM_PACKAGES"] = "1"


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in EXTRAS:
        sys.exit(__doc__)
    job, rest = argv[0], argv[1:]
    ensure_venv(EXTRAS[job])
    if job == "demo":
        run(PY, "-m", "duban_core", "demo", *rest)
    elif job == "test":
        ensure_system_packages()
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
