"""Cluster stage: articles into events, events into developing stories, incrementally."""
