"""Settings grouped by stage: each stage receives its own section; names stay one flat space."""

from __future__ import annotations

import pickle
from dataclasses import fields

import pytest

from newsweave.config import SECTIONS, Config, SynthesizeSettings


def test_a_setting_given_by_name_lands_in_its_stages_section_and_reads_back_by_name():
    config = Config(summary_words=80, n_process=1, event_threshold=0.2)
    assert config.synthesize.summary_words == 80 and config.summary_words == 80
    assert config.annotate.n_process == 1 and config.event_grouping().threshold == 0.2
    assert Config().synthesize.summary_words != 80  # the default is untouched


def test_every_setting_belongs_to_exactly_one_stage():
    names = [f.name for kind in SECTIONS.values() for f in fields(kind)]
    assert len(names) == len(set(names))
    assert set(Config().settings()) == set(names)


def test_unknown_settings_are_refused_by_name():
    with pytest.raises(TypeError, match="summary_wrds"):
        Config(summary_wrds=80)
    with pytest.raises(TypeError, match="nope"):
        Config().with_options(nope=1)
    with pytest.raises(AttributeError):
        _ = Config().nope


def test_options_change_a_copy_and_none_keeps_the_value():
    base = Config(summary_words=80)
    changed = base.with_options(summary_words=None, max_bytes=1000)
    assert changed.summary_words == 80 and changed.ingest.max_bytes == 1000
    assert base.max_bytes != 1000


def test_a_config_survives_pickling_for_worker_processes_and_compares_by_value():
    config = Config(synthesize=SynthesizeSettings(summary_words=60), lead_words=50)
    again = pickle.loads(pickle.dumps(config))
    assert again == config and hash(again) == hash(config)
    assert again.summary_words == 60 and again.lead_words == 50
