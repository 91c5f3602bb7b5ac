"""Determinism (issue #5): the same event stream gives the same ledger whatever the hash
seed, the locale, the ``TZ`` environment variable or the wall clock.

A few streams (and rule sets) are drawn once by :mod:`duban_core.strategies` with a fixed
seed, then replayed in fresh interpreters under different ``PYTHONHASHSEED``, ``TZ`` and
locale settings, with the clock functions of :mod:`time` made to fail. Each run prints a
digest of everything the ledger derives: the stored events as JSON, each item's state,
deadlines and their explanations, alerts, metrics, findings and the assessment. All digests
must equal the one computed in this process.

The library itself reads no clock or environment; running subprocesses is the test's job.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import RuleSet
from duban_core import strategies as dst
from duban_core.events import Event

SRC = Path(__file__).resolve().parents[1] / "src" / "duban_core"

# Runs in the parent (via exec) and in every child (as a script). Keep it self-contained.
REPLAY = r"""
import hashlib
import json
import locale
import sys
import time
from datetime import date


def digest(case):
    from duban_core import Ledger, RuleSet

    out = []
    for stream in case:
        rules = RuleSet.model_validate_json(stream["rules"])
        ledger = Ledger.replay(stream["events"], rules)
        out.append(json.dumps([e.model_dump_json() for e in ledger.events], ensure_ascii=False))
        for item_id in sorted(ledger.items):
            item = ledger.items[item_id]
            out.append(repr((item_id, item.state.value, item.rework_rounds, item.version)))
            for change in item.deadlines:
                d = change.deadline
                out.append(repr((change.kind.value, d.start, d.due, d.provisional, d.explanation, d.clause)))
        days = sorted({e.at.date() for e in ledger.events})
        for on in days[:: max(1, len(days) // 5)]:
            try:
                out.append(repr([(a.item_id, a.level.value, a.reason) for a in ledger.alerts(on)]))
                out.append(repr([(f.kind, f.unit, f.item_id, f.bulletin_id, f.due, f.reason) for f in ledger.findings(on)]))
                for year in sorted({on.year}):
                    assessment = ledger.assess(year, on)
                    out.append(repr(sorted((unit, repr(a)) for unit, a in assessment.items())))
            except ValueError as refused:  # views answer as of on; an out-of-order past refuses
                out.append(repr((on, refused.code, str(refused))))
        out.append(repr(ledger.metrics()))
        out.append(repr(sorted((k, repr(v)) for k, v in ledger.metrics(by="lead_unit").items())))
        out.append(repr(list(ledger.units)))
    return hashlib.sha256("\n".join(out).encode()).hexdigest()


def _no_clock(*args, **kwargs):
    raise AssertionError("duban_core read the wall clock")


def _no_clock_reading(convert):
    # localtime()/gmtime() read the clock only when called without a timestamp.
    def guarded(*args):
        if not args or args[0] is None:
            _no_clock()
        return convert(*args)

    return guarded


if __name__ == "__main__":
    try:
        effective = locale.setlocale(locale.LC_ALL, "")  # adopt the environment's locale, as an app would
    except locale.Error:
        effective = "unavailable"
    import duban_core  # noqa: F401

    for name in ("time", "time_ns"):
        setattr(time, name, _no_clock)
    for name in ("localtime", "gmtime"):
        setattr(time, name, _no_clock_reading(getattr(time, name)))
    case = json.load(sys.stdin)
    print(json.dumps({"digest": digest(case), "locale": effective}))
"""


def _streams() -> list[dict[str, Any]]:
    """Five streams with their rule sets, drawn with a fixed seed."""
    found: list[dict[str, Any]] = []

    @settings(
        max_examples=5,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(rules=dst.rule_sets(), data=st.data())
    def draw(rules: RuleSet, data: st.DataObject) -> None:
        events: list[Event] = data.draw(dst.event_streams(rules, max_items=5, min_events=20, max_events=50))
        found.append({"rules": rules.model_dump_json(), "events": [e.model_dump_json() for e in events]})

    draw()
    return found


ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "1", "TZ": "Asia/Shanghai", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "4242", "TZ": "America/New_York", "LC_ALL": "POSIX"},
    {"PYTHONHASHSEED": "random", "TZ": "Pacific/Kiritimati", "LC_ALL": "zh_CN.UTF-8"},
    {"PYTHONHASHSEED": "987654321", "TZ": "EST5EDT", "LC_ALL": "C.UTF-8"},
]


def _run(script: Path, case: list[dict[str, Any]], env_changes: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(env_changes)
    result = subprocess.run(
        [sys.executable, str(script)],
        input=json.dumps(case),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def test_replay_is_identical_under_other_hash_seeds_time_zones_and_locales(tmp_path: Path) -> None:
    case = _streams()
    assert len(case) == 5
    assert sum(len(s["events"]) for s in case) >= 100
    script = tmp_path / "replay.py"
    script.write_text(REPLAY)
    namespace: dict[str, Any] = {"__name__": "replay"}
    exec(compile(REPLAY, "replay", "exec"), namespace)
    expected = namespace["digest"](case)
    answers = [_run(script, case, env) for env in ENVIRONMENTS]
    assert [a["digest"] for a in answers] == [expected] * len(ENVIRONMENTS), answers
    # At least two different locales were really in effect (C and C.UTF-8 exist everywhere).
    assert len({a["locale"] for a in answers} - {"unavailable"}) >= 2, answers


def test_the_digest_notices_a_difference() -> None:
    """The digest is not blind: one event fewer changes it."""
    namespace: dict[str, Any] = {"__name__": "replay"}
    exec(compile(REPLAY, "replay", "exec"), namespace)
    case = _streams()[:1]
    shorter = [{"rules": case[0]["rules"], "events": case[0]["events"][:-1]}]
    assert namespace["digest"](case) != namespace["digest"](shorter)


FORBIDDEN_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "monotonic"),
    ("os", "getenv"),
    ("os", "environ"),
    ("locale", "getlocale"),
    ("locale", "setlocale"),
}


def test_the_library_reads_no_clock_environment_or_locale() -> None:
    """No module of the library calls a clock, reads the environment or the locale."""
    offences = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in FORBIDDEN_CALLS
            ):
                offences.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module in ("os", "locale", "time"):
                offences.append(f"{path.name}:{node.lineno} from {node.module} import …")
    assert offences == []
    assert len(list(SRC.rglob("*.py"))) > 10  # the walk saw the package
