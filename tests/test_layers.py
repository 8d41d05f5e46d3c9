"""The import rules of the design, read from the source:

- the core (nnadd/ outside ui/) imports only the standard library and itself, and
  importing any core module leaves streamlit, plotly and pandas unloaded;
- nnadd/ui/ may import the core, streamlit, plotly, pandas and SQLAlchemy; no page
  section imports another section (only the shared ones: the session and the pages'
  states, the run, the figures and their axes, the live chart, the offloading, the
  class poll's store and its parts, and the door to Streamlit's internals); only the
  class poll's store and its parts import SQLAlchemy, and the rest reach them through
  nnadd.ui.poll_store; the lesson's registry composes the lesson's sections, as a page
  does;
- the page scripts, app.py and the three pages it lists in app_pages/ (the Playground,
  the Lesson and the students' class poll), import streamlit, nnadd.ui and the core;
  nothing imports them. The pages compose the sections as app.py did when it was the
  only page: they sit above nnadd.ui, beside app.py, so the section rule below still
  holds unchanged;
- there is no import cycle anywhere in nnadd.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nnadd"
CORE = sorted(p for p in PACKAGE.glob("*.py"))
UI = sorted((PACKAGE / "ui").glob("*.py"))
PAGES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
SHARED_UI = {
    "nnadd.ui.session", "nnadd.ui.figures", "nnadd.ui.live_chart", "nnadd.ui.offload",
    "nnadd.ui.poll_store", "nnadd.ui", "nnadd.ui.run", "nnadd.ui.playground_state",
    "nnadd.ui.lesson_state", "nnadd.ui.student_state", "nnadd.ui.streamlit_internals",
    "nnadd.ui.poll_schema", "nnadd.ui.poll_engine", "nnadd.ui.poll_replies",
    "nnadd.ui.poll_teacher_calls", "nnadd.ui.poll_phone_calls", "nnadd.ui.neuron_figures",
    "nnadd.ui.chart_axes", "nnadd.ui.language", "nnadd.ui.formats",
    "nnadd.ui.poll_histogram",
}  # fmt: skip
# Modules that compose sections as a page does, one step of the lesson an entry.
COMPOSERS = {"nnadd.ui.lesson_registry"}
STANDARD = set(sys.stdlib_module_names)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, as written (from-imports of a package's names
    count as the package's submodules when those exist)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists():
                    found.add(candidate)
    return found


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def listed_in_the_tree() -> set[str]:
    """The files the tree block of docs/architecture.md names, as paths from the root:
    a line ending in / opens a folder, an indented line is a file in it."""
    text = ARCHITECTURE.read_text()
    block = text.split("## The tree", 1)[1].split("```", 2)[1]
    listed, folder = set(), ""
    for line in block.strip("\n").splitlines():
        name = line.split()[0]
        if not line.startswith(" "):
            folder = name if name.endswith("/") else ""
            if not folder:
                listed.add(name)
        else:
            listed.add(folder + name)
    return listed


def test_the_tree_in_the_architecture_is_the_code():
    """Every module of the pages, the core and the page is listed in
    docs/architecture.md's tree, and everything listed there exists."""
    modules = {str(p.relative_to(ROOT)) for p in [*PAGES, *CORE, *UI]}
    listed = listed_in_the_tree()
    assert {"app.py", "nnadd/ui/live_chart.py", "app_pages/lesson.py"} <= listed
    assert sorted(modules - listed) == [], "modules missing from docs/architecture.md's tree"
    assert sorted(listed - modules) == [], "listed in docs/architecture.md but gone"


def test_the_architecture_says_where_the_live_chart_lives_in_one_row():
    rows = [r for r in ARCHITECTURE.read_text().splitlines() if r.startswith("| the live chart |")]
    assert len(rows) == 1 and "nnadd/ui/live_chart.py" in rows[0]


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_the_core_imports_only_the_standard_library(path):
    for name in imports(path):
        top = name.split(".")[0]
        assert top in STANDARD or (top == "nnadd" and not name.startswith("nnadd.ui")), name


def test_importing_every_core_module_loads_no_page_library():
    names = [module_name(p) for p in CORE if p.name != "__main__.py"]  # that one runs
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in ('streamlit', 'plotly', 'pandas', 'numpy', 'sqlalchemy')"
        " if m in sys.modules))"
    )
    assert "nnadd.poll_rules" in names
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", UI, ids=lambda p: p.name)
def test_no_section_imports_another(path):
    me = module_name(path)
    if me in COMPOSERS:
        return
    for name in imports(path):
        if name.startswith("nnadd.ui.") and name != me:
            assert name in SHARED_UI, f"{me} imports the section {name}"


