"""Bounded reads: every file the tool opens (data tables, provenance, scenario and ECB files, notebooks, run
records, manifests, a scenario's own CSV and JSON files, the library files it hashes) goes through here.

A path may name something that is not a file at all: a FIFO (reading it waits forever for a writer),
/dev/zero or /dev/urandom (reading never ends), a symlink to one of those, or simply a file far larger
than anything this project reads. Each is refused at once with its path, before a byte is read: the
file is opened without blocking, checked with fstat (after symlinks are followed) and read only up to
its limit (a file that grows while it is read is refused too).

During a run, what is read is also checked against what the run hashed at its start
(capexlib.core.inputs): a file whose bytes changed since is an error, never a second version.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from typing import BinaryIO

from . import inputs
from .echo import echo

MiB = 2**20
MAX_TABLE_BYTES = 16 * MiB  # a data table or a scenario's CSV; the largest data table today is about 40 KB
MAX_YAML_BYTES = MiB  # a provenance or scenario file: a few KB
MAX_NOTEBOOK_BYTES = 64 * MiB  # a notebook with its outputs: the largest today is about 700 KB
MAX_ECB_BYTES = 16 * MiB  # an ECB history file, or the CSV inside its zip: the full history is about 2 MB
MAX_JSON_BYTES = 16 * MiB  # a scenario's claimreview.jsonld (about 120 KB) or params.json
MAX_RECORD_BYTES = MiB  # a run's record of a request (about 2 KB)
MAX_MANIFEST_BYTES = MiB  # a scenario folder's manifest (about 3 KB)
MAX_SOURCE_BYTES = 64 * MiB  # a library file hashed for the cache key (the largest, a font, is about 4 MB)
MAX_OUTPUT_BYTES = 256 * MiB  # a file of a scenario folder, hashed for its manifest (the largest is about 1 MB)
_CHUNK = MiB

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def shown_path(path: str | os.PathLike[str] | bytes) -> str:
    """A path as a message shows it: whole when it is of readable length, else its start (quoted, cut);
    a byte that is not UTF-8 is shown escaped, never raised on."""
    text = os.fsdecode(path) if isinstance(path, bytes) else os.fspath(path)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 200 else echo(text, 200)


def kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _open_checked(path: str | os.PathLike[str], error: type[Exception], what: str, limit: int) -> tuple[int, int]:
    """(a descriptor, the size) when `path` is a regular file of at most `limit` bytes; `error` naming the path
    otherwise. The caller closes the descriptor."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise error(f"{shown_path(path)}: {what} missing") from None
    except (OSError, ValueError) as e:  # ValueError: a NUL in the path
        raise error(f"{shown_path(path)}: cannot read the {what}: {getattr(e, 'strerror', None) or e}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown_path(path)}: not a regular file ({kind(info.st_mode)}); the {what} must be a file")
        if info.st_size > limit:
            raise error(f"{shown_path(path)}: larger than {limit:,} bytes ({info.st_size:,}); not a {what} this project reads")
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


@contextlib.contextmanager
def open_regular_file(
    path: str | os.PathLike[str], error: type[Exception], what: str = "file", limit: int = MAX_TABLE_BYTES
) -> Iterator[tuple[BinaryIO, int]]:
    """(the open file, its size) when `path` is a regular file of at most `limit` bytes; `error` naming the path otherwise."""
    fd, size = _open_checked(path, error, what, limit)
    try:
        handle = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    with handle:
        try:
            yield handle, size
        except OSError as e:
            raise error(f"{shown_path(path)}: cannot read the {what}: {e.strerror or e}") from None


def _chunks(handle: BinaryIO, limit: int, where: str, what: str, error: type[Exception]) -> Iterator[bytes]:
    size = 0
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return
        size += len(chunk)
        if size > limit:  # it grew while we read
            raise error(f"{where}: larger than {limit:,} bytes; not a {what} this project reads")
        yield chunk


def real_path(handle: BinaryIO, path: str | os.PathLike[str]) -> str:
    """Where an open file really is (Linux: from its descriptor, so a symlink re-pointed since does not matter)."""
    return _real_path(handle.fileno(), path)


def _real_path(fd: int, path: str | os.PathLike[str]) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)


def read_regular_file(
    path: str | os.PathLike[str],
    error: type[Exception],
    what: str = "file",
    limit: int = MAX_TABLE_BYTES,
    *,
    run_input: bool = False,
) -> bytes:
    """The bytes of the regular file `path` (at most `limit`); `error` naming the path otherwise. A `run_input`
    (a data table, a provenance file, a notebook, an ECB file) must also hold, while a run is in progress,
    the bytes the run hashed for it at its start (capexlib.core.inputs)."""
    with open_regular_file(path, error, what, limit) as (handle, _):
        data = b"".join(_chunks(handle, limit, shown_path(path), what, error))
        if run_input:
            inputs.check(real_path(handle, path), hashlib.sha256(data).hexdigest(), shown_path(path), error)
    return data


def hash_regular_file(
    path: str | os.PathLike[str], error: type[Exception], what: str = "file", limit: int = MAX_SOURCE_BYTES
) -> tuple[str, str, int]:
    """(sha256, real path, size) of the regular file `path`, read in chunks (never whole), at most `limit` bytes.

    The same checks as `open_regular_file` and `_chunks`, on the bare descriptor: a cache hit hashes some 200
    files (capexlib.run.cache), and the file object, the generators and the context manager cost more than
    reading a small file does."""
    h = hashlib.sha256()
    size = 0
    fd, _ = _open_checked(path, error, what, limit)
    try:
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            except OSError as e:
                raise error(f"{shown_path(path)}: cannot read the {what}: {e.strerror or e}") from None
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # it grew while we read
                raise error(f"{shown_path(path)}: larger than {limit:,} bytes; not a {what} this project reads")
            h.update(chunk)
        return h.hexdigest(), _real_path(fd, path), size
    finally:
        os.close(fd)


def json_depth(value: object, limit: int, level: int = 0) -> int:
    """How deep parsed JSON nests (an object or array is one level), counted no further than past `limit`:
    a file capex wrote nests a few levels, and a deeper one is not one of them."""
    if level > limit:
        return level
    if isinstance(value, dict):
        return max((json_depth(v, limit, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((json_depth(v, limit, level + 1) for v in value), default=level)
    return level
