"""Keep watching: sources followed on a schedule, watchlists, and alerts."""
