"""sahel-facts serve: a real Datasette on 127.0.0.1 over a build's database, queried and looked at in a real browser."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sahel_facts.cli import main
from sahel_facts.serve import NAME, ServeError, database_for, prepare, serve
from tests.package.sqlite_tree import built

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
#: How long the server and the browser may take to start or answer before the test gives up (not a speed figure).
PATIENCE = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=PATIENCE) as answer:
        return bytes(answer.read())


def get_json(url: str) -> object:
    return json.loads(get(url))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """``sahel-facts serve`` on a free port over a built tree's database: (base address, database path)."""
    done = built(tmp_path_factory.mktemp("serve"))
    port = free_port()
    command = [str(Path(sys.executable).with_name("sahel-facts")), "serve", str(done.sqlite), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"sahel-facts serve did not start: {output}")
                time.sleep(0.2)
        yield base, done.sqlite
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()


def test_chronology_rows_as_json(site):
    base, _ = site
    rows = get_json(f"{base}/{NAME}/chronology.json?_shape=array")
    assert isinstance(rows, list)
    assert [r["claim_id"] for r in rows] == ["claim:test-deployment", "claim:test-leave-early", "claim:test-leave-late"]
    assert rows[1]["country"] == "Niger" and rows[1]["conflicts"] == "claim:test-leave-late"


def test_facet_counts_match_the_data(site):
    base, database = site
    answer = get_json(f"{base}/{NAME}/chronology.json?_size=0")
    assert isinstance(answer, dict)
    shown = {r["value"]: r["count"] for r in answer["facet_results"]["kind"]["results"]}
    with sqlite3.connect(database) as db:
        counted = dict(db.execute("SELECT kind, count(*) FROM claims WHERE status = 'active' GROUP BY kind").fetchall())
    assert shown == counted == {"deployment": 1, "withdrawal": 2}


def test_full_text_search_finds_a_summary_word(site):
    base, _ = site
    rows = get_json(f"{base}/{NAME}/claims.json?_search=deployed&_shape=array")
    assert [r["id"] for r in rows] == ["claim:test-deployment"]  # type: ignore[index]


def test_foreign_keys_are_shown_by_their_labels(site):
    base, _ = site
    rows = get_json(f"{base}/{NAME}/claim_withdrawal.json?_shape=array&_labels=on")
    assert rows[0]["force"] == {"value": "org:test-force", "label": "Test Force"}  # type: ignore[index]


@pytest.fixture
def browser(tmp_path) -> Iterator[object]:
    """A real headless Chromium (Debian's), driven by its chromedriver, with a fresh profile."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(PATIENCE)
        yield driver
    finally:
        driver.quit()


def test_a_reader_sees_the_chronology_and_the_map(site, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.wait import WebDriverWait

    base, _ = site
    browser.get(f"{base}/{NAME}/chronology")
    headers = [h.text.strip() for h in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")]
    assert {"date", "country", "actor", "kind", "summary", "source_title", "conflicts"} <= set(headers)
    table = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
    assert "The test force completed its withdrawal from Niger on 1 June 2024." in table.text
    assert "Troops leave the test base" in table.text
    assert browser.find_element(By.TAG_NAME, "h1").text == "chronology (view)"
    assert table.screenshot(str(tmp_path / "chronology.png"))

    browser.get(f"{base}/{NAME}/locations")
    wait = WebDriverWait(browser, PATIENCE)
    container = wait.until(shown.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-container")))
    markers = wait.until(shown.visibility_of_all_elements_located((By.CSS_SELECTOR, ".leaflet-marker-icon")))
    assert len(markers) == 1  # the one facility with coordinates
    assert "Test Air Base" in browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns").text
    markers[0].click()  # its popup names it
    popup = wait.until(shown.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-popup-content")))
    assert "Test Air Base" in popup.text
    assert container.screenshot(str(tmp_path / "map.png"))


def test_missing_database_or_metadata_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(ServeError, match="no such database; 'sahel-facts build' writes it"):
        prepare(tmp_path / "absent.sqlite")
    (tmp_path / "lone.sqlite").write_bytes(b"")
    with pytest.raises(ServeError, match=r"lone\.metadata\.json: the metadata .* is missing"):
        prepare(tmp_path / "lone.sqlite")
    (tmp_path / "lone.metadata.json").write_text("{", encoding="utf-8")
    with pytest.raises(ServeError, match="cannot be read as JSON"):
        prepare(tmp_path / "lone.sqlite")
    assert main(["serve", str(tmp_path / "absent.sqlite")]) == 2
    assert "sahel-facts serve: error:" in capsys.readouterr().err


def test_which_database_is_served(tmp_path):
    assert database_for(None, "0.3.0", tmp_path) == tmp_path / "sahel-facts-0.3.0.sqlite"
    assert database_for(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
    with pytest.raises(ServeError, match="not both"):
        database_for(tmp_path / "x.sqlite", "0.3.0")
    with pytest.raises(ServeError, match="not a version"):
        database_for(None, "../../etc/passwd", tmp_path)


def test_a_renamed_database_keeps_its_metadata(tmp_path):
    done = built(tmp_path)
    renamed = done.sqlite.with_name("mine.sqlite")
    done.sqlite.rename(renamed)
    done.metadata.rename(renamed.with_name("mine.metadata.json"))
    served = prepare(renamed)
    assert list(served.metadata["databases"]) == [NAME]
    assert "chronology" in served.metadata["databases"][NAME]["tables"]


def test_a_port_in_use_is_refused_before_serving(tmp_path):
    done = built(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ServeError, match=r"cannot be used .* choose another with --port"):
            serve(prepare(done.sqlite), taken.getsockname()[1])
