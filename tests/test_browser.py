"""One real-browser test: Debian's headless Chromium, driven by Playwright, against
`bronwijzer serve` on a free localhost port with a small fixture index.

Types a question, waits for an answer with a citation, checks that document text is
shown as text (no injected tags, no markdown), opens the source in its document with
the keyboard, and checks the page at phone width. Screenshots go to test-artifacts/.
No browser is downloaded: Chromium must be installed (`make browser`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_streamlit_app import build_fixture_index

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("BRONWIJZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> float:
    """Seconds until Streamlit's health endpoint answers 'ok'."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise AssertionError(f"bronwijzer serve exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"bronwijzer serve did not answer on {url} within {timeout} s")


@pytest.fixture
def server(tmp_path):
    home = build_fixture_index(tmp_path / "home", tmp_path / "corpus")
    port = free_port()
    env = dict(os.environ, BRONWIJZER_HOME=str(home), BRONWIJZER_EMBEDDER="fake")
    log = (tmp_path / "serve.log").open("w")
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield {"url": url, "home": home, "t0": t0, "log": tmp_path / "serve.log"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    # SIGTERM must stop the server itself, not leave an orphan holding the port.
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still served after SIGTERM"


@pytest.mark.browser
def test_ask_in_a_real_browser_and_open_the_source(server):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium ('make browser')")
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.goto(server["url"])
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible(timeout=60_000)
            timings["serve_to_usable_s"] = round(time.monotonic() - server["t0"], 2)

            # Ask with the keyboard only.
            box.click()
            page.keyboard.type("Hoeveel stijgen de OZB-tarieven in 2026?")
            page.keyboard.press("Enter")
            marker = page.locator(".bw-text .bw-n", has_text="[1]").first
            expect(marker).to_be_visible(timeout=60_000)
            card = page.locator(".bw-card").first
            expect(card).to_contain_text("2. Financieel beleid")
            expect(card).to_contain_text("p. 3")
            expect(card.locator("mark").first).to_contain_text("4,2%")
            # Document text is text: the tag and the markdown show literally.
            expect(card).to_contain_text("<script>alert('x')</script>")
            expect(card).to_contain_text("**vet**")
            assert page.locator("script", has_text="alert").count() == 0
            page.screenshot(path=str(ARTIFACTS / "browser-answer.png"), full_page=True)

            # Open the source with the keyboard.
            button = page.get_by_role("button", name="Bekijk in document").first
            button.focus()
            page.keyboard.press("Enter")
            expect(page.get_by_text("Pagina 3", exact=True)).to_be_visible(timeout=30_000)
            expect(page.locator(".bw-page mark").first).to_contain_text("4,2%")
            page.screenshot(path=str(ARTIFACTS / "browser-document.png"), full_page=True)

            # Phone width: nothing wider than the screen, the way back still reachable.
            page.set_viewport_size({"width": 390, "height": 844})
            page.wait_for_timeout(500)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"page is {overflow}px wider than a phone screen"
            page.get_by_role("button", name="Sluiten").click()
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=30_000)
            expect(page.locator(".bw-card").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "browser-phone.png"), full_page=True)
        finally:
            browser.close()
    (ARTIFACTS / "browser-timing.json").write_text(json.dumps(timings), encoding="utf-8")
    shutil.copy(server["log"], ARTIFACTS / "browser-serve.log")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


QUESTION = "Wat is de vrij besteedbare ruimte in de algemene reserve in 2026?"


@pytest.mark.browser
@pytest.mark.slow
def test_fresh_start_answers_while_building_then_switches_to_hybrid(tmp_path):
    """`bronwijzer serve` on an empty BRONWIJZER_HOME with the real model and corpus: the
    page answers (BM25) while the index is built, says so, then switches by itself.
    Times go to test-artifacts/fresh-start.json (quoted in bench/README.md)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium ('make browser')")
    from playwright.sync_api import expect, sync_playwright

    from app import texts
    from app.texts import UI as T
    from index.staged import read_status

    ARTIFACTS.mkdir(exist_ok=True)
    home = tmp_path / "fresh-home"
    port = free_port()
    env = dict(os.environ, BRONWIJZER_HOME=str(home))
    env.pop("BRONWIJZER_EMBEDDER", None)
    log_path = tmp_path / "fresh-serve.log"
    log = log_path.open("w")
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    timings: dict[str, float | int | None] = {}
    try:
        wait_healthy(url, proc)
        timings["serve_to_healthy_s"] = round(time.monotonic() - t0, 2)
        status = read_status(home)
        assert status is not None, "serve did not start the build before the first page view"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                        headless=True)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 1000})
                page.goto(url)
                box = page.get_by_test_id("stChatInputTextArea")
                expect(box).to_be_visible(timeout=120_000)
                timings["serve_to_usable_s"] = round(time.monotonic() - t0, 2)
                expect(page.get_by_text(T.BUILD_PARTIAL)).to_be_visible(timeout=30_000)
                box.click()
                page.keyboard.type(QUESTION)
                page.keyboard.press("Enter")
                expect(page.locator(".bw-text .bw-n", has_text="[1]").first).to_be_visible(
                    timeout=120_000)
                timings["serve_to_first_answer_s"] = round(time.monotonic() - t0, 2)
                status = read_status(home)
                timings["chunks_embedded_at_first_answer"] = status.done if status else None
                timings["chunks_total"] = status.total if status else None
                assert status is not None and status.phase == "embed", status
                page.screenshot(path=str(ARTIFACTS / "fresh-start-building.png"), full_page=True)

                expect(page.get_by_text(T.BUILD_SWITCHED)).to_be_visible(timeout=3_600_000)
                timings["serve_to_hybrid_s"] = round(time.monotonic() - t0, 2)
                expect(page.get_by_text(T.BUILD_PARTIAL)).to_have_count(0)
                page.get_by_test_id("stChatInputTextArea").click()
                page.keyboard.type(QUESTION)
                page.keyboard.press("Enter")
                expect(page.locator(".bw-text .bw-n", has_text="[1]").nth(1)).to_be_visible(
                    timeout=120_000)
                page.screenshot(path=str(ARTIFACTS / "fresh-start-hybrid.png"), full_page=True)
            finally:
                browser.close()
        assert read_status(home).phase == "done"
        said = log_path.read_text(encoding="utf-8")
        assert texts.BUILD_CLI_STARTED in said and "Zoekindex bouwen:" in said, said[-2000:]
    finally:
        _stop(proc)
        log.close()
        timings["load_average"] = [round(x, 2) for x in os.getloadavg()]
        (ARTIFACTS / "fresh-start.json").write_text(json.dumps(timings), encoding="utf-8")
        shutil.copy(log_path, ARTIFACTS / "fresh-start-serve.log")
