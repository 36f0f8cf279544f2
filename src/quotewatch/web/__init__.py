"""The analyst's web interface (`quotewatch serve`)."""

from quotewatch.web.app import create_web_app

__all__ = ["create_web_app"]
