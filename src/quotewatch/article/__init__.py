"""From a page (HTML or scraped text) to an `Article`: title, clean body, date, dateline, agency."""

from quotewatch.article.extract import extract_article

__all__ = ["extract_article"]
