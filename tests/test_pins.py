"""One set of exact pins in two locks: requirements.lock (what `make run` installs: the project's
dependencies and their closure) and requirements-dev.lock (what `make test` adds); pyproject.toml and
environment.yml agree with them."""

import re
import tomllib

import yaml

from capexlib.core.paths import PROJECT_ROOT


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock(name: str) -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            package, sep, version = line.partition("==")
            assert sep, f"{name}: {line!r} is not an exact pin"
            assert _canon(package) not in pins, f"{name}: {package} pinned twice"
            pins[_canon(package)] = version
    return pins


RUN, DEV = _lock("requirements.lock"), _lock("requirements-dev.lock")
PROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]


def _pins(deps: list[str]) -> dict[str, str]:
    pins = {}
    for dep in deps:
        name, sep, version = dep.partition("==")
        assert sep, f"pyproject.toml: {dep!r} is not an exact pin"
        pins[_canon(name)] = version
    return pins


def test_the_two_locks_do_not_overlap():
    assert not set(RUN) & set(DEV)


def test_every_run_dependency_is_in_the_run_lock_at_the_same_version():
    for name, version in _pins(PROJECT["dependencies"]).items():
        assert RUN.get(name) == version, f"{name}: pyproject {version}, requirements.lock {RUN.get(name)}"


def test_every_dev_dependency_is_in_the_dev_lock_at_the_same_version():
    for name, version in _pins(PROJECT["optional-dependencies"]["dev"]).items():
        assert DEV.get(name) == version, f"{name}: pyproject {version}, requirements-dev.lock {DEV.get(name)}"


def test_the_run_lock_holds_no_dev_tool():
    for name in ("pytest", "nbval", "hypothesis", "jupyterlab", "ruff", "mypy", "selenium"):
        assert name not in RUN and name in DEV


def test_the_design_card_packages_are_pinned():
    assert {"pandas", "matplotlib", "papermill"} <= set(RUN)
    assert {"jupyterlab", "nbval"} <= set(DEV)


def test_environment_yml_installs_from_both_locks_and_pins_nothing_else():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert pip_section == ["-r requirements.lock", "-r requirements-dev.lock", "-e ."]
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep and not dep.startswith("python"):
            name, _, version = dep.partition("=")
            assert {**RUN, **DEV}.get(_canon(name)) == version.lstrip("="), f"environment.yml {dep} disagrees with the locks"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.startswith("python=3.11")
