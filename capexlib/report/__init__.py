"""Where figures are shown: the only place that rounds or draws.

present  exact values as the strings a reader sees (all rounding for display)
charts   every chart, with Hangul fonts and alt text
fonts    the bundled NanumGothic: chart fonts and the subset embedded in pages
site     HTML pages of executed notebooks, and index.html (templates/)
exports  scorecard.csv and ClaimReview JSON-LD
hindsight_exports  hindsight.csv and its ClaimReview JSON-LD (how the claims aged)
readme   the README's findings block
"""
