"""How fast the pipeline could be if only its models cost time (issue 2, throughput).

Runs the throughput benchmark's topic end to end once, recording every input the pipeline hands
to its models: the NER pipeline (title and lead sentences), the dependency parser (claim
clauses) and the embedding model (document vectors in annotation; summary candidates, claims and
quote sentences in synthesis). Then it runs each model again, alone, on exactly those inputs and
prints the seconds each takes. Their sum is a floor for the pipeline's time: no change to the
code around the models can go below it, only giving the models less to read (which costs the
quality the benchmarks measure) or cheaper models than the issue names.

    python benchmarks/model_floor.py [--topic bpoil_reuters] [--set KEY=VALUE ...]

The recording run reads each NER batch whole before the pipeline uses it, so its own time is
indicative only (``benchmarks/throughput.py`` times the pipeline). The ceiling printed is
articles / model seconds: articles per second if nothing else cost
anything. The issue's target is 10 articles/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require, settings  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.pipeline.runner import Newsweave  # noqa: E402


class Recorder:
    """Wraps a model call and keeps its inputs under the label of the running stage."""

    def __init__(self) -> None:
        self.stage = "annotate"
        self.inputs: dict[tuple[str, str], list[str]] = defaultdict(list)

    def texts(self, model: str, call: Callable[..., Any]) -> Callable[..., Any]:
        inside = False

        def wrapped(texts: Any, *args: Any, **kwargs: Any) -> Any:
            nonlocal inside
            if inside:  # spaCy's pipe calls itself (as_tuples): record the texts once
                return call(texts, *args, **kwargs)
            texts = list(texts)
            self.inputs[(model, self.stage)].extend(t[0] if kwargs.get("as_tuples") else t for t in texts)
            inside = True
            try:
                out = call(texts, *args, **kwargs)
                return list(out) if not hasattr(out, "shape") else out
            finally:
                inside = False

        return wrapped


def timed(run: Callable[[], Iterable[Any] | Any]) -> float:
    start = time.perf_counter()
    out = run()
    if not hasattr(out, "shape"):
        for _ in out:  # a generator (spaCy's pipe) does its work when consumed
            pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", default="bpoil_reuters", help="a folder of ../shared/data/timeline17")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a Config setting (repeatable)")
    args = parser.parse_args()
    source = DATA / "timeline17" / args.topic / "articles.jsonl"
    require(source)
    n_articles = sum(1 for line in source.read_text(encoding="utf-8").splitlines() if line.strip())
    work = Path(tempfile.mkdtemp())
    nw = Newsweave(work / "t.db", Config().with_options(**settings(args.set)))
    ner, embedder, clauses = nw.annotator.ner, nw.embedder, nw.annotator.clauses
    parser_nlp = clauses.nlp
    recorder = Recorder()
    ner_pipe = ner.pipe
    ner.pipe = recorder.texts("NER", ner_pipe)
    # every embedder in use (documents; stored sentence vectors; summary candidates), by backend
    embedders = {id(e): e for e in (embedder, nw.sentence_embedder, nw.summary_embedder)}
    encoders = {f"emb:{e.backend}": e.encode for e in embedders.values()}
    for e in embedders.values():
        e.encode = recorder.texts(f"emb:{e.backend}", e.encode)
    if parser_nlp is not None:
        parse_pipe = parser_nlp.pipe
        parser_nlp.pipe = recorder.texts("parser", parse_pipe)

    t0 = time.perf_counter()
    nw.ingest([source])
    nw.annotate()
    nw.cluster()
    recorder.stage = "synthesize"
    nw.synthesize()
    pipeline_seconds = time.perf_counter() - t0
    ner.pipe = ner_pipe
    for e in embedders.values():
        del e.encode  # the instance's wrapper: the class's method again
    if parser_nlp is not None:
        parser_nlp.pipe = parse_pipe

    batch = nw.config.batch_size
    uses = ("embedding_backend", "sentence_backend", "summary_backend")
    backends = ", ".join(f"{k} {getattr(nw.config, k)}" for k in uses)
    print(f"topic: {args.topic}  articles: {n_articles}  {backends}")
    print(
        f"pipeline (ingest, annotate, cluster, synthesize, one batch): {pipeline_seconds:.1f} s,"
        f" {n_articles / pipeline_seconds:.2f} articles/s"
    )
    print(f"{'model':>10} {'stage':>11} {'inputs':>7} {'chars/input':>11} {'seconds':>8}")
    total = 0.0
    for (model, stage), texts in sorted(recorder.inputs.items()):
        if model == "NER":
            seconds = timed(lambda t=texts: ner_pipe(t, batch_size=batch))
        elif model == "parser":
            seconds = timed(lambda t=texts: parse_pipe(t, batch_size=clauses.batch_size))
        else:
            seconds = timed(lambda t=texts, m=model: encoders[m](t))
        total += seconds
        chars = sum(map(len, texts)) / max(len(texts), 1)
        print(f"{model:>10} {stage:>11} {len(texts):7d} {chars:11.0f} {seconds:8.1f}")
        if model.startswith("emb:") and model != f"emb:{embedder.backend}":
            # the same inputs through the document vectors' model, in this process: the trade
            other = timed(lambda t=texts: embedder.encode(t))
            label = f"({embedder.backend})"
            print(f"{label:>10} {stage:>11} {len(texts):7d} {chars:11.0f} {other:8.1f}  not counted")
    print(f"model seconds: {total:.1f} ({100 * total / pipeline_seconds:.0f} % of the pipeline's)")
    print(f"ceiling if nothing but the models cost time: {n_articles / total:.2f} articles/s (target 10)")
    print(json.dumps({"pipeline_s": round(pipeline_seconds, 2), "model_s": round(total, 2)}))
    nw.close()


if __name__ == "__main__":
    main()
