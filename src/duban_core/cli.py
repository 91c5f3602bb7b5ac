"""The command line: the only module that prints. Everything it shows comes from the public API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from . import Category, DubanError, RuleSet

__all__ = ["main"]


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _demo(args: argparse.Namespace) -> int:
    rules = RuleSet.default(counting=args.counting)
    received: date = args.on
    print(f"督查事项办理时限示例（收到日期 {received.isoformat()}，计数方式 {args.counting}）\n")
    for category in Category:
        stipulated = (
            date(received.year, 12, 31)
            if category
            in (
                Category.MEDIA_ISSUE,
                Category.OTHER_ASSIGNED,
            )
            else None
        )
        deadline = rules.deadline(category, received, stipulated=stipulated)
        print(f"【{category.label}】 期限 {deadline.due.isoformat()}")
        print(f"  {deadline.explanation}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m duban_core``."""
    parser = argparse.ArgumentParser(prog="python -m duban_core", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="show what the library does")
    demo.add_argument("--on", type=_parse_date, default=date(2024, 9, 27), help="the day items are received")
    demo.add_argument("--counting", choices=("calendar", "working"), default="calendar")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DubanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
