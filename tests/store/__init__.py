"""Tests of newsweave.store."""
