"""Tests of newsweave.report."""
