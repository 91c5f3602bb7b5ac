"""The benchmarks run (quick mode: tiny inputs) and their correctness checks pass.

Nothing here looks at a wall-clock figure: timings depend on the machine, so they are
reported by ``python -m benchmarks``, never asserted.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # plain ``pytest`` puts only tests/ on the path
    sys.path.insert(0, str(ROOT))

from benchmarks import SECTION_MODULES, load_sections  # noqa: E402
from benchmarks.__main__ import main, run  # noqa: E402
from benchmarks._harness import (  # noqa: E402
    BenchmarkCheckFailed,
    Config,
    SectionResult,
    Timing,
    Trial,
    check,
    fmt_time,
    measure,
    measure_together,
    render_markdown,
    render_text,
)

QUICK = Config.quick_mode()


def test_sections_are_registered() -> None:
    sections = load_sections()
    assert len(sections) == len(SECTION_MODULES)
    assert "workdays" in sections


@pytest.mark.parametrize("name", list(load_sections()))
def test_section_runs_in_quick_mode(name: str) -> None:
    (result,) = run([name], QUICK, progress=False)
    assert result.name == name
    assert result.quick
    assert result.rows
    # quick mode never judges a target
    assert all(row.ok is None for row in result.rows)
    assert result.title in render_text([result])
    assert result.title in render_markdown([result])


def test_workdays_section_reports_the_comparisons() -> None:
    (result,) = run(["workdays"], QUICK, progress=False)
    labels = " ".join(row.label for row in result.rows)
    comparisons = " ".join(row.comparison for row in result.rows)
    assert "holidays.get_nth_working_day" in comparisons
    assert "numpy.busday_offset" in comparisons
    assert "batch.add_workdays_array" in labels
    wrong = next(row for row in result.rows if row.label == "numpy.busday_offset wrong answers")
    assert "调休" in wrong.comparison
    batch = next(row for row in result.rows if row.label == "duban_core.batch wrong answers")
    assert batch.value.startswith("0 of ")


def test_cli_quick_writes_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs" / "bench.md"
    assert main(["workdays", "--quick", "--markdown", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Working-day arithmetic" in printed
    assert "logical cores" in printed
    text = out.read_text(encoding="utf-8")
    assert text.startswith("| machine | |")
    assert "| measurement | per op / value | compared with | target |" in text


def test_cli_list_and_unknown_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert "workdays" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="unknown section"):
        main(["no-such-section", "--quick"])


# -- the harness ----------------------------------------------------------------------------------


def test_measure_and_compare() -> None:
    calls = []
    timing = measure("noop", lambda: calls.append(1), QUICK, ops=10)
    assert timing.loops == 1
    assert timing.repeats == 1
    assert calls == [1]
    assert timing.per_op == timing.seconds / 10
    with pytest.raises(ValueError, match="ops"):
        measure("noop", lambda: None, QUICK, ops=0)


def test_measure_together_alternates_the_runs_round_by_round() -> None:
    calls: list[str] = []
    seen_gc: list[tuple[str, bool]] = []

    def trial(name: str, gc_enabled: bool, ops: int) -> Trial:
        def fn() -> None:
            calls.append(name)
            seen_gc.append((name, gc.isenabled()))

        return Trial(name, fn, ops, gc_enabled)

    was = gc.isenabled()
    timings = measure_together([trial("a", True, 2), trial("b", False, 5)], Config(repeat=3, min_time=0.0))
    assert gc.isenabled() is was
    # Calibration runs each once (its run is round one), then two rounds of a, b.
    assert calls == ["a", "b", "a", "b", "a", "b"]
    assert set(seen_gc) == {("a", True), ("b", False)}
    assert [(t.label, t.ops, t.loops, t.repeats) for t in timings] == [("a", 2, 1, 3), ("b", 5, 1, 3)]
    with pytest.raises(ValueError, match=r"ops must be at least 1 \(c\)"):
        measure_together([Trial("c", lambda: None, 0)], QUICK)


@pytest.mark.parametrize("gc_enabled", [False, True])
@pytest.mark.parametrize("gc_before", [False, True])
def test_measure_runs_with_the_collector_as_asked_and_restores_it(gc_enabled: bool, gc_before: bool) -> None:
    seen: list[bool] = []
    was = gc.isenabled()
    (gc.enable if gc_before else gc.disable)()
    try:
        measure(
            "gc", lambda: seen.append(gc.isenabled()), Config(repeat=3, min_time=0.0), gc_enabled=gc_enabled
        )
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [gc_enabled] * 3
    assert after is gc_before

    res = SectionResult("demo", "Demo", quick=False)
    fast = Timing("fast", 1e-6, 1, 1, 1)
    slow = Timing("slow", 4e-6, 1, 1, 1)
    assert res.compare(fast, slow, min_speedup=2) == 4
    assert res.compare(slow, fast, min_speedup=0.5) == 0.25
    first, second = res.rows
    assert first.comparison.startswith("4× faster than slow")
    assert first.ok is True
    assert second.comparison.startswith("4× slower than fast")
    assert second.target == "at most 2× slower"
    assert second.ok is False
    assert res.missed == [second]
    text = render_text([res])
    assert "✗ MISSED" in text
    assert "1 target(s) missed" in text
    assert "| fast | 1 µs/op | 4× faster than slow (4 µs/op) | ≥ 2× faster ✓ |" in render_markdown([res])


def test_quick_results_are_not_judged() -> None:
    res = SectionResult("demo", "Demo", quick=True)
    res.add("figure", "3 KB", target="≤ 8 KB", ok=False)
    assert res.rows[0].ok is None
    assert not res.missed
    assert "(not judged)" in render_text([res])


def test_config_sizes_and_formatting() -> None:
    assert QUICK.size(1000, 10) == 10
    assert Config().size(1000, 10) == 1000
    assert Config(scale=0.5).size(1000, 10) == 500
    assert fmt_time(1.5) == "1.5 s"
    assert fmt_time(2e-3) == "2 ms"
    assert fmt_time(3.25e-6) == "3.25 µs"
    assert fmt_time(4e-8) == "40 ns"
    check(True, "fine")
    with pytest.raises(BenchmarkCheckFailed, match="broken"):
        check(False, "broken")


def test_the_docs_publish_a_full_run_of_every_section() -> None:
    # docs/benchmarks.md shows the output of ``python -m benchmarks --markdown`` for one full
    # run (issue #6): the machine it ran on and a table for every section, none in quick
    # mode. What the figures are is the run's business; that the page holds a whole run is
    # checked here, so a new section or a quick-mode paste cannot slip into the docs.
    page = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    for key in ("CPU", "RAM", "load average", "OS", "Python", "packages"):
        assert f"| {key} | " in page, f"the machine's {key} is not described"
    for section in load_sections().values():
        assert f"### {section.title}\n" in page, f"no results table for {section.name}"
    assert "(quick mode)" not in page
    assert "(not judged)" not in page
