"""Fuzz ``events.parse`` + ``Ledger.apply`` (see fuzz/README.md).

    python3 dev.py fuzz [--minutes N] [--engine atheris|hypothesis] [-- LIBFUZZER_ARGS...]

Each input drives a ledger through a sequence of steps drawn by ``duban_core.strategies``:
events the ledger must accept (``next_events``), events it must refuse
(``refused_events``: wrong state, wrong actor, unknown item, earlier time, duplicate id,
malformed), arbitrary schema-valid events and arbitrary malformed input (dicts, JSON text,
bytes). The raw input bytes are also fed to ``events.parse`` and ``Ledger.apply`` as they are.

The oracle:

* nothing but ``DubanError`` or pydantic's ``ValidationError`` escapes ``parse``/``apply``;
* a refused input leaves the ledger unchanged (equal to a copy taken before, same version,
  same event log);
* an accepted event adds exactly one event to the log, and the stored event round-trips
  through JSON;
* events the strategies say are valid are accepted, and those they say must be refused
  are refused with the error they name;
* at the end, replaying the log (as objects and as JSON lines) gives an equal ledger.

Engines: ``atheris`` (coverage-guided libFuzzer driving the hypothesis strategies through
``fuzz_one_input``; the optional extra ``duban_core[fuzz]``) when it is installed, else
``hypothesis`` (a long randomised run of the same test). Both stop after ``--minutes``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

# atheris instruments the code under test for coverage feedback; the hypothesis engine
# needs neither atheris nor the (slower) instrumented code.
_pre = argparse.ArgumentParser(add_help=False)
_pre.add_argument("--engine")
_pre.add_argument("--replay")
_early = _pre.parse_known_args()[0]
if _early.engine == "hypothesis" or _early.replay:
    atheris = None
else:
    try:
        import atheris
    except ImportError:  # pragma: no cover - then the hypothesis engine runs
        atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["duban_core"]):
        from duban_core import DubanError, Ledger, RuleSet, State
        from duban_core import strategies as dst
        from duban_core.events import parse
        from duban_core.machine import NEXT
else:
    from duban_core import DubanError, Ledger, RuleSet, State
    from duban_core import strategies as dst
    from duban_core.events import parse
    from duban_core.machine import NEXT

REFUSALS = (DubanError, ValidationError)
STATS = {"inputs": 0, "raw": 0, "steps": 0, "accepted": 0, "refused": 0}

_BASE_RULES = RuleSet.default()


#: A fixed stream (see :func:`_seed_events`) the raw-bytes target applies its input after.
_SEED_EVENTS: list[Any] = []


def _snapshot(ledger: Ledger) -> tuple[Ledger, int, list[Any]]:
    return ledger.copy(), ledger.version, list(ledger.events)


def _assert_unchanged(ledger: Ledger, snap: tuple[Ledger, int, list[Any]], what: object) -> None:
    before, version, log = snap
    assert ledger.version == version, f"refused input changed the version: {what!r}"
    assert list(ledger.events) == log, f"refused input changed the event log: {what!r}"
    assert ledger == before, f"refused input changed the ledger: {what!r}"
    assert dict(ledger.items) == dict(before.items), f"refused input changed an item as read: {what!r}"
    assert dict(ledger.bulletins) == dict(before.bulletins), f"refused input changed a bulletin: {what!r}"


def raw_target(data: bytes) -> None:
    """The input bytes, as they are, through ``parse`` and ``apply`` (failures are logged,
    with the input saved under ``fuzz/crashes/``, and the run goes on)."""
    try:
        _raw(data)
    except Exception as exc:
        if STOP_ON_FAILURE[0]:
            raise
        _record(exc, data)


def _raw(data: bytes) -> None:
    STATS["raw"] += 1
    with contextlib.suppress(*REFUSALS):
        parse(data)
    ledger = Ledger.replay(_SEED_EVENTS, _BASE_RULES)
    snap = _snapshot(ledger)
    try:
        ledger.apply(data)
    except REFUSALS:
        _assert_unchanged(ledger, snap, data)


def check_stream(rules: RuleSet, n_steps: int, data: st.DataObject) -> None:
    """A ledger driven through ``n_steps`` valid, invalid and arbitrary inputs.

    A failure is logged with the rule set and the steps that led to it (saved under
    ``fuzz/crashes/`` as JSON, replayable with ``--replay FILE``) and the run goes on,
    unless ``--stop-on-failure`` (then hypothesis shrinks it and stops).
    """
    steps: list[tuple[str, Any]] = []
    try:
        _drive(rules, n_steps, data, steps)
    except Exception as exc:
        if STOP_ON_FAILURE[0]:
            raise
        _record(exc, _dump_case(rules, steps))


def _dump_case(rules: RuleSet, steps: list[tuple[str, Any]]) -> bytes:
    def form(value: Any) -> dict[str, Any]:
        if isinstance(value, bytes):
            return {"bytes": value.hex()}
        if isinstance(value, str):
            return {"str": value}
        if isinstance(value, dict):
            return {"dict": json.dumps(value, default=str, ensure_ascii=False)}
        return {"event": value.model_dump_json()}

    case = {"rules": rules.model_dump_json(), "steps": [{"kind": k, **form(v)} for k, v in steps]}
    return json.dumps(case, ensure_ascii=False, indent=1).encode()


def replay_case(path: str) -> None:
    """Re-run a saved case: apply its steps to a fresh ledger and show what each did."""
    case = json.loads(Path(path).read_text())
    rules = RuleSet.model_validate_json(case["rules"])
    ledger = Ledger(rules)
    for n, step in enumerate(case["steps"]):
        if "bytes" in step:
            value: Any = bytes.fromhex(step["bytes"])
        elif "str" in step:
            value = step["str"]
        elif "dict" in step:
            value = json.loads(step["dict"])
        else:
            value = parse(step["event"])
        try:
            ledger.apply(value)
            print(f"#{n} {step['kind']}: accepted {type(ledger.events[-1]).__name__}")
        except REFUSALS as exc:
            print(f"#{n} {step['kind']}: refused: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    print(ledger)


def _drive(rules: RuleSet, n_steps: int, data: st.DataObject, steps: list[tuple[str, Any]]) -> None:
    STATS["inputs"] += 1
    state = dst.StreamState(rules)
    ledger = Ledger(rules)
    for _ in range(n_steps):
        STATS["steps"] += 1
        kind = data.draw(
            st.sampled_from(["valid"] * 5 + ["refused", "refused", "hostile", "arbitrary", "malformed"])
        )
        expected: tuple[type[Exception], ...] | None = None
        if kind == "valid":
            step: Any = data.draw(dst.next_events(state))
        elif kind == "refused":
            step, expected, why = data.draw(dst.refused_events(state))
        elif kind == "hostile":  # issue #14: far dates, odd offsets, invisible names, posing actors
            hostile = data.draw(dst.hostile_inputs(state))
            step, why = hostile.value, f"hostile {hostile.kind} in {hostile.field}"
            expected = hostile.errors or None
        elif kind == "arbitrary":
            step = data.draw(dst.events())
        else:
            step = data.draw(dst.malformed_events())
        steps.append((kind, step))
        snap = _snapshot(ledger)
        refusal: Exception | None = None
        try:
            ledger.apply(step)
        except REFUSALS as exc:
            refusal = exc
        if refusal is not None:
            STATS["refused"] += 1
            _assert_unchanged(ledger, snap, step)
            assert kind != "valid", f"a valid event was refused: {step!r}: {refusal}"
            if expected is not None:
                assert isinstance(refusal, expected), (
                    f"{why}: expected {expected}, got {refusal!r} for {step!r}"
                )
            continue
        STATS["accepted"] += 1
        assert expected is None, f"an input that must be refused ({why}) was accepted: {step!r}"
        assert ledger.version == snap[1] + 1
        stored = ledger.events[-1]
        assert parse(stored.model_dump_json()) == stored, stored
        # A hostile input accepted is an odd offset of a valid event: the same instant.
        state.accept(
            step if kind in ("valid", "hostile") else stored, foreign=kind not in ("valid", "hostile")
        )
    replayed = Ledger.replay(ledger.events, rules)
    assert replayed == ledger, "replay of the log differs from the ledger"
    assert dict(replayed.items) == dict(ledger.items), "replayed items read differently"
    for item in ledger.items.values():  # the state is the fold of the history through the graph
        state = State.DRAFTED
        for event in item.history[1:]:
            state = NEXT[(event.type, state)]
        assert item.state is state, (item.item_id, item.state, state)
        assert item.rework_rounds == sum(e.type == "Returned" for e in item.history)
    lines = [e.model_dump_json() for e in ledger.events]
    assert Ledger.replay(lines, rules) == ledger, "replay of the JSON log differs from the ledger"
    assert RuleSet.model_validate_json(rules.model_dump_json()) == rules


def _target(max_examples: int) -> Any:
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        print_blob=True,
    )(given(rules=dst.rule_sets(), n_steps=st.integers(1, 60), data=st.data())(check_stream))


stream_target = _target(10**9)


def _raw_inputs() -> st.SearchStrategy[bytes]:
    def encode(value: Any) -> bytes:
        return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")

    return st.binary(max_size=300) | dst.malformed_events().map(encode)


FAILURES: dict[str, int] = {}
STOP_ON_FAILURE = [False]
CRASH_DIR = Path(__file__).resolve().parent / "crashes"


def _signature(exc: BaseException) -> str:
    """The failure's type and the innermost frame in duban_core (or this file)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "duban_core" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"


