"""Bounded reads of the files a user points at: data tables, provenance files, scenario files, notebooks.

A path may name something that is not a file at all: a FIFO (reading it waits forever for a writer),
/dev/zero or /dev/urandom (reading never ends), a symlink to one of those, or simply a file far larger
than any table this project reads. Each is refused at once with its path, before a byte is read: the
file is opened without blocking, checked with fstat (after symlinks are followed) and read only up to
its limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .echo import echo

MAX_TABLE_BYTES = 16 * 2**20  # a data table; the largest today is about 40 KB
MAX_YAML_BYTES = 2**20  # a provenance or scenario file: a few KB
MAX_NOTEBOOK_BYTES = 64 * 2**20  # a notebook with its outputs: the largest today is about 300 KB

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: whole when it is of readable length, else its start (quoted, cut)."""
    text = os.fspath(path)
    return text if len(text) <= 200 else echo(text, 200)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def read_regular_file(
    path: str | os.PathLike[str], error: type[Exception], what: str = "file", limit: int = MAX_TABLE_BYTES
) -> bytes:
    """The bytes of the regular file `path` (at most `limit`); `error` naming the path otherwise."""
    where = shown_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{where}: {what} missing") from None
    except OSError as e:
        raise error(f"{where}: cannot read the {what}: {e.strerror or e}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{where}: not a regular file ({_kind(info.st_mode)}); the {what} must be a file")
        if info.st_size > limit:
            raise error(f"{where}: larger than {limit:,} bytes ({info.st_size:,}); not a {what} this project reads")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise error(f"{where}: larger than {limit:,} bytes; not a {what} this project reads")
        return b"".join(chunks)
    except OSError as e:
        raise error(f"{where}: cannot read the {what}: {e.strerror or e}") from None
    finally:
        os.close(fd)


def is_regular_file(path: Path) -> bool:
    """Whether `path` (symlinks followed) is a regular file; never raises."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False
