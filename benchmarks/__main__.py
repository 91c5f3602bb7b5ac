"""``python -m benchmarks [SECTION ...] [--quick] [--markdown PATH]``.

Runs the named sections (default: all), checking correctness on each section's inputs
before timing, and prints one table of timings and ratios. ``--quick`` is a smoke run with
tiny inputs whose figures are not judged. The exit status is 1 when a full run misses a
target (a failed correctness check raises before anything is printed for that section).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from . import load_sections
from ._harness import Config, SectionResult, machine_info, render_markdown, render_text


def run(names: Sequence[str], config: Config, *, progress: bool = True) -> list[SectionResult]:
    """Run the sections ``names`` (all when empty) with ``config``; the results in order."""
    sections = load_sections()
    unknown = [n for n in names if n not in sections]
    if unknown:
        raise SystemExit(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(sections)}")
    results = []
    for name, section in sections.items():
        if names and name not in names:
            continue
        if progress:
            print(f"running {name}: {section.title} …", file=sys.stderr, flush=True)
        results.append(section.run(config))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    sections = load_sections()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="duban_core measured side by side with what a user would otherwise write.",
    )
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"any of: {', '.join(sections)}")
    parser.add_argument("--quick", action="store_true", help="smoke run: tiny inputs, figures not judged")
    parser.add_argument("--markdown", type=Path, metavar="PATH", help="also write the report as Markdown")
    parser.add_argument("--repeat", type=int, default=None, help="best of this many runs (default 5)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the full-mode input sizes")
    parser.add_argument("--seed", type=int, default=Config.seed, help="seed of the sampled inputs")
    parser.add_argument("--list", action="store_true", help="list the sections and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, section in sections.items():
            print(f"{name:14} {section.title}")
        return 0
    config = Config.quick_mode(args.seed) if args.quick else Config(seed=args.seed, scale=args.scale)
    if args.repeat is not None:
        if args.repeat < 1:
            parser.error("--repeat must be at least 1")
        config = dataclasses.replace(config, repeat=args.repeat)
    results = run(args.sections, config)
    machine = machine_info()
    print(render_text(results, machine), end="")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(render_markdown(results, machine), encoding="utf-8")
        print(f"wrote {args.markdown}", file=sys.stderr)
    return 1 if any(r.missed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
