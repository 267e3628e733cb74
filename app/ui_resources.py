"""What the page loads once per process: searcher, answerer, claim checker, chunk store.

Also the first-start build: when no index exists, a background process (app/first_start.py)
builds it from the bundled corpus while the page answers with BM25 and polls its progress,
then switches to the whole index by itself. Nothing here renders answers; the mode modules do.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from app.settings import BUNDLED_CORPUS, Settings, explicit_embedder
from app.texts import UI as T
from app.ui_render import plain


@dataclass
class Services:
    settings: Settings
    searcher: object  # index.model.Searcher
    answerer: object  # app.answer.Answerer
    checker: object  # app.claims.ClaimChecker
    store: object  # ingest.store.ChunkStore

    @property
    def home(self) -> Path:
        return self.settings.home


def settings() -> Settings:
    from app.settings import offline_hub

    offline_hub()
    return Settings.from_env()


def llm_configured(s: Settings) -> bool:
    return bool(s.llm_base_url and s.llm_model)


def _key(s: Settings) -> tuple:
    """What identifies one loaded index (the cache key of _load and _summary_answerer)."""
    return str(s.home), s.backend, explicit_embedder(), tuple(sorted(s.backend_opts().items()))


@st.cache_resource(show_spinner=False)
def _load(home: str, backend: str, embedder: str | None, opts: tuple) -> tuple:
    """Open the index and build the answer/claim objects; raises IndexNotFound."""
    from app.answer import Answerer
    from app.claims import ClaimChecker
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    searcher = open_searcher(Path(home), backend=backend, embedder=embedder, **dict(opts))
    return searcher, Answerer(searcher), ClaimChecker(searcher), ChunkStore(Path(home) / "store")


@st.cache_resource(show_spinner=False)
def _summary_answerer(key: tuple, base_url: str, model: str, api_key: str | None,
                      deadline: float = 20.0):
    from app.answer import Answerer
    from app.generate import Generator

    searcher = _load(*key)[0]
    return Answerer(searcher, generator=Generator(base_url=base_url, model=model, api_key=api_key,
                                                  deadline=deadline))


def answerer_with_summary(services: Services):
    """An Answerer that adds the checked language-model summary (only when configured)."""
    s = services.settings
    if not llm_configured(s):
        return services.answerer
    return _summary_answerer(_key(s), s.llm_base_url, s.llm_model, s.llm_api_key, s.llm_deadline)


def reload() -> None:
    """Forget the loaded index (after an upload changed it); the next run reopens it."""
    _load.clear()
    _summary_answerer.clear()


def services() -> Services | None:
    """The loaded services, or None after rendering the build progress (caller stops)."""
    from index.embedder import EmbedderError
    from index.lock import recover_if_idle
    from index.model import IndexDamaged, IndexMismatch, IndexNotFound

    s = settings()
    try:
        if recover_if_idle(s.home):  # an upload was cut off (tab closed): undo it
            reload()
        with st.spinner(T.LOADING):
            searcher, answerer, checker, store = _load(*_key(s))
    except IndexNotFound:
        if s.backend != "faiss":
            _show_build(s)
            return None
        return _partial_services(s)
    except IndexDamaged as exc:  # the file's name and the fix; no server path on the page
        st.error(plain(T.INDEX_DAMAGED.format(file=exc.path.name)))
        return None
    except (IndexMismatch, EmbedderError) as exc:
        st.error(plain(T.INDEX_PROBLEM.format(reason=exc)))
        return None
    if st.session_state.pop("bw-switched", False):
        st.success(T.BUILD_SWITCHED)
    return Services(s, searcher, answerer, checker, store)


# --- first-start build -------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _load_partial(home: str, started: float) -> tuple:
    """BM25 over the ingested chunks while the first index is built (one per build)."""
    from app.answer import Answerer
    from app.claims import ClaimChecker
    from app.first_start import partial_searcher
    from ingest.store import ChunkStore

    searcher = partial_searcher(settings())
    return searcher, Answerer(searcher), ClaimChecker(searcher), ChunkStore(Path(home) / "store")


def _partial_services(s: Settings) -> Services | None:
    """Start (or join) the background build; answer with BM25 as soon as ingest is done."""
    from app.first_start import ensure_build

    status = ensure_build(s, terminal=False)
    if status is None:  # the index appeared meanwhile
        _load.clear()
        st.rerun()
    _build_banner()
    status = _status(s)
    if status is None or not status.searchable:
        return None  # the banner reruns the page when ingest is done
    searcher, answerer, checker, store = _load_partial(str(s.home), status.started)
    return Services(s, searcher, answerer, checker, store)


def _status(s: Settings):
    from index.staged import read_status

    return read_status(s.home)


@st.fragment(run_every=2.0)
def _build_banner() -> None:
    """Progress of the background build with an estimate; reruns the page at each stage."""
    from app import texts
    from app.first_start import index_exists

    s = settings()
    if index_exists(s):
        _load.clear()
        _load_partial.clear()
        st.session_state["bw-switched"] = True
        st.rerun()
    status = _status(s)
    if status is None:
        return
    if status.phase == "failed" or (not status.alive() and status.phase != "done"):
        st.error(plain(T.BUILD_FAILED.format(reason=status.error or T.BUILD_STOPPED)))
        return
    if not status.searchable:
        st.info(T.BUILDING_TITLE)
        st.progress(0.0, text=T.BUILD_READING.format(elapsed=int(time.time() - status.started)))
        st.session_state["bw-was-reading"] = True
        return
    if st.session_state.pop("bw-was-reading", False):
        st.rerun()  # ingest finished: show the page with BM25 answers
    st.info(T.BUILD_PARTIAL)
    st.progress(status.fraction(), text=T.BUILD_PARTIAL_STEP.format(
        done=status.done, total=status.total, pct=round(100 * status.fraction()),
        left=texts.time_left(status.seconds_left())))


class BuildJob:
    """Builds the index from the bundled corpus in a thread; pages poll its fields."""

    def __init__(self, home: Path, backend: str, embedder: str, opts: dict) -> None:
        self.done = 0
        self.total = 0
        self.message = ""
        self.error: str | None = None
        self.finished = False
        self.started = time.monotonic()
        self.counting_since: float | None = None
        self._thread = threading.Thread(
            target=self._run,
            args=(home, backend, embedder, opts),
            name="bronwijzer-build",
            daemon=True,
        )
        self._thread.start()

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.total == 0 and total:
            self.counting_since = time.monotonic()  # ingest is done, embedding starts
        self.done, self.total, self.message = done, total, message

    def eta_seconds(self) -> float | None:
        """Remaining time at the embedding rate so far; None before there is a rate."""
        if not self.total or self.done <= 0 or self.counting_since is None:
            return None
        rate = self.done / max(time.monotonic() - self.counting_since, 1e-3)
        return (self.total - self.done) / rate

    def _run(self, home: Path, backend: str, embedder: str, opts: dict) -> None:
        from index.build import index_paths

        try:
            index_paths(
                [BUNDLED_CORPUS],
                home,
                embedder=embedder,
                backend=backend,
                progress=False,
                on_progress=self._progress,
                **opts,
            )
        except Exception as exc:  # shown on the page; the user can only retry
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.finished = True


@st.cache_resource(show_spinner=False)
def _build_job(home: str, backend: str, embedder: str, opts: tuple) -> BuildJob:
    return BuildJob(Path(home), backend, embedder, dict(opts))


def _show_build(s: Settings) -> None:
    """Poll the (single) build job, drawing a progress bar; rerun the page when done."""
    job = _build_job(str(s.home), s.backend, s.embedder, tuple(sorted(s.backend_opts().items())))
    st.info(T.BUILDING_TITLE)
    bar = st.progress(0.0, text=T.LOADING)
    while not job.finished:
        frac = job.done / job.total if job.total else 0.0
        elapsed = int(time.monotonic() - job.started)
        step = T.BUILD_STEP.format(done=job.done, total=job.total) if job.total else T.LOADING
        eta = job.eta_seconds()
        left = f", {T.BUILD_ETA.format(min=max(1, round(eta / 60)))}" if eta else ""
        bar.progress(min(frac, 1.0), text=f"{step} ({elapsed} s{left})")
        time.sleep(0.5)
    if job.error:
        _build_job.clear()  # a reload of the page tries again
        st.error(plain(T.BUILD_FAILED.format(reason=job.error)))
        return
    bar.progress(1.0, text=T.BUILDING_DONE)
    _load.clear()
    st.rerun()
