"""Event JSON: ``events.parse`` and ``model_dump_json`` throughput.

Input: the stored log of N items × 10 events (:mod:`benchmarks._workload`, ``due``
recorded) as JSON lines, the form a host keeps on disk or sends over a queue.

* ``events.parse(line)`` — validation included (the discriminated union, aware datetimes,
  field constraints, the model validators) and ``compact`` (interned actors);
* ``events.parse(bytes)`` — the same from bytes, as read from a file or a socket;
* ``json.loads(line)`` — the reference: decoding alone, no validation, plain dicts out;
* ``event.model_dump_json()`` — serialisation, against ``json.dumps`` of the same
  event as a plain dict (``model_dump(mode="json")``, precomputed, outside the timing);
* **restart** — ``Ledger.replay`` of the lines (as bytes, as read from a file): every event
  parsed and validated, every guard applied, every item folded — against ``json.loads`` of
  the same lines, the two timed side by side (their runs alternating). Target (issue #17):
  within 1.5× — a log restarts nearly at the speed of reading it.

Before timing: every line parses back to an event equal to the original, re-serialises to
the identical line, and ``json.loads`` of it equals ``model_dump(mode="json")``.
"""

from __future__ import annotations

import json

from duban_core import Ledger, RuleSet
from duban_core.events import parse

from ._harness import Config, Section, SectionResult, Trial, check, fmt_count, measure, measure_together
from ._workload import EVENTS_PER_ITEM, cached_logs

#: Restart from stored JSON at most this many times ``json.loads`` of the same lines.
RESTART = 1.5


def run(config: Config) -> SectionResult:
    res = SectionResult("json", SECTION.title, quick=config.quick)
    n_items = config.size(10_000, 20)
    events = cached_logs(n_items, config.seed)[1]
    n = len(events)
    lines = [e.model_dump_json() for e in events]
    blobs = [line.encode() for line in lines]
    dicts = [e.model_dump(mode="json") for e in events]

    # -- correctness, on the timed inputs -----------------------------------------------------------
    parsed = [parse(line) for line in lines]
    check(parsed == list(events), "events.parse(line) differs from the event written")
    check([e.model_dump_json() for e in parsed] == lines, "parse → model_dump_json is not the same line")
    check([parse(b) for b in blobs] == parsed, "parsing bytes differs from parsing text")
    check([json.loads(line) for line in lines] == dicts, "json.loads differs from model_dump(mode='json')")
    rules = RuleSet.default()
    check(Ledger.replay(blobs, rules) == Ledger.replay(events, rules), "the restarted ledger differs")
    del parsed

    # -- timing ---------------------------------------------------------------------------------------
    loads, dumps = json.loads, json.dumps

    def parse_text() -> None:
        for line in lines:
            parse(line)

    def parse_bytes() -> None:
        for blob in blobs:
            parse(blob)

    def decode_only() -> None:
        for line in lines:
            loads(line)

    def dump_models() -> None:
        for e in events:
            e.model_dump_json()

    def dump_dicts() -> None:
        for d in dicts:
            dumps(d, ensure_ascii=False)

    t_parse = measure("events.parse", parse_text, config, ops=n)
    t_bytes = measure("events.parse(bytes)", parse_bytes, config, ops=n)
    t_loads = measure("json.loads", decode_only, config, ops=n)
    t_dump = measure("model_dump_json", dump_models, config, ops=n)
    t_dumps = measure("json.dumps of the dict", dump_dicts, config, ops=n)
    t_restart, t_read = measure_together(
        [
            Trial("Ledger.replay(JSON lines)", lambda: Ledger.replay(blobs, rules), n),
            Trial("json.loads of the lines", lambda: [loads(blob) for blob in blobs], n),
        ],
        config,
    )

    # -- report -----------------------------------------------------------------------------------------
    size = sum(map(len, blobs)) / n
    res.compare(t_parse, t_loads, label=f"events.parse(JSON line) ({fmt_count(n)} events)")
    res.add("  events.parse throughput", f"{fmt_count(t_parse.ops_per_second)} events/s", "validated events")
    res.add(
        "  json.loads throughput", f"{fmt_count(t_loads.ops_per_second)} events/s", "plain dicts, no checks"
    )
    res.compare(t_bytes, t_loads, label="events.parse(JSON bytes)")
    ratio = t_restart.seconds / t_read.seconds
    res.add(
        f"restart: Ledger.replay of {fmt_count(n)} stored JSON lines",
        f"{t_restart.per_op * 1e6:.2f} µs/event",
        f"json.loads of the same lines {t_read.per_op * 1e6:.2f} µs/event: ×{ratio:.2f}",
        target=f"≤ ×{RESTART}",
        ok=ratio <= RESTART,
    )
    res.compare(t_dump, t_dumps, label="event.model_dump_json()")
    res.add(
        "  model_dump_json throughput",
        f"{fmt_count(t_dump.ops_per_second)} events/s",
        f"{t_dump.ops_per_second * size / 2**20:.0f} MiB/s of JSON",
    )
    res.note(
        f"{fmt_count(n_items)} items × {EVENTS_PER_ITEM} events of the stored lifecycle log, "
        f"{size:.0f} bytes per line on average (UTF-8, Chinese text unescaped); best of "
        f"{config.repeat} runs."
    )
    res.note(
        "events.parse validates with pydantic-core's JSON parser straight into the event "
        "class picked by `type`, then interns the actors; json.loads only decodes."
    )
    return res


SECTION = Section("json", "Event JSON (parse / serialise)", run)
