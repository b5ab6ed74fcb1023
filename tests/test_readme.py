"""The README's findings are generated from the scorecard and cannot go stale."""

from capexlib.core.paths import PROJECT_ROOT
from capexlib.report import readme
from capexlib.run import outputs


def test_the_readme_findings_are_current():
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.render(text, outputs.findings(outputs.compute({}))) == text, "run `make normalize`"


def test_the_readme_opens_with_the_two_commands():
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
