"""One headless Chromium for the whole session, from Debian's packages (chromium, chromium-driver), driven by
selenium: nothing is downloaded at test time.

Without the browser these tests skip with the reason, so that `make test` passes on a machine with only
Python, pip and make; with CAPEX_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from capexlib.core.paths import REPORTS_DIR

CHROMIUM = Path(os.environ.get("CAPEX_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CAPEX_CHROMEDRIVER", "/usr/bin/chromedriver"))
REQUIRED = os.environ.get("CAPEX_REQUIRE_BROWSER") == "1"
SCREENSHOTS = REPORTS_DIR / "browser"
FLAGS = (
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (it is in requirements.lock: make .venv/.installed)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.is_file():
            return f"{path} not found: apt-get install chromium chromium-driver (.ci/run does this as root)"
    return None


def latin_fonts_only(folder: Path) -> dict[str, str]:
    """The environment of a browser that sees only the DejaVu fonts, as a machine without a CJK font: the pages
    must draw Hangul with the face they embed, whatever fonts this machine has (fonts-nanum, when installed,
    would otherwise draw it and hide a page that relies on system fonts)."""
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"CAPEX_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must never fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    env = latin_fonts_only(tmp_path_factory.mktemp("fontconfig"))
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER), env=env), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})  # a page must need no network
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # keep the screenshots of the last run only
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
