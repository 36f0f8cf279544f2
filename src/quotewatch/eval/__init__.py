"""`quotewatch eval`: precision, recall and F1 of quotation detection against annotated data."""

from quotewatch.eval.run import evaluate, render

__all__ = ["evaluate", "render"]
