"""Tests of newsweave.pipeline."""
