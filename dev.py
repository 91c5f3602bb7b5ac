#!/usr/bin/env python3
"""Developer entry point; needs nothing but ``python3`` (3.10+).

    python3 dev.py demo [ARGS...]   set up .venv, then run ``python -m duban_core demo ARGS``
    python3 dev.py test             set up .venv, then ruff, mypy --strict, pytest and the docs build
                                    (installs graphviz and fonts-wqy-microhei with apt-get if missing)
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


#: What the docs build needs from the system: Graphviz's ``dot`` draws the state diagram at
#: build time; a CJK font draws the notebook charts' Chinese labels (a missing glyph fails the
#: build). Debian/Ubuntu package names.
APT_PACKAGES = ("graphviz", "fonts-wqy-microhei")
CJK_FONT_GLOBS = (
    "/usr/share/fonts/**/wqy-microhei*",
    "/usr/share/fonts/**/*CJK*",
    "/usr/share/fonts/**/*SourceHanSans*",
    "/usr/local/share/fonts/**/*CJK*",
    os.path.expanduser("~/.local/share/fonts/**/*CJK*"),
)


def _has_cjk_font() -> bool:
    return any(glob.glob(pattern, recursive=True) for pattern in CJK_FONT_GLOBS)


def _loud(message: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n{message}\n{bar}\n", file=sys.stderr, flush=True)


def ensure_system_packages() -> None:
    """Install Graphviz and a CJK font with apt-get when they are missing (CI runs as root
    on a fresh Debian machine); say loudly what to install when that is impossible."""
    missing = []
    if shutil.which("dot") is None:
        missing.append("graphviz")
    if not _has_cjk_font():
        missing.append("fonts-wqy-microhei")
    if not missing:
        return
    apt = shutil.which("apt-get")
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    sudo = [] if root else (["sudo", "-n"] if shutil.which("sudo") else None)
    if apt is None or sudo is None:
        _loud(
            f"The docs build needs {', '.join(missing)} (Graphviz's dot for the state diagram, a "
            "CJK font for the notebook charts) and they cannot be installed here.\n"
            f"Install them, e.g.: sudo apt-get install -y {' '.join(missing)}  (macOS: brew "
            "install graphviz, and any CJK font such as Noto Sans CJK). The build will fail without."
        )
        return
    print(f"installing {', '.join(missing)} with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    ok = subprocess.run([*sudo, apt, "update", "-q"], env=env).returncode == 0
    ok = ok and (
        subprocess.run(
            [*sudo, apt, "install", "-y", "-q", "--no-install-recommends", *missing], env=env
        ).returncode
        == 0
    )
    if not ok:
        _loud(
            f"apt-get could not install {' '.join(missing)}; the docs build will fail without them. "
            f"Install them by hand: apt-get install -y {' '.join(missing)}"
        )


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in EXTRAS:
        sys.exit(__doc__)
    job, rest = argv[0], argv[1:]
    ensure_venv(EXTRAS[job])
    if job in ("test", "docs"):
        ensure_system_packages()
    if job == "demo":
        run(PY, "-m", "duban_core", "demo", *rest)
    elif job == "test":
        run(PY, "-m", "ruff", "check", "src", "tests", "benchmarks", "fuzz", "dev.py")
        run(PY, "-m", "ruff", "format", "--check", "src", "tests", "benchmarks", "fuzz", "dev.py")
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
