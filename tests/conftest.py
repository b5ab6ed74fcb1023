"""Shared test set-up: the `slow` marker, and the default series executed once per test session."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from capexlib.core.paths import PROJECT_ROOT


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: executes notebooks (seconds each); `make test-fast` leaves these out")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if type(item).__name__.startswith("IPyNb"):  # nbval's notebook cells: each notebook starts a kernel
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _outputs_in_english():
    """Each test starts with the outputs in English (the default): a test that runs a notebook or `capex run`
    in this process in Korean does not leave the language to the next test."""
    from capexlib.report import language

    language.use(language.DEFAULT_LANGUAGE)
    yield
    language.use(language.DEFAULT_LANGUAGE)


def network_namespace_works() -> bool:
    """Whether `unshare -n` can make a network namespace here (as root on Linux)."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def _session_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder every test process of this session shares: under pytest-xdist (`make test` runs two), the
    workers' common temp root, so the session's runs are built once; capex's own scenario lock makes the
    second worker wait for the first run and then take it from the cache."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(exist_ok=True)
    return folder


def _capex_run(reports: Path, *args: str) -> SimpleNamespace:
    """`capex run ARGS` into `reports` (new this session, so the first run builds it), in a network namespace
    with only loopback when one can be made (nothing but loopback is reachable)."""
    command = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(reports), *args]
    offline = network_namespace_works()
    if offline:
        command = ["unshare", "-n", "sh", "-c", "ip link set lo up && exec " + shlex.join(command)]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return SimpleNamespace(folder=Path(done.stdout.strip().splitlines()[-1]), offline=offline, stderr=done.stderr)


@pytest.fixture(scope="session")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """`capex run` with the defaults, once for the whole session."""
    run = _capex_run(_session_folder(tmp_path_factory, "default-run"))
    assert run.folder.name == "default"
    return run


@pytest.fixture(scope="session")
def fixed_run(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """`capex run --krw-per-usd 1380` (every won conversion at one fixed rate), once for the session."""
    run = _capex_run(_session_folder(tmp_path_factory, "fixed-run"), "--krw-per-usd", "1380")
    assert run.folder.name == "fx_source-fixed_krw_per_usd-1380"
    return run


@pytest.fixture(scope="session")
def korean_run(default_run: SimpleNamespace) -> SimpleNamespace:
    """The Korean edition of the default run (`capex run` builds both: English at the folder's root, Korean
    in ko/)."""
    folder = default_run.folder / "ko"
    assert (folder / "index.html").is_file() and (default_run.folder / "index.html").is_file()
    return SimpleNamespace(folder=folder, offline=default_run.offline, stderr=default_run.stderr)
