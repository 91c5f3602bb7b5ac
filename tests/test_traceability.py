"""The rule traceability table (docs/traceability.md) stays true.

* Every clause ID of the packaged catalogue (:data:`duban_core.clauses.CATALOGUE`: S0-… to
  S4-…) has a row, and every clause a row or the code names resolves in
  :data:`duban_core.clauses.CLAUSES` (so every ID a user sees can be cited in words).
* Every row says whether the library models the clause (建模 / 部分建模) or not (不建模, with a
  reason), and every modelled row names at least one test.
* Every named test exists: the file is there and defines the function (read with ``ast``).
* Every API name the table cites (``[text][duban_core.…]``) exists.
* Every clause the source code cites (``clause=…``, explanations) has a row too.

The catalogue ships inside the package: these tests need nothing outside the repository.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

import pytest

from duban_core.clauses import CATALOGUE, CLAUSES, DOCUMENTS, cite

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "traceability.md"

_ITEM = r"\d+(?:\.\d+)?(?:\((?:[一二三四五六七八九十]+|\d+)\))?"
#: A clause ID (``S4-20(二)``, ``S4-14(13)``, ``S0-3``) with optional ``/6.2`` continuations
#: naming more items of the same seed (``S4-6.1/6.2`` is S4-6.1 and S4-6.2).
CLAUSE = re.compile(rf"S([0-9])-({_ITEM})((?:/{_ITEM})*)")
TEST_ID = re.compile(r"tests/[\w/]+\.py::[\w]+(?:::[\w]+)?")
ANY_TEST = re.compile(r"tests/[\w/]+\.py(?:::[\w]+(?:::[\w]+)?)?")
API_REF = re.compile(r"\]\[(duban_core(?:\.\w+)+)\]")
STATUSES = ("建模", "部分建模", "不建模")


def clause_ids(text: str) -> list[str]:
    """Every clause ID in ``text``, in order of first appearance, continuations expanded."""
    ids: list[str] = []
    for match in CLAUSE.finditer(text):
        seed, first, more = match.groups()
        for item in [first, *filter(None, more.split("/"))]:
            clause = f"S{seed}-{item}"
            if clause not in ids:
                ids.append(clause)
    return ids


def catalogue_ids() -> list[str]:
    """The clauses of the domain catalogue, in its order (packaged: duban_core.clauses)."""
    return list(CATALOGUE)


class Row:
    """One row of a traceability table: ``| clause | 原文要点 | status | how / why | tests |``."""

    def __init__(self, line: str) -> None:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 5, f"a traceability row has 5 cells: {line}"
        self.line = line
        self.clauses = clause_ids(cells[0])
        self.summary, self.status, self.how, self.tests_cell = cells[1:]
        self.tests = TEST_ID.findall(self.tests_cell)


@cache
def rows() -> tuple[Row, ...]:
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and CLAUSE.match(line[2:].lstrip("`*")):
            out.append(Row(line))
    return tuple(out)


@cache
def defined_tests(path: Path) -> frozenset[str]:
    """``name`` and ``Class::name`` of every test function defined in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(f"{node.name}::{member.name}")
    return frozenset(names)


# -- the parser ---------------------------------------------------------------------------------


def test_clause_ids_parses_every_form() -> None:
    text = "S0-2.1, S3-3, S4-6.1/6.2; S4-20(一); S4-14(13); S0-3: …; S1-2.6; `S<seed>-<section>`"
    assert clause_ids(text) == [
        "S0-2.1",
        "S3-3",
        "S4-6.1",
        "S4-6.2",
        "S4-20(一)",
        "S4-14(13)",
        "S0-3",
        "S1-2.6",
    ]


def test_every_clause_id_of_the_catalogue_is_parsed_whole() -> None:
    # A new ID shape (say S4-20(一).2) must not slip past the parser: each ID of the packaged
    # catalogue parses as exactly itself.
    for clause in CLAUSES:
        assert clause_ids(clause) == [clause]
        assert CLAUSE.fullmatch(clause), clause


def test_the_catalogue_has_clauses_of_every_seed() -> None:
    ids = catalogue_ids()
    assert len(ids) == len(set(ids)) == 51
    assert {clause[:2] for clause in ids} == {"S0", "S1", "S2", "S3", "S4"}
    assert set(ids) <= set(CLAUSES)
    assert {clause.document for clause in CLAUSES.values()} == set(DOCUMENTS)