def _record(exc: BaseException, data: bytes | None) -> None:
    """Log a failure once per signature (with its input, under fuzz/crashes/) and go on."""
    sig = _signature(exc)
    FAILURES[sig] = FAILURES.get(sig, 0) + 1
    if FAILURES[sig] == 1:
        print(f"\nFAILURE #{len(FAILURES)}: {sig}", flush=True)
        traceback.print_exception(exc)
        if data is not None:
            CRASH_DIR.mkdir(exist_ok=True)
            name = hashlib.sha256(data).hexdigest()[:16]
            (CRASH_DIR / f"crash-{name}").write_bytes(data)
            print(f"input saved as fuzz/crashes/crash-{name}", flush=True)
    if STOP_ON_FAILURE[0]:
        raise exc


_LAST_REPORT = [0.0, 0.0]  # start, last report (monotonic)


def _one_input(data: bytes) -> None:
    now = time.monotonic()
    if now - _LAST_REPORT[1] > 60:
        _LAST_REPORT[1] = now
        _report(_LAST_REPORT[0])
    raw_target(data)
    stream_target.hypothesis.fuzz_one_input(data)  # type: ignore[attr-defined]


def _report(started: float) -> None:
    minutes = (time.monotonic() - started) / 60
    found = "; ".join(f"{sig} (x{n})" for sig, n in FAILURES.items()) or "no failure"
    print(
        f"fuzz: {minutes:.1f} min, {STATS['inputs']} structured inputs, {STATS['raw']} raw inputs, "
        f"{STATS['steps']} steps ({STATS['accepted']} accepted, {STATS['refused']} refused); "
        f"{len(FAILURES)} distinct failures: {found}",
        flush=True,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument(
        "--engine",
        choices=["atheris", "hypothesis"],
        default="atheris" if atheris is not None else "hypothesis",
        help="atheris (coverage-guided, default when installed) or hypothesis",
    )
    parser.add_argument(
        "--stop-on-failure", action="store_true", help="stop at the first failure (default: log and go on)"
    )
    parser.add_argument("--replay", metavar="FILE", help="re-run a case saved under fuzz/crashes/ and stop")
    parser.add_argument("libfuzzer", nargs="*", help="after --: arguments for libFuzzer (atheris)")
    args = parser.parse_args(argv)
    if args.replay:
        replay_case(args.replay)
        return 0
    _SEED_EVENTS.extend(_seed_events())
    STOP_ON_FAILURE[0] = args.stop_on_failure
    started = time.monotonic()
    _LAST_REPORT[:] = [started, started]
    if args.engine == "atheris":
        if atheris is None:
            print("atheris is not installed: pip install 'duban_core[fuzz]', or use --engine hypothesis")
            return 2
        seconds = max(1, int(args.minutes * 60))
        atheris.Setup(
            [
                sys.argv[0],
                f"-max_total_time={seconds}",
                "-max_len=20000",
                # Long inputs from the start: the structured target turns bytes into choices,
                # and short inputs only ever build one- or two-event streams.
                "-len_control=0",
                "-print_final_stats=1",
                *args.libfuzzer,
            ],
            _one_input,
        )
        import atexit

        atexit.register(_report, started)
        atheris.Fuzz()
        return 0
    deadline = started + args.minutes * 60
    batch = _target(200)
    raw_batch = settings(max_examples=1000, deadline=None, database=None)(given(_raw_inputs())(raw_target))
    while time.monotonic() < deadline:
        for run in (batch, raw_batch):
            try:
                run()
            except Exception as exc:  # only with --stop-on-failure, or from the raw target
                _record(exc, None)
                if STOP_ON_FAILURE[0]:
                    break
        _report(started)
    return 1 if FAILURES else 0


def _seed_events() -> list[Any]:
    """A fixed stream (drawn once from a fixed seed) for the raw-bytes target."""
    found: list[Any] = []

    @settings(max_examples=1, database=None, derandomize=True, deadline=None)
    @given(dst.event_streams(max_items=3, min_events=10, max_events=15))
    def pick(events: list[Any]) -> None:
        found[:] = events

    pick()
    return found


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
