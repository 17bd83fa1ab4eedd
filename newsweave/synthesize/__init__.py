"""Synthesize stage: what a story page shows (summary, timeline, actors, quotes, coverage, headlines)."""
