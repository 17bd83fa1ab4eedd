"""One spaCy pipeline per process, read from disk once and handed out as views of its components.

The entity pass (annotation) and the dependency parse (clauses, quotes, roles, event dates) use
different components of one pipeline. Each loaded it on its own, so every ``newsweave run`` read
the model's weights, vocabulary and tokenizer rules twice (about half a second; the tokenizer's
special cases are rebuilt at every rule it is given). :func:`pipeline_view` loads the pipeline
once with the components either needs and gives each a ``Language`` of its own components,
sharing the loaded components, the vocabulary and the tokenizer (spaCy's sourcing of a
component from another pipeline, which hands over the component itself when the vocabulary is
the same). A view never holds a shared embedder (``tok2vec``) without the components listening
to it, so building one view never unlinks the listeners another view relies on.

The views share one vocabulary: memory zones (:class:`~newsweave.models.vocab.VocabBudget`)
must not be open in two of them at once (spaCy's zones do not nest); newsweave opens them only
around one pass at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsweave.models.spacy_import import import_spacy

NEVER_LOADED = ("attribute_ruler", "lemmatizer", "senter")  # what no pass of newsweave reads
_LOADED: dict[str, Any] = {}  # model name -> the pipeline read from disk, in this process


def loaded_pipeline(model: str) -> Any:
    """``model`` as read from disk (once per process) without :data:`NEVER_LOADED`; raises
    ``OSError`` as ``spacy.load`` does when it cannot be loaded."""
    base = _LOADED.get(model)
    if base is None:
        spacy = import_spacy(model)
        base = spacy.load(model, exclude=list(NEVER_LOADED))
        _LOADED[model] = base
    return base


def pipeline_view(model: str, *, exclude: Iterable[str] = ()) -> Any:
    """A pipeline running the components of ``model`` (:func:`loaded_pipeline`) less ``exclude``
    and less the shared embedders none of its other components listen to; the components,
    vocabulary and tokenizer are the loaded pipeline's own objects."""
    base = loaded_pipeline(model)  # first: spaCy is imported there, without PyTorch
    from spacy.language import Language

    left = [(name, component) for name, component in base.pipeline if name not in set(exclude)]
    names = {name for name, _ in left}
    kept = [
        name
        for name, component in left
        if not hasattr(component, "listening_components") or set(component.listening_components) & names
    ]
    view = Language(base.vocab, meta=dict(base.meta), create_tokenizer=lambda _: base.tokenizer)
    for name in kept:
        view.add_pipe(name, source=base)
    return view


def set_ops(component: Any, ops: Any) -> None:
    """Run ``component``'s model with ``ops`` (thinc's backend: what ``use_ops`` gives a model
    built inside it); the weights are unchanged."""
    for node in component.model.walk():
        node.ops = ops
