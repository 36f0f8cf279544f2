"""Quotation detection and attribution."""
