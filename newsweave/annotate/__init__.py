"""Annotate stage: sentences, named entities, temporal expressions and document vectors."""
