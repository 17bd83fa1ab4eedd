"""One spaCy pipeline per process, read from disk once and handed out as views of its components.

The entity pass (annotation) and the dependency parse (clauses, quotes, roles, event dates) use
different components of one pipeline. Each loaded it on its own, so every ``newsweave run`` read
the model's weights, vocabulary and tokenizer rules twice (the second read 0.3-0.4 s, measured idle; the tokenizer's
special cases are rebuilt at every rule it is given). :func:`pipeline_view` loads the pipeline
once with the components either needs and gives each a ``Language`` of its own components,
sharing the loaded components, the vocabulary and the tokenizer (spaCy's sourcing of a
component from another pipeline, which hands over the component itself when the vocabulary is
the same). A view holds a shared embedder (``tok2vec``) only with a component listening to it; the
embedder stays linked to all its listeners, whichever views are built.

The views share one vocabulary and one :class:`~newsweave.models.vocab.VocabBudget` (a pipeline
is loaded once per model and budget): spaCy's memory zones do not nest, so the budget opens one
zone at a time, and a zone asked for while one is open runs inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsweave.models.spacy_import import import_spacy
from newsweave.models.vocab import VocabBudget

NEVER_LOADED = ("attribute_ruler", "lemmatizer", "senter")  # what no pass of newsweave reads


@dataclass
class SharedPipeline:
    """A pipeline read from disk once, the vocabulary budget all its views share, and the
    components each shared embedder feeds (as loaded: building a view rewires them)."""

    nlp: Any
    budget: VocabBudget
    heard: dict[str, frozenset[str]]


_LOADED: dict[tuple[str, int], SharedPipeline] = {}  # (model, vocab growth) -> loaded, in this process


def loaded_pipeline(model: str, vocab_growth: int) -> SharedPipeline:
    """``model`` as read from disk (once per process and vocabulary budget) without
    :data:`NEVER_LOADED`, with its budget; raises ``OSError`` as ``spacy.load`` does. A process
    that needs only some components (a Ray worker that only annotates) still reads them all."""
    shared = _LOADED.get((model, vocab_growth))
    if shared is None:
        spacy = import_spacy(model)
        nlp = spacy.load(model, exclude=list(NEVER_LOADED))
        heard = {
            name: frozenset(component.listening_components)
            for name, component in nlp.pipeline
            if hasattr(component, "listening_components")
        }
        shared = SharedPipeline(nlp, VocabBudget(nlp, vocab_growth), heard)
        _LOADED[(model, vocab_growth)] = shared
    return shared


def pipeline_view(model: str, *, vocab_growth: int, exclude: Iterable[str] = ()) -> tuple[Any, VocabBudget]:
    """A pipeline running the components of ``model`` (:func:`loaded_pipeline`) less ``exclude``
    and less the shared embedders none of its other components listen to, and the vocabulary
    budget of the loaded pipeline (open zones through it: one zone at a time for all views).
    The components, vocabulary and tokenizer are the loaded pipeline's own objects; a shared
    embedder keeps feeding all its listeners, as in the loaded pipeline with components disabled
    (views are for inference: an update through a view would not reach a shared embedder)."""
    shared = loaded_pipeline(model, vocab_growth)  # first: spaCy is imported there, without PyTorch
    from spacy.language import Language

    base = shared.nlp
    excluded = frozenset(exclude)
    names = [name for name in base.pipe_names if name not in excluded]
    kept = [name for name in names if name not in shared.heard or shared.heard[name] & set(names)]
    view = Language(base.vocab, meta=dict(base.meta), create_tokenizer=lambda _: base.tokenizer)
    for name in kept:
        view.add_pipe(name, source=base)
    # adding a component links a shared embedder to the listeners of the view alone: link it
    # again to all of the loaded pipeline's (spaCy's own wiring, as after loading)
    base._link_components()
    return view, shared.budget


def set_ops(component: Any, ops: Any) -> None:
    """Run ``component``'s model with ``ops`` (thinc's backend: what ``use_ops`` gives a model
    built inside it); the weights are unchanged."""
    for node in component.model.walk():
        node.ops = ops
