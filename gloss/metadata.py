"""Part of stage 4, render: what a page says about itself to search engines and social cards.

Each page gets a `PageMeta` (canonical URL, Open Graph and Twitter values, JSON-LD
blocks) prepared here, so `base.html` only prints it. Absolute URLs come from the
base URL alone and are left out when none is known; links between pages stay relative.

JSON-LD follows schema.org. The article page carries one `NewsArticle` for the annotated
copy. The `ClaimReview`s, one per claim whose verdict is not `opinion`, shaped to Google's
fact-check structured-data requirements, go to their own file, `claimreview.jsonld`, linked
from the page: since 2021 Google gives a page with several ClaimReviews no fact-check result,
and in June 2025 it retired that result altogether, so inline they would only weigh down the
page (a fifth of it for the shipped article) for readers who never see them. Aggregators and
other tools that read ClaimReview fetch the file.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from markupsafe import Markup

from .model import Article, Claim

# The verdict scale as a 1–5 rating, higher is truer. 2 is unused: the contract has no
# "mostly inaccurate". `unverified` gets no number (we did not rate it: the rating carries
# its name only) and `opinion` gets no ClaimReview at all (nothing checkable to review).
RATINGS: dict[str, int] = {"inaccurate": 1, "mixed": 3, "mostly-accurate": 4, "accurate": 5}
WORST_RATING, BEST_RATING = 1, 5
UNREVIEWED = "opinion"
# The open-data files `export` writes, linked from every page's footer.
OPEN_DATA = (
    ("annotations.jsonld", "annotations (W3C Web Annotation)"),
    ("claimreview.jsonld", "fact-checks (schema.org ClaimReview)"),
    ("timeline.json", "timeline (TimelineJS)"),
    ("sources.json", "sources (CSL-JSON)"),
    ("facts.csv", "facts (CSV)"),
)


class PageMeta(NamedTuple):
    canonical: str | None  # absolute; None without a base URL
    og_type: str
    site_name: str
    robots: str | None  # e.g. "noindex" for the 404 page
    root: str  # prefix for links to the site's files: "" on pages at the root, a path from the host on 404.html
    json_ld: tuple[Markup, ...]
    open_data: tuple[tuple[str, str], ...] = OPEN_DATA


def page_meta(article: Article, page: str) -> PageMeta:
    is_404 = page == "404.html"
    return PageMeta(
        canonical=None if is_404 else canonical_url(article, page),
        og_type="article" if page == "index.html" else "website",
        site_name=article.site_name,
        robots="noindex" if is_404 else None,
        root=article.root_path if is_404 else "",
        json_ld=(script_json(news_article(article)),) if page == "index.html" else (),
    )


def canonical_url(article: Article, page: str) -> str | None:
    """The page's public URL; the article page is the site's root."""
    return article.public_url("" if page == "index.html" else page)


def claim_url(article: Article, claim: Claim) -> str | None:
    """A claim's permalink, absolute."""
    page = canonical_url(article, "index.html")
    return f"{page}#{claim.anchor}" if page else None


def claim_reviews(article: Article) -> dict[str, object]:
    """`claimreview.jsonld`: every checkable claim's ClaimReview, in reading order."""
    reviews = [claim_review(article, claim) for claim in article.claims if claim.verdict.name != UNREVIEWED]
    return {"@context": "https://schema.org", "@graph": reviews}


def news_article(article: Article) -> dict[str, object]:
    data: dict[str, object] = {"@context": "https://schema.org", **_work(article), "inLanguage": article.language}
    if article.subtitle:
        data["description"] = article.subtitle
    if article.url:
        data["isBasedOn"] = article.url
    if url := canonical_url(article, "index.html"):
        data["url"] = url
        data["mainEntityOfPage"] = url
    return data


def original_work(article: Article) -> dict[str, object]:
    """The original article, where the reviewed claims appear."""
    work = _work(article)
    if article.url:
        work["url"] = article.url
    return work


def _work(article: Article) -> dict[str, object]:
    """What this page and the original share: the original's headline, byline and date."""
    return {
        "@type": "NewsArticle",
        "headline": article.title,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": article.publisher},
        "datePublished": article.published.iso,
    }


def rating(claim: Claim) -> dict[str, object]:
    data: dict[str, object] = {"@type": "Rating"}
    if claim.verdict.name in RATINGS:
        data["ratingValue"] = RATINGS[claim.verdict.name]
    data.update(
        bestRating=BEST_RATING,
        worstRating=WORST_RATING,
        alternateName=claim.verdict.label,
        name=claim.verdict.label,
    )
    # No ratingExplanation: the note is on the page beside the claim, and repeating all of
    # them here would double the page's weight for a property Google's fact-check docs don't list.
    return data


def claim_review(article: Article, claim: Claim) -> dict[str, object]:
    reviewer: dict[str, object] = {"@type": "Organization", "name": article.fact_checker}
    if home := article.public_url(""):
        reviewer["url"] = home
    data: dict[str, object] = {
        "@type": "ClaimReview",
        "claimReviewed": claim.quote,
        "reviewRating": rating(claim),
        "itemReviewed": {
            "@type": "Claim",
            "appearance": original_work(article),
            "author": {"@type": "Person", "name": article.author},
            "datePublished": article.published.iso,
        },
        "author": reviewer,
    }
    if url := claim_url(article, claim):
        data["url"] = url
    if reviewed := review_date(claim):
        data["datePublished"] = reviewed
    return data


def review_date(claim: Claim) -> str | None:
    """When we checked the claim: the latest day we read one of its sources.

    The contract has no date for the review itself; `accessed` is the closest fact we hold.
    """
    dates = [source.accessed for source in claim.sources if source.accessed is not None]
    return max(dates, key=lambda date: date.end).iso if dates else None


def script_json(data: object) -> Markup:
    """JSON for a `<script type="application/ld+json">`: no text inside it can close the element.

    `<`, `>` and `&` only occur inside JSON strings, where their \\u escapes mean the same.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact keeps json's C encoder
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
