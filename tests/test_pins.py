"""One set of exact pins: pyproject.toml, requirements.lock and environment.yml agree."""

import re
import tomllib

import yaml

from capexlib.core.paths import PROJECT_ROOT


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"requirements.lock: {line!r} is not an exact pin"
            pins[_canon(name)] = version
    return pins


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"]) + [d for extra in project["optional-dependencies"].values() for d in extra]
    pins = {}
    for dep in deps:
        name, sep, version = dep.partition("==")
        assert sep, f"pyproject.toml: {dep!r} is not an exact pin"
        pins[_canon(name)] = version
    return pins


def test_every_pyproject_pin_is_in_the_lock_at_the_same_version():
    lock = _lock()
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_the_design_card_packages_are_pinned():
    lock = _lock()
    for name in ("jupyterlab", "pandas", "matplotlib", "papermill", "nbval"):
        assert name in lock


def test_environment_yml_installs_from_the_lock_and_pins_nothing_else():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "-r requirements.lock" in pip_section
    lock = _lock()
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep and not dep.startswith("python"):
            name, _, version = dep.partition("=")
            assert lock.get(_canon(name)) == version.lstrip("="), f"environment.yml {dep} disagrees with the lock"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.startswith("python=3.11")
