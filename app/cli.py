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


def _dutch_argparse() -> None:
    """argparse's own words ("usage:", "options", its errors) in Dutch: argparse looks its
    gettext function up at call time, so replacing the module's `_` translates them."""
    from app.texts import ARGPARSE

    argparse._ = lambda message: ARGPARSE.get(message, message)


def build_parser() -> argparse.ArgumentParser:
    _dutch_argparse()
    parser = argparse.ArgumentParser(
        prog="bronwijzer",
        description="Bronwijzer: vragen over gemeentelijke beleidsdocumenten, met bron.",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", title="opdrachten")
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
    from app import texts

    module = _command_module(args.command)
    if module is None:
        message = texts.CLI_NOT_AVAILABLE.format(command=args.command)
        print(texts.CLI_ERROR.format(message=message), file=sys.stderr)
        return 1
    from app.errors import UserFacingError
    from index.model import IndexDamaged

    try:
        code = int(module.run(args) or 0)
        sys.stdout.flush()
        return code
    except IndexDamaged as exc:
        from app.texts import CLI

        print(CLI.INDEX_DAMAGED.format(path=exc.path, reason=exc.reason), file=sys.stderr)
        return 1
    except UserFacingError as exc:
        print(texts.CLI_ERROR.format(message=exc), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `bronwijzer search ... | head`: the reader left; end quietly. Python would
        # otherwise report the pipe again when it flushes stdout at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(texts.CLI_INTERRUPTED, file=sys.stderr)
        return 130
