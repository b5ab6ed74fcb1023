"""Where figures are shown: the only place that rounds, draws or writes a page.

language         the language of what is shown (run parameter lang): catalogue words, phrases, data text
present          exact values as the strings a reader sees (all rounding for display), one module per concern
verdict_frame    the display object of a verdict table: records the claims it shows in its output metadata
charts/          every chart, one module per notebook (chart(frame) -> Chart: figure, alt text, data, sources)
fonts            the bundled NanumGothic: chart fonts and the subset every page embeds
exports          scorecard.csv and ClaimReview JSON-LD
hindsight_exports  hindsight.csv and its schema.org Dataset (how the claims aged)
readme           the README's findings block

The site (a run's pages), from the run's data, never from a page:
render           a notebook's page, rendered as it finishes (nbconvert, sanitize, typography), places left open
notebooks        what the executed notebooks record (claims shown, charts) read as data
citations        reference and outcome rows as sources; the articles
cards            a claim card per claim: verdict, reason, arithmetic, sources
banner           a scenario in words: rates, changed parameters, changed verdicts and why
site             the build: pages, chart data, the font; `context` what every page gets
index_page, reference_pages, method_page, notebook_pages, compare_page   one module per kind of page
chart_notes      each chart's sources and data link, under it
templating, slots, styles, typography, sanitize, i18n, options   templates, places, classes, type, safety, words
compare, differences   two scenarios side by side; what a scenario changed
"""
