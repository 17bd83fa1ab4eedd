"""Tests of newsweave.models."""
