"""What keeps `capex run` fast stays in place: a cached answer imports only what it needs and finds its
bytecode cached, the hashing loop gives what hashlib gives, the site is built without matplotlib, and the
font read ahead while notebooks run gives the same subset (benchmarks/bench_run.py measures the times)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from capexlib.core import readfile
from capexlib.core.paths import PROJECT_ROOT
from capexlib.run.errors import RunError


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return set(done.stdout.split())


def test_a_cached_answer_imports_no_dataclasses_fx_modules_or_secrets():
    """Each of these cost milliseconds of a cached run's ~0.06 s (dataclasses with inspect ~9 ms, the fx
    modules behind the parameters' defaults ~8 ms, secrets ~5 ms) and none is needed to answer."""
    loaded = _modules_after("from capexlib.run import quick")
    unwanted = {"dataclasses", "inspect", "secrets", "shutil", "decimal", "capexlib.run.params", "capexlib.core.fx"}
    assert loaded & unwanted == set()


def test_a_miss_leaves_the_cached_answers_bytecode_even_without_bytecode_writing(tmp_path):
    """With $PYTHONDONTWRITEBYTECODE set, the modules a cached answer imports are compiled once (on a miss),
    not on every cached run; written where the interpreter would write them ($PYTHONPYCACHEPREFIX here)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp_path)}
    code = "import sys\nfrom capexlib.run import quick\nquick._keep_bytecode()\nprint(sys.dont_write_bytecode)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == "True"  # the interpreter's setting is left as it was
    written = {p.name.split(".")[0] for p in tmp_path.rglob("*.pyc")}
    assert {"quick", "record", "cache", "files", "scenario", "readfile", "paths"} <= written


@pytest.mark.parametrize("size", [0, 1, readfile._CHUNK - 1, readfile._CHUNK, readfile._CHUNK + 1, 2 * readfile._CHUNK + 5])
def test_hashing_a_file_gives_hashlibs_digest_its_real_path_and_size(tmp_path, size):
    data = os.urandom(size)
    target = tmp_path / "f.bin"
    target.write_bytes(data)
    link = tmp_path / "link"
    link.symlink_to(target)
    assert readfile.hash_regular_file(link, RunError) == (hashlib.sha256(data).hexdigest(), str(target), size)


def test_hashing_refuses_what_reading_refuses_with_the_same_words(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 11)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (big, fifo, tmp_path, tmp_path / "missing"):
        with pytest.raises(RunError) as hashed:
            readfile.hash_regular_file(path, RunError, "data table", 10)
        with pytest.raises(RunError) as read:
            readfile.read_regular_file(path, RunError, "data table", 10)
        assert str(hashed.value) == str(read.value)


def test_the_site_is_built_without_importing_matplotlib():
    """The notebooks draw the charts; the process that builds the site only names their sources, and
    importing matplotlib there cost ~0.3 s of CPU the notebooks' workers were waiting for."""
    assert "matplotlib" not in _modules_after("import capexlib.report.site")
    # Nor by the run's parent at all: the command line, the run and its outputs (the README findings once
    # reached matplotlib through the charts' column names).
    for module in ("capexlib.cli", "capexlib.run.series", "capexlib.run.outputs", "capexlib.report.readme"):
        assert "matplotlib" not in _modules_after(f"import {module}"), module


def test_the_chart_notes_name_the_sources_as_the_charts_do():
    from capexlib.report import chart_notes
    from capexlib.report.charts import base

    assert (chart_notes.ECB, chart_notes.CHECKS) == (base.ECB, base.CHECKS)


def test_a_font_read_ahead_gives_the_same_subset(tmp_path):
    """fonts.warm reads the font while the notebooks run; the subset cut from it is byte for byte the one
    cut from a font read at the end (each in a fresh process, as a run has)."""
    code = (
        "import hashlib\nfrom capexlib.report import fonts\n"
        "if sys.argv[1] == 'ahead':\n    fonts.warm()\n"
        "print(hashlib.sha256(fonts.subset(set('가나다한국어中美'))).hexdigest())"
    )
    digests = {
        how: subprocess.run(
            [sys.executable, "-c", f"import sys\n{code}", how], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout
        for how in ("ahead", "at the end")
    }
    assert digests["ahead"] == digests["at the end"] != ""


def test_a_real_path_is_where_the_file_is(tmp_path: Path):
    target = tmp_path / "a.txt"
    target.write_text("a", encoding="utf-8")
    with readfile.open_regular_file(target, RunError) as (handle, size):
        assert readfile.real_path(handle, target) == str(target) and size == 1


def test_every_language_compiles_a_site_template_to_the_same_code():
    """templating.warm compiles the templates once, in one language's environment, for every language: sound
    only while no environment compiles them differently."""
    from capexlib.report import templating
    from capexlib.report.i18n import LANGUAGES

    env = templating.environment("en")
    names = env.list_templates(filter_func=lambda n: n.endswith(".html.j2") and n != templating.NBCONVERT_TEMPLATE)
    assert "claims.html.j2" in names and "site_page.html.j2" in names
    for name in names:
        source, filename, _ = env.loader.get_source(env, name)
        compiled = {templating.environment(lang).compile(source, name, filename) for lang in LANGUAGES}
        assert len(compiled) == 1, name
