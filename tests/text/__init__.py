"""Tests of newsweave.text."""
