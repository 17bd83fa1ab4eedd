"""The clean stage's rule data: the boilerplate files of ``newsweave/rules``, each read once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

BOILERPLATE_EN = "boilerplate_en.json"


@cache
def boilerplate_rules(name: str = BOILERPLATE_EN) -> dict[str, Any]:
    """The rule data of one boilerplate file (``boilerplate_en.json`` unless named), read once and
    shared by every module that reads it: not to be changed."""
    return json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
