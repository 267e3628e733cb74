"""Shared fixtures: a temporary BRONWIJZER_HOME for every test, paths to shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_PDF = SHARED / "fixtures" / "pdf"
DEV_SET = SHARED / "eval" / "dev.jsonl"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("bwhome")
    monkeypatch.setenv("BRONWIJZER_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return home


def require_shared(path: Path) -> Path:
    """Tests may use ../shared when present (CI has it); say clearly when it is not."""
    if not path.exists():
        pytest.skip(f"{path} not present (CI clones beside ../shared)")
    return path
