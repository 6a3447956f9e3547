"""Make GX Data Docs render offline: vendored copies of the assets its pages load from CDNs.

GX 1.x writes pages whose scripts and styles (jQuery, Bootstrap, bootstrap-table, Font Awesome,
Vega) come from public CDNs; where those are blocked the index shows no runs at all, since
bootstrap-table draws its tables from JavaScript. The files in expectations/data_docs_assets/ are
copies of the same versions from the npm registry (see its README). `make_offline` copies them
into the site's static/vendor/ and points every page at them; a URL this table does not know is
left as it is and reported, so a GX upgrade that adds one is noticed (tests/test_data_docs.py).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "data_docs_assets"

# CDN URL -> file under data_docs_assets/ (same package and version as the URL names)
VENDORED: dict[str, str] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        "popper.js-1.12.9/popper.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap-4.3.1/bootstrap.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap-4.3.1/bootstrap.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        "bootstrap-table-1.19.1/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        "bootstrap-table-1.19.1/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table-1.19.1/bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table-1.19.1/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table-1.19.1/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "bootstrap-dark-1.1.0/bootstrap-prefers-dark.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        "fontawesome-free-6.6.0/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega-5.33.1/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite-5.23.0/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed-6.29.0/vega-embed.min.js",
}  # fmt: skip
# GX's logo is fetched from S3 with a cache-busting query; the site ships the same image.
LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.[\w.-]+/logo-long\.png(\?[^\"']*)?")
# An asset a page loads (not a link a reader may follow): script src, stylesheet/icon href, img.
ASSET_TAG = re.compile(r"<(script|link|img)\b[^>]*>", re.IGNORECASE)
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)
# Subresource-integrity and CORS attributes make browsers refuse file:// copies.
CORS_ATTRIBUTES = re.compile(r"""\s(?:integrity|crossorigin)\s*=\s*["'][^"']*["']""", re.I)


def make_offline(site: Path) -> list[str]:
    """Vendor the CDN assets into `site`/static/vendor and rewrite every page to use them.

    Returns the remote asset URLs still left in the pages (empty when the site is offline)."""
    vendor = site / "static" / "vendor"
    shutil.rmtree(vendor, ignore_errors=True)
    shutil.copytree(ASSETS, vendor, ignore=shutil.ignore_patterns("README.md"))
    remaining: set[str] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        rewritten = _rewrite(html, os.path.relpath(site / "static", page.parent))
        remaining |= remote_assets(rewritten)
        if rewritten != html:
            page.write_text(rewritten, encoding="utf-8")
    return sorted(remaining)


def _rewrite(html: str, static: str) -> str:
    def tag(match: re.Match[str]) -> str:
        text = match.group(0)
        for url, local in VENDORED.items():
            for quote in ('"', "'"):
                text = text.replace(
                    f"{quote}{url}{quote}", f"{quote}{static}/vendor/{local}{quote}"
                )
        text = LOGO.sub(f"{static}/images/logo-long.png", text)
        if "/vendor/" in text or "/images/logo-long.png" in text:
            text = CORS_ATTRIBUTES.sub("", text)
        return text

    return ASSET_TAG.sub(tag, html)


def remote_assets(html: str) -> set[str]:
    """URLs of scripts, stylesheets and images a page would fetch from the network."""
    found = set()
    for match in ASSET_TAG.finditer(html):
        text = match.group(0)
        if match.group(1).lower() == "link" and not re.search(
            r"""rel\s*=\s*["'](?:stylesheet|icon|shortcut icon|preload)["']""", text, re.I
        ):
            continue
        found |= set(REMOTE.findall(text))
    return found
