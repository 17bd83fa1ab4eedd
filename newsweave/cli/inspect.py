"""Commands that run stages on given articles with nothing stored: annotate, clean and summarize."""

from __future__ import annotations

import json
import logging

import click

from newsweave.cli.app import Context, cli, nothing_read, published_option
from newsweave.records import Skipped, counted

log = logging.getLogger("newsweave")


@cli.command("annotate")
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@published_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def annotate_command(obj: Context, articles: tuple[str, ...], published: str | None, fmt: str) -> None:
    """Show what annotation finds in ARTICLES (nothing is stored): sentences, named entities,
    temporal expressions with their normalised values, resolved against --published (or the
    article's own date, or one inferred from its text), and quotes with their speakers.

    JSON prints one object per article (JSON Lines); character spans are offsets in the
    article's clean text (its kept lines joined by newlines).
    """
    from newsweave.pipeline.inspect import annotated

    read = skipped = 0
    for data in annotated(articles, obj.config, published=published):
        if isinstance(data, Skipped):
            log.log(logging.DEBUG if data.expected else logging.WARNING, "%s: %s", data.where, data.message)
            skipped += 1
            continue
        read += 1
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False))
            continue
        source = f" {data['published_source']}" if data["published_source"] else ""
        click.echo(f"== {data['source']} (published: {data['published'] or 'unknown'}{source})")
        for sent in data["sentences"]:
            click.echo(f"[{sent['index']}] {sent['text']}")
            for ent in data["entities"]:
                if ent["sentence"] == sent["index"]:
                    click.echo(f"      {ent['label']:7} {ent['text']}")
            for tx in data["timexes"]:
                if tx["sentence"] == sent["index"]:
                    mod = f" ({tx['modifier']})" if tx["modifier"] else ""
                    click.echo(f"      TIMEX   {tx['text']} -> {tx['value'] or '?'} [{tx['granularity']}]{mod}")
            for quote in data["quotes"]:
                if quote["sentence"] == sent["index"]:
                    click.echo(f"      QUOTE   {quote['speaker'] or '?'} ({quote['kind']}): {quote['text']}")
        click.echo("")
    click.echo(f"{counted(read, 'article')} annotated, {skipped} skipped", err=True)
    if not read:
        raise nothing_read(skipped)


@cli.command("clean")
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def clean_command(articles: tuple[str, ...], fmt: str) -> None:
    """Show what cleaning keeps and drops in ARTICLES (nothing is stored).

    For each article: its language, title, standfirst (dek), headings, the body lines and
    every dropped line with its reason and the line classifier's confidence that it is
    boilerplate (0-1; ``classifier`` when the classifier alone dropped it); line numbers are
    1-based lines of the input as it is.
    JSON prints one object per article (JSON Lines).
    """
    from newsweave.pipeline.inspect import cleaned

    read = skipped = 0
    for data in cleaned(articles):
        if isinstance(data, Skipped):
            log.log(logging.DEBUG if data.expected else logging.WARNING, "%s: %s", data.where, data.message)
            skipped += 1
            continue
        read += 1
        lines = data.pop("lines")
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False))
            continue
        click.echo(f"== {data['source']} (language: {data['language'] or 'unknown'})")
        for line in lines:
            kind = line["kind"]
            mark = {"body": " ", "dropped": "-"}.get(kind, "#")
            label = f"[{kind}]" if kind not in ("body", "dropped") else ""
            if kind == "dropped":
                score = line["confidence"]
                label = f"[{line['reason']}" + (f" {score:.2f}]" if score is not None else "]")
            click.echo(f"{line['line']:5d} {mark} {label + ' ' if label else ''}{line['text']}")
        click.echo("")
    click.echo(f"{counted(read, 'article')} cleaned, {skipped} skipped", err=True)
    if not read:
        raise nothing_read(skipped)


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@click.option("--words", default=100, show_default=True, type=click.IntRange(20, 1000), help="Summary length in words.")
@click.option(
    "--sentences", default=None, type=click.IntRange(1, 50), help="Summary length in sentences (instead of --words)."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--outlet", default=None, help="Outlet name for articles that do not give one.")
@click.pass_obj
def summarize(
    obj: Context, articles: tuple[str, ...], words: int, sentences: int | None, fmt: str, outlet: str | None
) -> None:
    """Summarise ARTICLES as one story, with citations; nothing is stored.

    For articles you have picked already: no clustering, the same summariser as the
    stories. Text output numbers the articles; JSON gives
    {"summary": [{"text", "citations": [{"article", "sentence"}]}], "articles": [...]}.
    """
    from newsweave.pipeline.inspect import readable, summarize_articles

    records, skipped = [], 0
    for item in readable(articles, obj.config, outlet=outlet):
        if isinstance(item, Skipped):
            log.log(logging.DEBUG if item.expected else logging.WARNING, "%s: %s", item.where, item.message)
            skipped += 1
        else:
            records.append(item)
    if not records:
        raise nothing_read(skipped)
    summary, material = summarize_articles(records, obj.config, words=words, sentences=sentences)
    if fmt == "json":
        data = {
            "summary": [{"text": s.text, "citations": [c.as_dict() for c in s.citations]} for s in summary],
            "articles": [
                {"id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet, "published": a.published}
                for a in material.articles
            ],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        number = {a.id: i + 1 for i, a in enumerate(material.articles)}
        for sent in summary:
            refs = ",".join(str(number[c.article]) for c in sent.citations)
            click.echo(f"{sent.text} [{refs}]")
        click.echo("")
        for article in material.articles:
            where = f"{article.outlet or 'outlet unknown'}, {article.published or 'date unknown'}"
            click.echo(f"[{number[article.id]}] {article.label} ({where})")
    done = f"{counted(len(records), 'article')} read, {len(material.articles)} summarised, {skipped} skipped"
    click.echo(done, err=True)
