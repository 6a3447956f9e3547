"""Render a `ReportSpec` as a saved government web page.

The report sits inside the site's chrome (header, navigation, breadcrumb, a sidebar of links to
other years' reports, footer, scripts and styles), as pages saved from agency sites do. Tables
use real rowspan/colspan. Cells vary the way CMS output does: blanks are `&nbsp;`, empty, or a
`<p>&nbsp;</p>`; some values sit in nested `<span>`/`<p>`/`<strong>` tags or are split over two
spans. Pages can be encoded in GBK/GB2312/GB18030 or UTF-8, with the charset declared in a meta
tag (HTML5 `charset` for UTF-8, `http-equiv` for the GB family) or not declared at all; one
variant wraps the whole page in a layout table, as older sites do.
"""

from __future__ import annotations

from html import escape

from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    Grid,
    GridCell,
    Sections,
    prose,
    template_sections,
)
from benchmarks.corpus.spec import ReportSpec

SITE_NAME = "测试县人民政府门户网站"
# Chrome text that must not reach a reader's output (tests look for it).
NAVIGATION = ["首页", "政务公开", "政府信息公开年报", "政务服务", "互动交流"]
BREADCRUMB = "当前位置：首页 > 政务公开 > 政府信息公开年报"
SIDEBAR = ["测试县人民政府办公室2021年政府信息公开工作年度报告", "2020年年报：收到申请99件"]
FOOTER = "主办单位：测试县人民政府办公室　备案号：测ICP备12345678号　联系电话：0000-1234567"
SCRIPT = "var visits = 2022; document.write('访问量' + visits);"
STYLE = "td { border: 1px solid #000; } .nav li { display: inline; }"


def render_html(
    spec: ReportSpec,
    *,
    encoding: str = "utf-8",
    declare_charset: bool = True,
    with_navigation: bool = True,
    layout_table: bool = False,
    sections: Sections | None = None,
) -> bytes:
    """The report as a saved page, encoded in `encoding` (unencodable characters as `&#N;`).

    `sections` replaces the template's grids (a distorted copy, see `distort.py`).
    """
    article = _article(spec, sections or template_sections(spec))
    head = ["<head>"]
    if declare_charset:
        if encoding.replace("-", "").lower() == "utf8":
            head.append(f'<meta charset="{encoding}">')
        else:
            head.append(f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">')
    head += [
        f"<title>{escape(spec.title)}_{SITE_NAME}</title>",
        f"<style>{STYLE}</style>",
        f"<script>{SCRIPT}</script>",
        "</head>",
    ]
    if with_navigation:
        top = [
            f'<div class="header"><div class="logo">{SITE_NAME}</div></div>',
            '<nav class="nav"><ul>'
            + "".join(f'<li><a href="#{i}">{n}</a></li>' for i, n in enumerate(NAVIGATION))
            + "</ul></nav>",
            f'<div class="breadcrumb">{escape(BREADCRUMB)}</div>',
        ]
        side = [
            '<div class="sidebar"><h3>相关链接</h3><ul>'
            + "".join(f'<li><a href="#">{escape(s)}</a></li>' for s in SIDEBAR)
            + "</ul></div>"
        ]
        bottom = [f"<footer><p>{FOOTER}</p><p>版权所有 © {SITE_NAME}</p></footer>"]
    else:
        top, side, bottom = [], [], []
    if layout_table:
        body = [
            '<table width="100%" border="0" cellpadding="0" cellspacing="0">',
            f'<tr><td colspan="2">{"".join(top)}</td></tr>',
            f'<tr><td width="200" valign="top">{"".join(side)}</td>',
            f'<td valign="top">{article}</td></tr>',
            f'<tr><td colspan="2">{"".join(bottom)}</td></tr>',
            "</table>",
        ]
    else:
        body = [*top, '<div class="main">', *side, article, "</div>", *bottom]
    page = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            *head,
            "<body>",
            *body,
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
        ]
    )
    return page.encode(encoding, errors="xmlcharrefreplace")


def _article(spec: ReportSpec, sections: Sections) -> str:
    lines = prose(spec)
    out = [
        '<div class="article">',
        f'<h1 class="title">{escape(lines[0])}</h1>',
        '<div class="info">发布日期：2023-01-20　来源：测试县人民政府办公室</div>',
        '<div class="TRS_Editor">',
        f"<p><strong>{escape(lines[1])}</strong></p>",
    ]
    # Prose as real pages have it: indented with &nbsp;, one paragraph split by <br>.
    out.append("<p>&nbsp;&nbsp;&nbsp;&nbsp;" + "<br>".join(escape(t) for t in lines[2:]) + "</p>")
    for section, grid in sections.items():
        out.append(f"<p><strong>{escape(SECTION_HEADINGS[section])}</strong></p>")
        out.append(_table(grid))
    for index, line in enumerate(CLOSING):
        text = escape(line)
        out.append(f"<p><strong>{text}</strong></p>" if index % 2 == 0 else f"<p>{text}</p>")
    out += ["</div>", "</div>"]
    return "\n".join(out)


def _table(grid: Grid) -> str:
    rows = ['<table border="1" cellspacing="0" cellpadding="0" style="width:100%">', "<tbody>"]
    for r, row in enumerate(grid):
        cells = [_cell(cell, r, c) for c, cell in enumerate(row) if cell is not None]
        rows.append("<tr>\n  " + "\n  ".join(cells) + "\n</tr>")
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


def _cell(cell: GridCell, r: int, c: int) -> str:
    attributes = ""
    if cell.rowspan > 1:
        attributes += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attributes += f" colspan={cell.colspan}"  # unquoted, as old CMS output has it
    text = escape(cell.text)
    variant = (r * 7 + c) % 4
    if not text:
        inner = ["&nbsp;", "", "<p>&nbsp;</p>", "&nbsp;&nbsp;"][variant]
    elif text.lstrip("-").replace(".", "", 1).isdigit():
        inner = [
            text,
            f'<span style="font-size:14px">{text}</span>',
            f"<p><span>{text[:1]}</span><span>{text[1:]}</span></p>",
            f"<strong>{text}</strong>",
        ][variant]
    else:
        inner = [
            text,
            f'<p style="text-align:center"><span>{text}</span></p>',
            f"<span>\n      {text}\n    </span>",
            f"<p><strong>{text}</strong></p>",
        ][variant]
    return f'<td{attributes} valign="middle">{inner}</td>'
