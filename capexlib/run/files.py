"""Writing so that a reader never sees half of anything, and concurrent runs never trip over each other.

- `atomic_write`: write beside, then rename over. The temporary file is created with mode 0666 and the
  umask applied, as any new file is (mkstemp would make every export 0600).
- `write_if_changed`: the same, only when the bytes differ (so "wrote" is only said of a real change).
- A scenario folder is built in `reports/.<name>.tmp-XXXXXXXX` and swapped into `reports/<name>` under a
  per-scenario lock (`reports/.<name>.lock`, fcntl.flock): two runs of one scenario never swap at once
  (without the lock, three processes swapping in a loop failed with `Directory not empty`).
- `clean_leftovers`: a killed run leaves its temp folder, an old folder being swapped out, and its lock
  file. Each is removed by the next run once that scenario's lock can be taken, so a concurrent run's
  folder in progress is never touched.
- `check_reports_folder`: where scenario folders may be written (not inside a scenario folder, not
  overlapping an input).
- `set_aside`: no run deletes what it did not make. Before a scenario folder is replaced, whatever in it
  its manifest does not list as written by capex (a `.ipynb_checkpoints` folder JupyterLab made, a
  notebook a reader edited and saved there, a nested folder) is moved to `reports/kept/<scenario>/<n>/`,
  and the run says where. A folder without a readable manifest is kept whole.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from ..core.paths import is_within
from ..core.readfile import shown_path
from .cache import MANIFEST_FILE, ManifestError, differences, folder_entries, read_manifest
from .errors import RunError
from .scenario import KEPT

_TMP, _OLD, _LOCK = ".tmp-", ".old-", ".lock"


def _random_name(prefix: str) -> str:
    return f"{prefix}{os.urandom(4).hex()}"  # secrets.token_hex(4), without importing secrets (~5 ms on a cache hit)


def atomic_write(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with LF line ends) in one rename.

    The file gets the mode a new file gets (0666 less the umask), whatever mode the old one had.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    for _ in range(100):
        tmp = path.parent / f"{_random_name(f'.{path.name}.')}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 random names taken
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """`atomic_write` when `path` does not already hold exactly `data`; True when it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.is_file() and path.read_bytes() == payload:
            return False
    except OSError:
        pass
    atomic_write(path, payload)
    return True


def new_temp_folder(root: Path, name: str) -> Path:
    """A new empty folder `root/.<name>.tmp-XXXXXXXX`, mode 0777 less the umask (mkdtemp would make it 0700)."""
    while True:
        folder = root / _random_name(f".{name}{_TMP}")
        try:
            folder.mkdir(0o777)
        except FileExistsError:
            continue
        return folder


class ScenarioLock:
    """An exclusive lock on one scenario of a reports folder, held while its folder is built and swapped.

    The lock file `root/.<name>.lock` is removed when the lock is released. A waiter that then holds a
    lock on the removed file notices (the path names another file, or none) and locks again, so at most
    one process holds the lock on the file the path names.
    """

    def __init__(self, root: Path, name: str, *, on_wait: Callable[[str], None] | None = None, blocking: bool = True):
        self.path = root / f".{name}{_LOCK}"
        self.name = name
        self._on_wait = on_wait
        self._blocking = blocking
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False (without waiting) when another process holds it and blocking is off."""
        told = False
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if not self._blocking:
                        os.close(fd)
                        return False
                    if self._on_wait is not None and not told:
                        self._on_wait(f"waiting for another capex run of the scenario {self.name!r} to finish")
                        told = True
                    fcntl.flock(fd, fcntl.LOCK_EX)
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False  # the holder removed the file as it released the lock
            except BaseException:
                os.close(fd)
                raise
            if same:
                self._fd = fd
                return True
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # while still holding the lock: see the class docstring
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> ScenarioLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def swap_into_place(tmp: Path, final: Path) -> None:
    """Replace the folder `final` by `tmp`; the previous folder is kept until the new one is in place.

    The caller holds the scenario's `ScenarioLock`.
    """
    old = None
    if final.exists():
        old = final.parent / _random_name(f".{final.name}{_OLD}")
        os.replace(final, old)  # a rename: atomic on one file system
    try:
        os.replace(tmp, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    finally:
        if old is not None and old.exists():
            _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        import shutil  # noqa: PLC0415 - only when a leftover is removed, never on a plain cache hit

        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _leftover_scenario(entry: str) -> str | None:
    """The scenario a leftover entry of a reports folder belongs to ('.x.tmp-1a2b3c4d' -> 'x'), or None."""
    if not entry.startswith("."):
        return None
    for marker in (_TMP, _OLD):
        name, found, suffix = entry[1:].rpartition(marker)
        if found and name and len(suffix) == 8 and all(c in "0123456789abcdef" for c in suffix):
            return name
    if entry.endswith(_LOCK) and len(entry) > len(_LOCK) + 1:
        return entry[1 : -len(_LOCK)]
    return None


def leftovers(root: Path) -> dict[str, list[Path]]:
    """{scenario: [its temp folders, old folders and lock file]} in a reports folder."""
    found: dict[str, list[Path]] = {}
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return {}
    for entry in entries:
        name = _leftover_scenario(entry.name)
        if name is not None:
            found.setdefault(name, []).append(entry)
    return found


def clean_leftovers(root: Path, holding: str | None = None) -> list[Path]:
    """Remove what killed runs left in `root`; returns what was removed.

    A scenario's leftovers are stale once its lock can be taken (no run of it is in progress). For the
    scenario `holding` (whose lock the caller holds) every temp and old folder is stale.
    """
    removed: list[Path] = []
    for name, paths in leftovers(root).items():
        if name == holding:
            stale = [p for p in paths if not p.name.endswith(_LOCK)]
            for path in stale:
                _remove(path)
            removed += stale
            continue
        lock = ScenarioLock(root, name, blocking=False)
        try:
            if not lock.acquire():
                continue  # a run of that scenario is in progress: its folder is not stale
        except OSError:
            continue
        try:
            for path in paths:
                if path != lock.path:
                    _remove(path)
                removed.append(path)
        finally:
            lock.release()  # removes the lock file too
    return sorted(removed)


@contextlib.contextmanager
def locked_scenario(root: Path, name: str, on_wait: Callable[[str], None] | None = None) -> Iterator[ScenarioLock]:
    """`ScenarioLock` as a context manager that also removes the scenario's own stale leftovers."""
    with ScenarioLock(root, name, on_wait=on_wait) as lock:
        clean_leftovers(root, holding=name)
        yield lock


