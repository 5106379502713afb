"""`newsdesk`: serve, migrate, seed, extract, ingest."""

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.progress import track
from sqlmodel import Session

from app import migrate as migrations
from app.config import get_settings
from app.db import build_engine
from app.errors import NewsdeskError
from app.extract import extract as extract_article
from app.ingest import ingest as ingest_article
from app.schemas.bundle import ArticleBundle
from app.schemas.extraction import ArticleMeta, ExtractionPublic
from app.services.bundles import save_bundle

cli = typer.Typer(help="newsdesk: structured news API.", no_args_is_help=True)
console = Console(stderr=True)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address [NEWSDESK_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port [NEWSDESK_PORT].")] = None,
    workers: Annotated[int | None, typer.Option(help="Processes [NEWSDESK_WORKERS].")] = None,
) -> None:
    """Serve the API with uvicorn."""
    settings = get_settings()
    uvicorn.run(
        "app.main:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        # Behind a trusted proxy, its X-Forwarded-Proto makes links https:// (feeds,
        # Location); nobody else's forwarded headers are believed.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=",".join(settings.trusted_proxies) or None,
        access_log=False,  # the app logs each request itself (app.observability)
    )


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    settings = get_settings()
    migrations.upgrade(settings.sqlalchemy_url)
    console.print("[green]database is up to date[/]")


@cli.command()
def seed(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Bundle JSON files or folders [default: NEWSDESK_SEED_DIR]."),
    ] = None,
) -> None:
    """Load article bundles (JSON). Idempotent: loading twice leaves the same rows."""
    settings = get_settings()
    files = _json_files(paths or [Path(settings.seed_dir)])
    bundles = []
    for file in files:
        try:
            bundles.append(ArticleBundle.model_validate_json(file.read_bytes()))
        except (OSError, ValidationError) as exc:
            console.print(f"[red]{file}: {exc}[/]")
            raise typer.Exit(1) from None
    engine = build_engine(settings)
    with Session(engine) as session:
        for bundle in bundles:
            save_bundle(session, bundle)
        session.commit()  # all files or none
    engine.dispose()
    console.print(f"[green]seeded {len(bundles)} article(s) from {len(files)} file(s)[/]")


@cli.command()
def extract(
    file: Annotated[str, typer.Argument(help="A raw article text file, or - for stdin.")],
) -> None:
    """Print the article extracted from raw text as JSON. Touches no database."""
    text = sys.stdin.read() if file == "-" else _read_text(Path(file))
    extraction = ExtractionPublic.from_extraction(extract_article(text))
    typer.echo(extraction.model_dump_json(indent=2))


@cli.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Raw article text files.")],
    section: Annotated[str | None, typer.Option(help="Section slug for every article.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag; repeat for more.")] = None,
    published_at: Annotated[
        datetime | None, typer.Option(help="Publication time (UTC if no offset) [now].")
    ] = None,
) -> None:
    """Extract and store articles, one transaction each, merging speakers with known ones."""
    settings = get_settings()
    try:
        meta = ArticleMeta(
            section=section,
            tags=tag or [],
            published_at=published_at and _aware(published_at),
        )
    except ValidationError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from None
    engine = build_engine(settings)
    failed = 0
    with Session(engine) as session:
        for file in track(files, description="ingesting", console=console):
            try:
                text = file.read_text(encoding="utf-8")
                article, created = ingest_article(session, text, meta)
            except (OSError, UnicodeDecodeError, NewsdeskError) as exc:
                failed += 1
                console.print(f"[red]{file}: {exc}[/]")
                continue
            quotes = len(article.quotes)
            verb = "added" if created else "replaced"
            console.print(f"{file}: {verb} [bold]{article.slug}[/] with {quotes} quote(s)")
    engine.dispose()
    if failed:
        raise typer.Exit(1)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        console.print(f"[red]{path}: {exc}[/]")
        raise typer.Exit(1) from None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _json_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        elif path.exists():
            files.append(path)
        else:
            console.print(f"[red]{path}: no such file or folder[/]")
            raise typer.Exit(1)
    return files


if __name__ == "__main__":
    cli()
