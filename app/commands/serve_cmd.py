"""`bronwijzer serve`: start the Streamlit chat on localhost, headless, without telemetry.

Runs `python -m streamlit run app/streamlit_app.py` as a child process; the page
itself builds the index on first start when none exists (it shows the progress).
"""

from __future__ import annotations

import argparse
import os
import subprocess
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


def run(args: argparse.Namespace) -> int:
    try:
        cmd = streamlit_command(args.port, args.address)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Bronwijzer: http://{args.address}:{args.port}", file=sys.stderr)
    proc = subprocess.Popen(cmd, env=serve_env())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 130
