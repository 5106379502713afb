"""`newsdesk`: serve, migrate, seed."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from sqlmodel import Session

from app import migrate as migrations
from app.config import get_settings
from app.db import build_engine
from app.schemas.bundle import ArticleBundle
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
        # Client addresses come from the socket: X-Forwarded-For is spoofable unless a trusted
        # proxy sets it, and none is configured here.
        proxy_headers=False,
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