def foreign_entries(final: Path) -> list[str]:
    """What in the scenario folder `final` capex did not write, by relative path: entries its manifest does not
    list, and listed files that changed since (a reader's edit). Everything, when there is no readable manifest."""
    entries: Mapping[str, tuple[str, int]] | None
    try:
        _, entries = read_manifest(final)
    except (FileNotFoundError, ManifestError):
        entries = None
    if entries is None:
        return sorted(rel for rel in folder_entries(final) if "/" not in rel)
    _, added, changed = differences(final, entries)
    return sorted(added + changed)


def set_aside(final: Path) -> tuple[Path, list[str]] | None:
    """Move what capex did not write out of `final` into a new `reports/kept/<scenario>/<n>/`, keeping each
    path; (that folder, what was moved), or None when there was nothing. The caller holds the scenario's lock."""
    if not final.is_dir() or final.is_symlink():
        return None
    foreign = foreign_entries(final)
    if not foreign:
        return None
    base = final.parent / KEPT / final.name
    base.mkdir(parents=True, exist_ok=True)
    number = 1
    while True:
        target = base / str(number)
        try:
            target.mkdir(0o777)
            break
        except FileExistsError:
            number += 1
    for rel in foreign:
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(final / rel, destination)
    return target, foreign


def check_reports_folder(root: Path, final: Path, inputs: Sequence[tuple[Path, str]] = ()) -> None:
    """The reports folder can hold scenario folders: it and the scenario folder are folders (or do not exist
    yet), it is inside no scenario folder (the next plain run of that scenario would replace it), and it
    overlaps no input (`inputs`: (path, what it is)); each is said in words."""
    for path, what in ((root, "a folder"), (final, "a scenario folder")):
        if path.exists() and not path.is_dir():
            raise RunError(
                f"{shown_path(path)} is a file, not {what}: capex writes each scenario into a folder there "
                "(move the file away, or run elsewhere)"
            )
        if not path.exists() and path.is_symlink():
            raise RunError(f"{shown_path(path)} is a broken symlink, not {what}")
    for folder in (root, *root.parents):
        if (folder / MANIFEST_FILE).exists():
            raise RunError(
                f"--reports {shown_path(root)} is inside {shown_path(folder)}, a scenario folder a run wrote: "
                "the next run of that scenario would replace what is written here; choose a folder outside it"
            )
    for path, what in inputs:
        if is_within(root, path):
            raise RunError(
                f"--reports {shown_path(root)} is {'the same as' if root == path else 'inside'} {what} {shown_path(path)}: "
                "a run would change its own inputs (and their hash, so no run would ever be served from the cache); "
                "choose a folder outside it"
            )
        if is_within(path, root) and path != root:
            first = path.relative_to(root).parts[0]
            if first in (final.name, KEPT) or first.startswith(".") or (root / first / MANIFEST_FILE).exists():
                raise RunError(
                    f"{what} {shown_path(path)} is inside {shown_path(root / first)}, which runs write and replace: "
                    "move it out of the reports folder"
                )
