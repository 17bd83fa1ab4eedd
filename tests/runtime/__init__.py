"""Tests of newsweave.runtime."""
