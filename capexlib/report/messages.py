"""`make messages` for the catalogues that are not the site's own words: the notebooks' prose and the
data's reader-visible text (`python -m capexlib.report.messages [--missing]`)."""

from __future__ import annotations

import argparse
import sys

from . import catalogue, datatext, prose


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m capexlib.report.messages", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list what is untranslated instead of refreshing")
    args = parser.parse_args(argv)
    if args.missing:
        gaps = [
            f"{lang} {domain}: {gap}"
            for lang in catalogue.TRANSLATED
            for domain, gap in [*(("notebooks", g) for g in prose.missing(lang)), *(("data", g) for g in datatext.missing(lang))]
        ]
        print("\n".join(gaps) or "everything is translated")
        return 1 if gaps else 0
    for path in catalogue.update(prose.DOMAIN, prose.entries()) + catalogue.update(datatext.DOMAIN, datatext.entries()):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