def test_nothing_imports_the_page_scripts():
    for path in [*CORE, *UI, *PAGES]:
        found = imports(path)
        assert "app" not in found and not any(n.startswith("app_pages") for n in found)


def test_the_pages_are_app_py_and_app_pages_not_the_legacy_pages_folder():
    assert [p.name for p in PAGES] == ["app.py", "answer.py", "lesson.py", "playground.py"]
    assert not (ROOT / "pages").exists()  # Streamlit would list its files as pages itself


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_the_pages_import_streamlit_nnadd_ui_and_the_core(path):
    for name in imports(path):
        assert name.split(".")[0] in ("streamlit", "nnadd"), name


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports that comes back to where it started, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for dep in sorted(graph.get(module, ())):
            if found := visit(dep):
                return found
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        if found := visit(module):
            return found
    return None


def test_there_is_no_import_cycle():
    graph = {module_name(p): {n for n in imports(p) if n.startswith("nnadd")} for p in [*CORE, *UI]}
    graph = {m: {n for n in deps if n in graph and n != m} for m, deps in graph.items()}
    assert "nnadd.links" in graph["nnadd.modelfile"]  # the graph is read, not empty
    assert find_cycle(graph) is None


def test_the_cycle_check_finds_a_cycle():
    """Two modules that import each other, as links.py and the page's module once did,
    are found."""
    graph = {"nnadd.links": {"nnadd.page"}, "nnadd.page": {"nnadd.links"}, "x": set()}
    assert find_cycle(graph) == ["nnadd.links", "nnadd.page", "nnadd.links"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


# The class poll's store and its parts: the only modules that speak SQL.
POLL_STORE = {
    "nnadd.ui.poll_store", "nnadd.ui.poll_schema", "nnadd.ui.poll_engine",
    "nnadd.ui.poll_replies", "nnadd.ui.poll_teacher_calls", "nnadd.ui.poll_phone_calls",
}  # fmt: skip


def test_only_the_poll_store_imports_the_database_library():
    """SQL lives in the poll's store: the pages and the other sections reach the
    database only through nnadd.ui.poll_store, never through one of its parts."""
    assert {module_name(p) for p in UI} >= POLL_STORE  # the list names no module that is gone
    for path in [*CORE, *UI, *PAGES]:
        if module_name(path) in POLL_STORE:
            continue
        found = imports(path)
        assert not any(n.split(".")[0] == "sqlalchemy" for n in found), path.name
        assert not found & (POLL_STORE - {"nnadd.ui.poll_store"}), path.name


def test_the_core_poll_rules_use_secrets_not_random():
    found = imports(PACKAGE / "poll_rules.py")
    assert "secrets" in found and "random" not in found and "hmac" in found


MOST_LINES = 300  # a module of the page is read in one sitting


@pytest.mark.parametrize("path", UI, ids=lambda p: p.name)
def test_no_module_of_the_page_is_over_300_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MOST_LINES, f"{path.name} has {lines} lines: split it along its seams"


def letters_apart(a: str, b: str) -> int:
    """How many letters to add, drop or change to turn `a` into `b` (Levenshtein)."""
    before = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        now = [i]
        for j, y in enumerate(b, 1):
            now.append(min(before[j] + 1, now[j - 1] + 1, before[j - 1] + (x != y)))
        before = now
    return before[-1]


def confusable(paths: list[Path]) -> list[tuple[str, str]]:
    """Pairs of modules whose names are the same or one letter apart (a package's
    __init__ and __main__ excepted)."""
    named = sorted(str(p) for p in paths if p.stem not in ("__init__", "__main__"))
    return [
        (a, b)
        for i, a in enumerate(named)
        for b in named[i + 1 :]
        if letters_apart(Path(a).stem, Path(b).stem) <= 1
    ]


def test_no_two_modules_have_one_name_or_names_a_letter_apart():
    assert confusable([p.relative_to(ROOT) for p in [*PAGES, *CORE, *UI]]) == []


def test_confusable_names_are_found():
    found = confusable([Path("nnadd/pool.py"), Path("nnadd/ui/poll.py"), Path("app_pages/a.py")])
    assert found == [("nnadd/pool.py", "nnadd/ui/poll.py")]
    assert confusable([Path("app_pages/lesson.py"), Path("nnadd/ui/lesson.py")]) != []
    assert confusable([Path("nnadd/__init__.py"), Path("nnadd/ui/__init__.py")]) == []
    assert letters_apart("poll_store", "poll_score") == 1 and letters_apart("ab", "ba") == 2
