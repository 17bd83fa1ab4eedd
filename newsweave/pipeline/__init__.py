"""The runner: reads the store in batches, runs the stages, writes their results back."""

from newsweave.pipeline.runner import Newsweave, RunReport, open

__all__ = ["Newsweave", "RunReport", "open"]
