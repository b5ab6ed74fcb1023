"""The cache hit proves the folder is what the key says: a manifest of every file with its hash, checked on a
hit. The check imports nothing heavy, so it can run before pandas or nbformat load."""

from __future__ import annotations

import subprocess
import sys

import pytest

from capexlib.core.paths import PROJECT_ROOT
from capexlib.run import cache

KEY = "a" * 64


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "default"
    out.mkdir()
    (out / "index.html").write_text("<html>" + "x" * 500 + "</html>\n", encoding="utf-8")
    (out / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
    (out / "01_a.ipynb").write_bytes(b"{}\n")
    cache.write_manifest(out, KEY)
    return out


def test_an_intact_folder_is_a_hit(folder):
    status = cache.cache_status(folder, KEY)
    assert status.hit and status.problem is None
    assert (folder / cache.MANIFEST_FILE).read_text(encoding="utf-8").splitlines()[:2] == ["capex-manifest 1", f"key {KEY}"]


def test_another_key_is_a_miss_not_damage(folder):
    status = cache.cache_status(folder, "b" * 64)
    assert not status.hit and status.problem is None


def test_no_folder_is_a_miss(tmp_path):
    status = cache.cache_status(tmp_path / "nope", KEY)
    assert not status.hit and status.problem is None


def test_a_truncated_and_a_removed_file_are_damage(folder):
    """`truncate -s 100 index.html; rm headline.csv; capex run` was served as a cache hit."""
    with (folder / "index.html").open("r+b") as f:
        f.truncate(100)
    (folder / "headline.csv").unlink()
    status = cache.cache_status(folder, KEY)
    assert not status.hit
    assert status.problem == "headline.csv missing, index.html changed"


def test_a_same_size_edit_is_damage(folder):
    data = bytearray((folder / "index.html").read_bytes())
    data[10] ^= 1
    (folder / "index.html").write_bytes(bytes(data))
    assert cache.cache_status(folder, KEY).problem == "index.html changed"


def test_an_unexpected_file_is_damage(folder):
    (folder / "evil.html").write_text("<script>", encoding="utf-8")
    assert cache.cache_status(folder, KEY).problem == "evil.html not in the manifest"


@pytest.mark.parametrize("text", ["", "capex-manifest 1\n", "garbage\nkey x\n", "capex-manifest 1\nkey " + KEY + "\nbad line\n"])
def test_a_damaged_manifest_is_damage(folder, text):
    (folder / cache.MANIFEST_FILE).write_text(text, encoding="utf-8")
    status = cache.cache_status(folder, KEY)
    assert not status.hit and status.problem is not None and "manifest" in status.problem


def test_a_missing_manifest_in_an_existing_folder_is_damage(folder):
    (folder / cache.MANIFEST_FILE).unlink()
    status = cache.cache_status(folder, KEY)
    assert not status.hit and status.problem == "no manifest"


def test_the_cache_check_imports_nothing_heavy():
    """The cache decision comes before any heavy import: this module must stay standard library."""
    code = (
        "import sys, capexlib.run.cache; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas', 'numpy', 'nbformat', 'papermill', 'yaml', 'babel', 'jupyter_client', 'matplotlib', 'jinja2'})))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
