"""Tests of newsweave.cluster."""
