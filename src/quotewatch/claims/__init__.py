"""Claim matching: which statements repeat a claim already checked, in any language."""
