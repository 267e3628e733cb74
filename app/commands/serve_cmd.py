"""`bronwijzer serve`: start the Streamlit chat on localhost, headless, without telemetry.

Replaces itself with `python -m streamlit run app/streamlit_app.py` (exec, so signals
reach the server). When no index exists, the build starts here, before the server, in a
background process that prints its progress to this terminal (app/first_start.py); the
page answers with BM25 until it is done.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP_SCRIPT = Path(__file__).resolve().parent.parent / "streamlit_app.py"
MAX_UPLOAD_MB = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8501, help="poort (standaard 8501)")
    parser.add_argument(
        "--address",
        default="localhost",
        help="adres om op te luisteren (standaard localhost; 0.0.0.0 voor het netwerk)",
    )
    parser.add_argument(
        "--hash-token",
        action="store_true",
        help="vraag een wachtwoord voor medewerkers en toon de regel "
             "BRONWIJZER_STAFF_TOKEN_HASH=... die uploads aanzet (start geen server)",
    )


def streamlit_command(port: int, address: str = "localhost") -> list[str]:
    """The exact command line; usage statistics off, no browser, no file watcher."""
    if not 0 < port < 65536:
        raise ValueError(f"port {port} is out of range: pass a port between 1 and 65535")
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--server.maxUploadSize",
        str(MAX_UPLOAD_MB),
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def serve_env() -> dict[str, str]:
    env = dict(os.environ)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if env.get("BRONWIJZER_ALLOW_DOWNLOADS") != "1":
        env.setdefault("HF_HUB_OFFLINE", "1")
        env.setdefault("TRANSFORMERS_OFFLINE", "1")
    return env


def print_token_hash() -> int:
    """Read a staff token (hidden when typed) and print the setting that holds its hash."""
    import getpass

    from app.settings import hash_token

    token = getpass.getpass("Wachtwoord voor medewerkers: ") if sys.stdin.isatty() \
        else sys.stdin.readline().rstrip("\n")
    if len(token) < 12:
        print("fout: kies een wachtwoord van minstens 12 tekens", file=sys.stderr)
        return 1
    print(f"BRONWIJZER_STAFF_TOKEN_HASH={hash_token(token)}")
    return 0


def open_uploads_warning(address: str) -> str | None:
    """The warning for uploads open beyond this computer, else None."""
    from app.settings import Settings, is_local_address
    from app.texts import CLI

    if is_local_address(address) or not Settings.from_env().uploads_enabled:
        return None
    return CLI.OPEN_UPLOADS.format(address=address)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "hash_token", False):
        return print_token_hash()
    warning = open_uploads_warning(args.address)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    try:
        cmd = streamlit_command(args.port, args.address)
    except ValueError as exc:
        from app import texts

        print(texts.CLI_ERROR.format(message=exc), file=sys.stderr)
        return 1
    from app.first_start import ensure_build
    from app.settings import Settings, offline_hub

    offline_hub()
    ensure_build(Settings.from_env(), terminal=True)
    print(f"Bronwijzer: http://{args.address}:{args.port}", file=sys.stderr, flush=True)
    sys.stdout.flush()
    # Replace this process with Streamlit: a SIGTERM from a service manager (or a test)
    # then stops the server itself instead of orphaning a child that keeps the port.
    os.execve(cmd[0], cmd, serve_env())
    return 0  # not reached
