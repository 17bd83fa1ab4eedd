"""Tests of newsweave.ingest."""
