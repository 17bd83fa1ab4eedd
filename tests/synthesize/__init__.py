"""Tests of newsweave.synthesize."""
