"""quotewatch: who said what, when, about whom — quotations and their speakers from news pages.

>>> import quotewatch
>>> result = quotewatch.extract(open("page.html").read())
>>> [(q.speaker.name if q.speaker else None, q.text) for q in result.quotes]
"""

from quotewatch.model import Article, Extraction, Quote, Speaker, SpeakerRef
from quotewatch.pipeline import extract

__version__ = "0.1.0"
__all__ = ["extract", "Article", "Extraction", "Quote", "Speaker", "SpeakerRef", "__version__"]
