"""One `capex run` builds the site in every language into one scenario folder (English at its root, Korean in
ko/) under one manifest; what changes only how the pages are rendered (the site's address, the editions
built, a language no notebook reads) renders them again from the executed notebooks already in the folder,
executing nothing; a notebook that declares `lang` runs in each edition's language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from capexlib import cli
from capexlib.report import i18n, options
from capexlib.run import cache, editions, record, series, workers
from capexlib.run.params import ParamError


def _notebook(folder: Path, name: str, params: str, code: str, title: str) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nSome prose."), cell, nbformat.v4.new_code_cell(code)]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, dict[str, object]]]]:
    """Every notebook the workers execute, with its parameters, as (name, parameters)."""
    seen: list[tuple[str, dict[str, object]]] = []
    real = workers.Pool.run

    def counting(self, tasks, cwd, on_done, pins=None):  # type: ignore[no-untyped-def]
        seen.extend((Path(nb).name, dict(params)) for nb, params in tasks)
        return real(self, tasks, cwd, on_done, pins)

    monkeypatch.setattr(workers.Pool, "run", counting)
    yield seen


def _run(root: Path, **kwargs: object) -> Path:
    return series.run_series({}, out_root=root / "reports", notebooks_dir=root / "nbs", progress=False, jobs=1, **kwargs)  # type: ignore[arg-type]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_one_run_builds_both_editions_and_a_site_url_change_executes_nothing(tmp_path, executions):
    _notebook(tmp_path / "nbs", "01_a.ipynb", "tolerance_pct = 5.0", "print(tolerance_pct)", "First")
    _notebook(tmp_path / "nbs", "02_b.ipynb", 'label = "x"', "print(label)", "Second")
    folder = _run(tmp_path)
    assert folder == tmp_path / "reports" / "default"
    assert sorted(name for name, _ in executions) == ["01_a.ipynb", "02_b.ipynb"]  # once each: no notebook reads lang
    for name in ("index.html", "claims.html", "01_a.html", "01_a.ipynb", "claimreview.jsonld", "params.json"):
        assert (folder / name).is_file() and (folder / "ko" / name).is_file(), name
    assert not (folder / "ko" / cache.MANIFEST_FILE).exists()  # one manifest, for both editions
    key, runs, entries = cache.read_full_manifest(folder)
    assert set(runs) == {"en", "ko"} and runs["en"] == runs["ko"] and "ko/index.html" in entries
    assert (folder / "01_a.ipynb").read_bytes() == (folder / "ko" / "01_a.ipynb").read_bytes()

    english, korean = (folder / "claims.html").read_text("utf-8"), (folder / "ko" / "claims.html").read_text("utf-8")
    assert '<html lang="en">' in english and '<html lang="ko">' in korean
    assert 'class="lang-switch" href="ko/claims.html" hreflang="ko" lang="ko">한국어</a>' in english
    assert 'class="lang-switch" href="../claims.html" hreflang="en" lang="en">English</a>' in korean
    page = (folder / "ko" / "01_a.html").read_text("utf-8")
    assert 'href="../01_a.html" hreflang="en"' in page and '<html lang="ko">' in page
    reviews = {
        lang: json.loads((editions.folder_of(folder, lang) / "claimreview.jsonld").read_text("utf-8")) for lang in ("en", "ko")
    }
    assert {r["inLanguage"] for r in reviews["en"]} == {"en"} and {r["inLanguage"] for r in reviews["ko"]} == {"ko"}
    assert {r["itemReviewed"]["appearance"]["inLanguage"] for r in reviews["ko"]} == {"ko"}  # the articles' own language
    assert all(r["url"].startswith("claims.html#claim-") for r in reviews["ko"])  # its edition's own claims page

    before = _files(folder)
    executions.clear()
    assert _run(tmp_path, site_url="https://example.org/capex") == folder
    assert executions == []  # only the rendering changed: no notebook ran
    after = _files(folder)
    assert {name for name in after if name.endswith(".ipynb")} == {name for name in before if name.endswith(".ipynb")}
    assert all(after[name] == before[name] for name in after if name.endswith(".ipynb"))
    urls = [r["url"] for r in json.loads((folder / "ko" / "claimreview.jsonld").read_text("utf-8"))]
    assert all(url.startswith("https://example.org/capex/ko/claims.html#claim-") for url in urls)
    new_key, _, _ = cache.read_full_manifest(folder)
    assert new_key != key and cache.cache_status(folder, new_key).hit  # the manifest still proves the folder

    assert _run(tmp_path, site_url="https://example.org/capex", lang="ko") == folder / "ko"  # one edition, nothing run
    assert not (folder / "index.html").exists() and (folder / "ko" / "index.html").is_file()
    assert 'class="lang-switch"' not in (folder / "ko" / "claims.html").read_text("utf-8")  # no other edition to switch to
    assert _run(tmp_path) == folder and _files(folder) == before  # both again, byte for byte the first run's
    assert executions == []


@pytest.mark.slow
def test_a_notebook_that_declares_lang_runs_in_each_editions_language(tmp_path, executions):
    _notebook(tmp_path / "nbs", "01_a.ipynb", "tolerance_pct = 5.0", "print(tolerance_pct)", "First")
    _notebook(tmp_path / "nbs", "02_lang.ipynb", 'lang = "en"', "print('language:', lang)", "Second")
    folder = _run(tmp_path)
    assert sorted(executions, key=lambda e: (e[0], sorted(e[1].items()))) == [
        ("01_a.ipynb", {}),
        ("02_lang.ipynb", {}),
        ("02_lang.ipynb", {"lang": "ko"}),
    ]  # 01 is the same in both editions and runs once; 02 runs in each language
    assert "language: en" in (folder / "02_lang.ipynb").read_text("utf-8")
    assert "language: ko" in (folder / "ko" / "02_lang.ipynb").read_text("utf-8")
    assert "language: ko" not in (folder / "02_lang.ipynb").read_text("utf-8")
    _, runs, _ = cache.read_full_manifest(folder)
    assert runs["en"] != runs["ko"]
    assert json.loads((folder / "ko" / "params.json").read_text("utf-8"))["lang"] == "ko"
    assert 'class="capex-banner"' not in (folder / "ko" / "index.html").read_text("utf-8")  # an edition is no scenario

    executions.clear()
    _run(tmp_path, site_url="https://example.org/")
    assert executions == []
    _run(tmp_path, lang="en")
    assert executions == [] and not (folder / "ko").exists()
    _run(tmp_path)
    assert executions == [("02_lang.ipynb", {"lang": "ko"})]  # only what the folder could not give


@pytest.mark.slow
def test_the_cached_path_answers_each_edition_request(tmp_path):
    _notebook(tmp_path / "nbs", "01_a.ipynb", "tolerance_pct = 5.0", "print(tolerance_pct)", "First")
    base = ["run", "--reports", str(tmp_path / "reports"), "--notebooks", str(tmp_path / "nbs")]
    folder = tmp_path / "reports" / "default"
    for extra, shown in (([], folder), (["--lang", "ko"], folder / "ko"), (["--site-url", "https://example.org/"], folder)):
        assert cli.main([*base, *extra]) == 0
        assert record.answer([*base[1:], *extra]) == str(shown)  # the same request again: answered from its record
    assert record.answer(base[1:]) is None  # the folder holds another rendering now: the full run decides


def test_only_executed_notebooks_the_manifest_proves_are_taken_from_the_folder(tmp_path):
    """An edition's executed notebooks are taken from the folder being replaced only when each is a regular
    file of that folder whose sha256 is the one its manifest lists under the same execution key."""
    from capexlib.run import build

    folder = tmp_path / "default"
    (folder / "ko").mkdir(parents=True)
    (folder / "ko" / "01_a.ipynb").write_text("{}", encoding="utf-8")
    cache.write_manifest(folder, "r" * 64, {"ko": "k" * 64})
    notebooks = [tmp_path / "nbs" / "01_a.ipynb"]
    assert build.reusable(folder, {"ko": "k" * 64}, notebooks) == {"ko": {"01_a.ipynb": b"{}"}}
    assert build.reusable(folder, {"en": "k" * 64}, notebooks) == {"en": {"01_a.ipynb": b"{}"}}  # same key: same bytes
    assert build.reusable(folder, {"ko": "x" * 64}, notebooks) == {}  # another execution
    (folder / "ko" / "01_a.ipynb").write_text('{"edited": 1}', encoding="utf-8")
    assert build.reusable(folder, {"ko": "k" * 64}, notebooks) == {}  # not what the manifest lists
    outside = tmp_path / "elsewhere.ipynb"
    outside.write_text("{}", encoding="utf-8")
    (folder / "ko" / "01_a.ipynb").unlink()
    (folder / "ko" / "01_a.ipynb").symlink_to(outside)
    assert build.reusable(folder, {"ko": "k" * 64}, notebooks) == {}  # the right bytes, but not the folder's file


def test_each_language_has_its_folder_and_its_name_in_the_switch():
    assert [editions.subfolder(lang) for lang in editions.LANGUAGES] == ["", "ko"]
    assert editions.folder_of(Path("reports/default"), "ko") == Path("reports/default/ko")
    assert editions.folder_of(Path("reports/default"), "en") == Path("reports/default")
    assert set(options.LANGUAGE_NAMES) == set(i18n.LANGUAGES)


def test_lang_given_as_a_parameter_chooses_the_edition_and_never_names_the_folder():
    assert editions.take_language({"label": "x"}, None) == ({"label": "x"}, ("en", "ko"))
    assert editions.take_language({"lang": "ko", "label": "x"}, None) == ({"label": "x"}, ("ko",))
    assert editions.take_language({}, "en") == ({}, ("en",))
    with pytest.raises(ParamError, match="disagree"):
        editions.take_language({"lang": "ko"}, "en")
    with pytest.raises(ParamError, match="--lang must be one of en, ko"):
        editions.requested("fr")
    assert editions.shown_folder(Path("r/default"), ("ko",)) == Path("r/default/ko")
    assert editions.shown_folder(Path("r/default"), ("en", "ko")) == Path("r/default")
