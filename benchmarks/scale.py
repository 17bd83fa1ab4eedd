"""Scale-out on Ray (issue 26): the local engine against Ray with 1 and 2 workers on a Timeline17 topic.

Each configuration runs as a whole process (``newsweave run`` through the Python API: ingest, build,
report into a fresh store), timed from the outside: seconds and articles/s. Inside, the runner
counts the work that stays on the driver whatever the engine (reading the store for a stage,
writing results, grouping, dating: :attr:`newsweave.pipeline.runner.RunReport.driver`); its share
of the Ray run with 1 worker is Amdahl's serial fraction, from which the throughput on 8, 32 and
128 workers is projected, and the workers a stream of 1 million articles a day needs.

    python benchmarks/scale.py [--topic bpoil_reuters] [--only local,ray1,ray2]

Target (issue 26): on this machine Ray at most 25 % slower than the local engine. The projection
assumes workers as fast as this machine's and stories of this topic's size (a story's synthesis
grows with its articles), and leaves out Ray's start and model loading, paid once per run.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, require  # noqa: E402

CONFIGS = {"local": ("local", None), "ray1": ("ray", 1), "ray2": ("ray", 2)}
PER_DAY = 1_000_000
_STAGE = re.compile(r"^(ingest|annotate|group|date|synthesize): .* in ([\d.]+) s$")


def child(engine: str, workers: int | None, source: Path, work: Path) -> None:
    """One run in this process; prints what it measured as one JSON line."""
    from newsweave.pipeline.engine import make_engine
    from newsweave.pipeline.runner import Newsweave
    from newsweave.report import write_report

    stages: dict[str, float] = {}

    class Stages(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found = _STAGE.match(record.getMessage())
            if found:
                stages[found[1]] = stages.get(found[1], 0.0) + float(found[2])

    logging.getLogger("newsweave").addHandler(Stages())
    logging.getLogger("newsweave").setLevel(logging.INFO)
    ray_start = 0.0
    if engine == "ray":  # started apart, to be timed apart: the run's seconds are the pipeline's
        from newsweave.pipeline.ray_engine import start_ray

        started = time.perf_counter()
        start_ray(cpus=workers)
        ray_start = time.perf_counter() - started
    with Newsweave(work / "n.db", engine=make_engine(engine, workers=workers)) as nw:
        report = nw.run([source])
        write_report(nw.store, work / "report")
        stories = len(nw.stories())
    out = {"added": report.added, "seconds": report.seconds, "driver": report.driver, "stages": stages}
    print(json.dumps({**out, "stories": stories, "ray_start": ray_start}))


def measure(name: str, source: Path) -> dict:
    """Run configuration ``name`` as a process of its own; its figures with the wall time."""
    engine, workers = CONFIGS[name]
    with tempfile.TemporaryDirectory() as work:
        argv = [sys.executable, __file__, "--child", engine, str(workers or 0), str(source), work]
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
        wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall": wall}


def amdahl(serial: float, parallel: float, workers: int) -> float:
    """Seconds of a run whose ``parallel`` seconds (on one worker) are shared by ``workers``."""
    return serial + parallel / workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", default="bpoil_reuters", help="a folder of ../shared/data/timeline17")
    parser.add_argument("--only", default="local,ray1,ray2", help="configurations to run: local, ray1, ray2")
    parser.add_argument("--articles", type=int, default=0, help="only the topic's first N articles (a quick check)")
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "WORKERS", "SOURCE", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, workers, source, work = args.child
        child(engine, int(workers) or None, Path(source), Path(work))
        return
    source = DATA / "timeline17" / args.topic / "articles.jsonl"
    require(source)
    names = [n for n in args.only.split(",") if n]
    with tempfile.TemporaryDirectory() as part:
        if args.articles:
            lines = source.read_text(encoding="utf-8").splitlines()[: args.articles]
            source = Path(part) / "articles.jsonl"
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        results = {name: measure(name, source) for name in names}

    print(f"topic: {args.topic}  (each configuration a process of its own; other work may share the machine)")
    print("wall: the whole process; run: ingest to stories (without Ray's start); driver: work kept on the driver")
    heads = ("run", 6), ("articles", 8), ("wall s", 7), ("art/s", 6), ("run s", 6), ("ray start", 9), ("driver s", 8)
    print(" ".join(f"{h:>{w}}" for h, w in heads) + "  stages (s)")
    for name, r in results.items():
        driver = sum(r["driver"].values())
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
        print(
            f"{name:>6} {r['added']:8d} {r['wall']:7.1f} {r['added'] / r['wall']:6.2f} {r['seconds']:6.1f}"
            f" {r['ray_start']:9.1f} {driver:8.1f}  {stages}"
        )
    if "local" in results:
        for name in ("ray1", "ray2"):
            if name in results:
                ratio = results[name]["wall"] / results["local"]["wall"]
                verdict = "met" if ratio <= 1.25 else "not met"
                print(f"{name}/local: {ratio:.2f} (target <= 1.25: {verdict})")
    base = results.get("ray1")
    if base is None:
        return
    n = base["added"]
    serial = sum(base["driver"].values())
    parallel = max(base["seconds"] - serial, 0.0)
    share = serial / base["seconds"]
    kinds = ", ".join(f"{k} {v:.1f}" for k, v in sorted(base["driver"].items()))
    print(f"driver share (ray1): {serial:.1f} s of {base['seconds']:.1f} s = {share:.1%} ({kinds})")
    print(f"Amdahl projection from ray1 ({n} articles; the workers' model loading counted as parallel work):")
    for workers in (1, 2, 8, 32, 128):
        seconds = amdahl(serial, parallel, workers)
        print(f"  {workers:4d} workers: {n / seconds:7.2f} articles/s (speed-up {base['seconds'] / seconds:5.2f})")
    need = PER_DAY / 86400
    per_serial, per_parallel = serial / n, parallel / n
    ceiling = 1 / per_serial if per_serial else float("inf")
    if per_serial >= 1 / need:
        print(f"1 million articles a day ({need:.1f}/s): out of reach, the driver alone allows {ceiling:.1f}/s")
    else:
        workers = per_parallel / (1 / need - per_serial)
        print(
            f"1 million articles a day ({need:.1f}/s): about {max(1, int(workers) + 1)} workers"
            f" (driver ceiling {ceiling:.1f} articles/s)"
        )


if __name__ == "__main__":
    main()
