"""Writing so that nothing is half-written, honours the umask, survives concurrent runs, and leaves nothing
behind (a killed run's leftovers, the file modes, and the folder swap under a race)."""

from __future__ import annotations

import multiprocessing
import os
import stat
import time
from pathlib import Path

import pytest

from capexlib.run import files


@pytest.fixture
def umask():
    """Set the process umask for one test, and restore it."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_to(value: int) -> None:
        os.umask(value)

    yield set_to
    os.umask(saved)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_atomic_write_honours_the_umask(tmp_path, umask, mask, expected):
    """mkstemp made every export 0600 while the rest of a scenario folder was 0644."""
    umask(mask)
    target = tmp_path / "scorecard.csv"
    files.atomic_write(target, "a,b\n")
    assert _mode(target) == expected
    target.chmod(0o600)  # a file left private by an earlier version is repaired on the next write
    files.atomic_write(target, "a,b,c\n")
    assert _mode(target) == expected and target.read_text(encoding="utf-8") == "a,b,c\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scorecard.csv"]


def test_write_if_changed_reports_only_real_changes(tmp_path):
    target = tmp_path / "claimreview.jsonld"
    assert files.write_if_changed(target, "[]\n") is True
    before = target.stat().st_mtime_ns
    time.sleep(0.01)
    assert files.write_if_changed(target, "[]\n") is False
    assert target.stat().st_mtime_ns == before
    assert files.write_if_changed(target, "[1]\n") is True
    assert target.read_text(encoding="utf-8") == "[1]\n"


@pytest.mark.parametrize("mask, expected", [(0o022, 0o755), (0o077, 0o700)])
def test_temp_folders_honour_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    folder = files.new_temp_folder(tmp_path, "default")
    assert folder.name.startswith(".default.tmp-") and _mode(folder) == expected


def _swap_loop(root: str, worker: int, rounds: int, errors) -> None:
    root_path = Path(root)
    for i in range(rounds):
        try:
            with files.ScenarioLock(root_path, "race"):
                tmp = files.new_temp_folder(root_path, "race")
                (tmp / "who.txt").write_text(f"{worker} {i}\n", encoding="utf-8")
                files.swap_into_place(tmp, root_path / "race")
        except Exception as e:
            errors.put(f"{type(e).__name__}: {e}")


def test_the_swap_survives_a_race(tmp_path):
    """Three processes swapping one scenario folder in a loop: without the lock, `Directory not empty`."""
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    workers = [ctx.Process(target=_swap_loop, args=(str(tmp_path), w, 150, errors)) for w in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == [] and all(w.exitcode == 0 for w in workers)
    assert [p.name for p in tmp_path.iterdir()] == ["race"]  # no temp folder, old folder or lock left
    assert [p.name for p in (tmp_path / "race").iterdir()] == ["who.txt"]


def test_stale_leftovers_are_cleaned_but_not_a_running_scenario(tmp_path):
    """A killed run leaves `.<name>.tmp-*`, `.<name>.old-*` and its lock file; the next run removes them,
    while a concurrent run's folder in progress (its scenario is locked) is left alone."""
    stale_tmp = tmp_path / ".killed.tmp-abcd1234"
    stale_old = tmp_path / ".killed.old-ef015678"
    for folder in (stale_tmp, stale_old / "killed"):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("half", encoding="utf-8")
    (tmp_path / ".killed.lock").write_text("", encoding="utf-8")
    (tmp_path / "default").mkdir()
    with files.ScenarioLock(tmp_path, "running"):
        live = files.new_temp_folder(tmp_path, "running")
        removed = files.clean_leftovers(tmp_path)
        assert live.is_dir()
        assert sorted(p.name for p in removed) == sorted([stale_tmp.name, stale_old.name, ".killed.lock"])
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["default", live.name, ".running.lock"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["default", live.name])  # the lock file is gone


def test_a_lock_waits_for_the_holder(tmp_path):
    ctx = multiprocessing.get_context("fork")
    started, order = ctx.Event(), ctx.Queue()

    def hold() -> None:
        with files.ScenarioLock(tmp_path, "s"):
            started.set()
            time.sleep(0.5)
            order.put("holder done")
            order.close()
            order.join_thread()  # flushed before the lock is released: the queue's order is the events' order

    holder = ctx.Process(target=hold)
    holder.start()
    assert started.wait(30)
    waited = []
    with files.ScenarioLock(tmp_path, "s", on_wait=waited.append):
        order.put("waiter in")
    holder.join(30)
    assert [order.get(), order.get()] == ["holder done", "waiter in"]
    assert waited and "another capex run" in waited[0]
    assert list(tmp_path.iterdir()) == []
