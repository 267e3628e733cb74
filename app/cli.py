"""The `bronwijzer` command line: one parser, one module per subcommand in app/commands/.

Domain errors become one line on stderr and exit code 1; no tracebacks for users.
Heavy libraries are imported by the subcommand modules, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "ingest": "Lees documenten in en bewaar ze als citeerbare stukken (chunks).",
    "chunks": "Toon de bewaarde chunks als JSON-regels.",
    "index": "Lees nieuwe of gewijzigde documenten in en bouw de zoekindex.",
    "search": "Zoek passages.",
    "ask": "Stel een vraag; antwoord met bronvermelding.",
    "check": "Controleer een bewering tegen de documenten.",
    "eval": "Meet zoek- en antwoordkwaliteit op een evaluatieset.",
    "serve": "Start de chat (Streamlit).",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bronwijzer",
        description="Bronwijzer: vragen over gemeentelijke beleidsdocumenten, met bron.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = _command_module(name)
        p = sub.add_parser(name, help=help_text, description=help_text)
        if module is not None:
            module.add_arguments(p)
    return parser


def _command_module(name: str):
    try:
        return importlib.import_module(f"app.commands.{name}_cmd")
    except ModuleNotFoundError as exc:
        if exc.name == f"app.commands.{name}_cmd":
            return None  # subcommand not built yet
        raise


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    module = _command_module(args.command)
    if module is None:
        print(f"error: '{args.command}' is not available in this version", file=sys.stderr)
        return 1
    from app.errors import UserFacingError
    from index.model import IndexDamaged

    try:
        return int(module.run(args) or 0)
    except IndexDamaged as exc:
        from app.texts import CLI

        print(CLI.INDEX_DAMAGED.format(path=exc.path, reason=exc.reason), file=sys.stderr)
        return 1
    except UserFacingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
