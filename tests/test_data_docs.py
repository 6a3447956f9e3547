"""Data Docs render offline: the index, opened in headless Chromium with every network lookup
refused, lists the validation runs (bootstrap-table draws them from JavaScript, which GX loads
from CDNs unless expectations/offline_docs.py has pointed the pages at vendored copies)."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from expectations.offline_docs import remote_assets
from expectations.runner import default_data_docs_dir
from expectations.suites import BATCHES

VALIDATIONS_TABLE = "section-1-content-block-2-1-body-table"  # the index's "Validation Results"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no host name resolves
]  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Chromium is not installed (`make browser` installs Debian's package)")
    return found


def rendered(chromium: str, page: Path, profile: Path) -> str:
    """The page's DOM after its scripts ran, from a fresh browser profile."""
    completed = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


class TableRows(HTMLParser):
    """The rows bootstrap-table drew in one table: each row's link (`data-href`)."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.depth = table_id, 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and (self.depth or attributes.get("id") == self.table_id):
            self.depth += 1
        elif tag == "tr" and self.depth and "data-index" in attributes:
            self.links.append(attributes.get("data-href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1


def listed_runs(dom: str) -> list[str]:
    parser = TableRows(VALIDATIONS_TABLE)
    parser.feed(dom)
    return parser.links


def test_no_page_loads_anything_from_the_network(demo_db: Path) -> None:
    site = default_data_docs_dir(demo_db)
    pages = list(site.rglob("*.html"))
    assert len(pages) > len(BATCHES)  # the index, one page per suite, one per validation
    assert {page.name: remote_assets(page.read_text(encoding="utf-8")) for page in pages} == {
        page.name: set() for page in pages
    }
    assert (site / "static" / "vendor" / "jquery-3.7.1" / "jquery.min.js").is_file()


def test_the_index_lists_the_runs_in_a_browser_offline(
    demo_db: Path, chromium: str, tmp_path: Path
) -> None:
    site = default_data_docs_dir(demo_db)
    runs = listed_runs(rendered(chromium, site / "index.html", tmp_path / "profile"))
    assert sorted(link.split("/")[1] for link in runs) == sorted(b.suite for b in BATCHES)
    for link in runs:  # each row links to its validation page
        assert (site / link).is_file(), link

    # Control: without the vendored scripts (as with the CDN links, offline) nothing is listed.
    bare = tmp_path / "bare"
    shutil.copytree(site, bare)
    shutil.rmtree(bare / "static" / "vendor")
    assert listed_runs(rendered(chromium, bare / "index.html", tmp_path / "profile2")) == []
