"""newsweave: turn the coverage of many news outlets into cited, dated, multi-source stories."""

from newsweave.config import Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.pipeline.runner import Newsweave, RunReport, open
from newsweave.records import Actor, Article, Citation, RawArticle, Story, SummarySentence, TimelineEntry

__all__ = [
    "Actor",
    "Article",
    "Citation",
    "Config",
    "Errors",
    "Newsweave",
    "NewsweaveError",
    "RawArticle",
    "RunReport",
    "Story",
    "SummarySentence",
    "TimelineEntry",
    "open",
]
__version__ = "0.1.0"