def test_every_clause_named_anywhere_resolves_in_words() -> None:
    # Every ID the table, the code or an error can show resolves to a document and article.
    named = {clause for row in rows() for clause in row.clauses}
    for path in sorted((ROOT / "src" / "duban_core").rglob("*.py")):
        named |= set(clause_ids(path.read_text(encoding="utf-8")))
    unresolved = sorted(clause for clause in named if clause not in CLAUSES)
    assert not unresolved, f"clause IDs without an entry in duban_core.clauses: {unresolved}"
    for clause in named:
        assert cite(clause).startswith(("区人民政府《", "《")), clause


# -- the table ----------------------------------------------------------------------------------


def test_every_clause_of_the_catalogue_has_a_row() -> None:
    listed = {clause for row in rows() for clause in row.clauses}
    missing = [clause for clause in catalogue_ids() if clause not in listed]
    assert not missing, f"clauses of the catalogue missing from docs/traceability.md: {missing}"


def test_each_clause_has_one_row() -> None:
    seen: dict[str, str] = {}
    for row in rows():
        for clause in row.clauses:
            assert clause not in seen, f"{clause} has two rows:\n{seen[clause]}\n{row.line}"
            seen[clause] = row.line


@pytest.mark.parametrize("row", rows(), ids=lambda row: "+".join(row.clauses))
def test_each_row_is_complete(row: Row) -> None:
    assert row.summary, "say what the clause requires"
    assert row.status in STATUSES, f"status must be one of {STATUSES}, not {row.status!r}"
    assert row.how, "say how the library models the clause, or why it does not"
    if row.status != "不建模":
        assert row.tests, "a modelled clause names the test that checks it"
    else:
        assert "out of scope" in row.how.lower() or "不在范围" in row.how, "say why it is out of scope"


def test_every_named_test_exists() -> None:
    # Every test the page names anywhere — a node id, or a whole test file — exists.
    missing = []
    for node_id in sorted(set(ANY_TEST.findall(TABLE.read_text(encoding="utf-8")))):
        file, _, name = node_id.partition("::")
        path = ROOT / file
        if not path.is_file() or (name and name not in defined_tests(path)):
            missing.append(node_id)
    assert not missing, "tests named in docs/traceability.md that do not exist:\n" + "\n".join(missing)


def test_the_modelled_rows_name_test_functions() -> None:
    assert all(row.tests for row in rows() if row.status != "不建模")
    assert sum(len(row.tests) for row in rows()) >= len(rows())


def test_every_cited_api_name_exists() -> None:
    text = TABLE.read_text(encoding="utf-8")
    refs = set(API_REF.findall(text))
    assert refs, "the table links the code it names"
    for ref in sorted(refs):
        parts = ref.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                obj: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attr in parts[cut:]:
                assert hasattr(obj, attr), f"{ref}: no {attr!r} in {obj!r}"
                obj = getattr(obj, attr)
            break
        else:
            pytest.fail(f"{ref}: no such module")


def test_every_clause_the_code_cites_has_a_row() -> None:
    listed = {clause for row in rows() for clause in row.clauses}
    cited: dict[str, str] = {}
    for path in sorted((ROOT / "src" / "duban_core").rglob("*.py")):
        for clause in clause_ids(path.read_text(encoding="utf-8")):
            cited.setdefault(clause, str(path.relative_to(ROOT)))

    def covered(clause: str) -> bool:
        # A section cited as a whole (S0-4) is covered by its items (S0-4.1 …).
        return clause in listed or any(c.startswith((f"{clause}.", f"{clause}(")) for c in listed)

    missing = {clause: where for clause, where in cited.items() if not covered(clause)}
    assert not missing, f"clauses cited in the code without a row in docs/traceability.md: {missing}"


def test_the_catalogue_tables_list_exactly_the_catalogue() -> None:
    # The tables above "代码引用的细分条款" are the catalogue's clauses (the page's summary counts
    # them); sub-clauses the code cites come after.
    catalogue_part = TABLE.read_text(encoding="utf-8").partition("\n## 代码引用的细分条款")[0]
    listed = [
        clause
        for line in catalogue_part.splitlines()
        if line.startswith("| ") and CLAUSE.match(line[2:])
        for clause in clause_ids(line.split("|")[1])
    ]
    assert sorted(listed) == sorted(catalogue_ids())
