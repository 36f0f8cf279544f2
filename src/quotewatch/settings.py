"""Limits and thresholds of the pipeline in one place (as trafilatura keeps its settings), so that an
operator can read what bounds the cost of a page and a developer changes them without hunting."""

from __future__ import annotations

# Input
MAX_PAGE_BYTES = 20 * 1024 * 1024  # larger "pages" are dumps or binaries, not news articles
# Compressed archives (.jsonl.gz, .warc.gz): text compresses 3-10 times, so a file that inflates more
# than this many times (once past a few megabytes) is a compression bomb and is not read further ...
MAX_COMPRESSION_RATIO = 100
# ... and no archive file yields more than this in all, whatever its ratio.
MAX_ARCHIVE_BYTES = 8 * 1024**3

# Pages are cut to this many characters before the article is extracted (HTML after its scripts and
# styles are dropped): no news page is that long, and trafilatura's cost grows with the page.
MAX_EXTRACTION_CHARS = 2_000_000
# Quotation detection, the full-text index and the near-duplicate fingerprint read at most this much of
# an article's body (the body is stored whole).
MAX_ANALYSED_CHARS = 500_000
# A "sentence" of more tokens than this is cut (the longest in 10,000 sentences of German news has 137):
# rules work sentence by sentence, and a paragraph without full stops must not become one unit of work.
MAX_SENTENCE_TOKENS = 400

# Cost of one page. Quote detection stops after this many seconds of work on one page and keeps what
# it found (with a warning), so that no input inside the size limit holds a run or a server for long.
PAGE_TIME_BUDGET = 5.0
# Attribution reads at most this many characters around a quotation for its cue and speaker: real
# introductions are a sentence long, and a paragraph of thousands of quotations must stay linear.
ATTRIBUTION_WINDOW = 1000
# Words longer than this are not given to the morphological analyser (its cost grows with the
# length of a word, and no word of a language is this long; URLs and hashes are not words).
MAX_ANALYSED_WORD = 64
# Quotations nest a few levels deep at most; openers beyond this depth are a flood of marks.
MAX_QUOTE_DEPTH = 4
# The on-disk word-analysis cache (quotewatch.analysis_cache) stops growing at this size: pages of made-up
# words must not fill a disk, and a real vocabulary's analyses take a few tens of megabytes.
MAX_ANALYSIS_CACHE_BYTES = 512 * 1024 * 1024

# Search by meaning takes this share of each language's mean vector away from statements and query
# (store/meaning.py; chosen on the fit part of tests/gold/entities), for languages with at least this
# many statements in the archive: fewer would give a mean of a few subjects rather than of a language.
MEANING_CENTERING = 0.5
MEANING_CENTERING_MIN_STATEMENTS = 30
