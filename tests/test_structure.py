"""The package's shape: small modules of one concern, and imports that flow one
way (no module imports, directly or through others, a module that imports it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from capexlib.core.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "capexlib"
MAX_LINES = 400  # "about 400": a module longer than this has more than one reason to change


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str) -> set[str]:
    """The capexlib modules `path` imports anywhere in it (a function's lazy import counts too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m == "capexlib" or m.startswith("capexlib.")}


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path, name) if m in modules and m != name} for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(groups)


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_one_that_imports_it():
    """Imports flow one way (cli.py and run/quick.py once imported each other); a lazy import inside a
    function counts too."""
    edges = graph()
    assert len(edges) > 100 and edges["capexlib.cli"] >= {"capexlib.run.series", "capexlib.core.ledger"}
    assert cycles(edges) == []


def test_no_module_is_longer_than_about_400_lines():
    long = {
        str(p.relative_to(PROJECT_ROOT)): n
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split by concern: {long}"


# Names the library keeps for the tests alone: the cache key recomputed outside a run, to check a folder.
TEST_SEAMS = {"cache_key", "run_cache_key"}


def test_every_top_level_name_of_the_library_is_used():
    """Dead code: a function, class or constant of capexlib that nothing else names (the library, the
    notebooks, the templates, the benchmarks, the Makefile) is removed, not kept for later."""
    defined: dict[str, list[Path]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = [node.name] if isinstance(node, ast.FunctionDef | ast.ClassDef) else []
            if isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            for name in names:
                if not name.startswith("__"):
                    defined.setdefault(name, []).append(path)
    readers = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2"), *(PROJECT_ROOT / "notebooks").glob("*.ipynb")]
    readers += [*(PROJECT_ROOT / "benchmarks").glob("*.py"), PROJECT_ROOT / "Makefile", PROJECT_ROOT / "pyproject.toml"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in readers)
    words: dict[str, int] = {}
    for word in re.findall(r"\w+", text):
        words[word] = words.get(word, 0) + 1
    unused = sorted(name for name, paths in defined.items() if words.get(name, 0) <= len(paths) and name not in TEST_SEAMS)
    assert not unused, f"defined but never used: {unused}"
