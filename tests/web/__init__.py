"""Tests of newsweave.web."""
