"""Tests of newsweave.clean."""
