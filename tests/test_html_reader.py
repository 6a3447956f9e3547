"""The HTML reader on generated pages: encodings, site chrome, spans, nested tags, layout tables."""

from __future__ import annotations

import codecs
from typing import Any

import pytest

from benchmarks.corpus.html import (
    BREADCRUMB,
    FOOTER,
    NAVIGATION,
    SIDEBAR,
    SITE_NAME,
    render_html,
)
from benchmarks.corpus.layout import (
    CLOSING,
    SECTION_HEADINGS,
    applications_grid,
    flatten,
    proactive_grid,
    review_grid,
)
from benchmarks.corpus.spec import random_spec
from ingest.document import Paragraph, ReaderError, Table
from ingest.readers import read_document
from ingest.readers.html import declared_encoding, read_html


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


@pytest.fixture(scope="module")
def spec():
    spec = random_spec(11, blank_rate=0.15)
    spec.review[("administrative_review", "corrected")] = None
    spec.applications[("granted", "natural_person")] = None
    spec.prose_received = 17
    return spec


VARIANTS: dict[str, dict[str, Any]] = {
    "utf8": {},
    "utf8-undeclared": {"declare_charset": False},
    "gbk": {"encoding": "gbk"},
    "gbk-undeclared": {"encoding": "gbk", "declare_charset": False},
    "gb2312": {"encoding": "gb2312"},
    "gb18030-undeclared": {"encoding": "gb18030", "declare_charset": False},
    "layout-table": {"encoding": "gbk", "layout_table": True},
    "layout-table-bare": {"layout_table": True, "with_navigation": False},
    "bare": {"with_navigation": False},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_rendered_pages_read_back_exactly(spec, variant):
    data = render_html(spec, **VARIANTS[variant])
    document = read_html(data, f"{variant}.html")
    tables = list(document.tables())
    assert len(tables) == 3, "layout tables must not swallow the report or add tables"
    for table, grid in zip(
        tables, [proactive_grid(spec), applications_grid(spec), review_grid(spec)], strict=True
    ):
        assert table.grid is True
        assert texts(table) == flatten(grid)
    paragraphs = [p.text for p in document.paragraphs()]
    assert paragraphs[0] == spec.title
    for heading in SECTION_HEADINGS.values():
        assert heading in paragraphs
    assert "全年共收到政府信息公开申请17件，均已按时答复。" in paragraphs
    assert paragraphs[-4:] == CLOSING


@pytest.mark.parametrize("variant", ["gbk", "layout-table", "utf8-undeclared"])
def test_site_chrome_is_dropped(spec, variant):
    text = read_html(render_html(spec, **VARIANTS[variant]), "page.html").text()
    for chrome in [SITE_NAME, BREADCRUMB, FOOTER, *SIDEBAR, *NAVIGATION[3:]]:
        assert chrome not in text
    assert "visits" not in text and "border" not in text  # scripts and styles


def test_gbk_pages_are_really_gbk(spec):
    data = render_html(spec, encoding="gbk", declare_charset=False)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert declared_encoding(data) is None
    assert declared_encoding(render_html(spec, encoding="gb2312")) == "gb18030"
    assert declared_encoding(render_html(spec)) == "utf-8"


def test_gb2312_declaration_reads_gbk_and_gb18030_characters():
    # 堃 and 镕 are GBK but not GB2312; 𠮷 is only in GB18030. Pages say gb2312 regardless.
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>负责人：王堃、朱镕、𠮷田</p></body></html>"
    )
    document = read_html(page.encode("gb18030"), "gb2312.html")
    assert [p.text for p in document.paragraphs()] == ["负责人：王堃、朱镕、𠮷田"]


def test_declared_charset_that_lies_and_other_declarations():
    body = "<body><p>二〇二二年度报告</p></body></html>"
    lying = f'<html><head><meta charset="gb2312"></head>{body}'.encode()  # really UTF-8
    assert read_html(lying, "lying.html").text() == "二〇二二年度报告"
    xml = f'<?xml version="1.0" encoding="GBK"?><html xmlns="http://www.w3.org/1999/xhtml">{body}'
    assert read_html(xml.encode("gbk"), "x.xhtml").text() == "二〇二二年度报告"
    utf16 = codecs.BOM_UTF16_LE + f"<html>{body}".encode("utf-16-le")
    assert read_html(utf16, "utf16.html").text() == "二〇二二年度报告"
    latin = f'<html><head><meta charset="iso-8859-1"></head>{body}'.encode("gbk")
    assert read_html(latin, "latin.html").text() == "二〇二二年度报告"


def test_spans_nested_tags_and_blank_cells():
    page = """<html><body><table border=1>
      <thead><tr><th rowspan="2">项目</th><th colspan='2'>数量</th><th rowspan=9>备注</th></tr>
             <tr><th>本年</th><th>上年</th></tr></thead>
      <tbody>
        <tr><td><p><strong>规章</strong></p></td><td>&nbsp;</td><td><span>1</span><span>2</span></td></tr>
        <tr></tr>
        <tr><td>行政<br>规范性文件</td><td> <!-- 注释 --> 3 </td><td><p>&nbsp;</p></td></tr>
        <tr><td colspan="2;">合计</td><td>15</td></tr>
        <tr><td>附表</td><td colspan=2><table><tr><td>a</td><td>b</td></tr></table></td></tr>
      </tbody></table></body></html>"""
    (table,) = read_html(page.encode(), "spans.html").tables()
    assert texts(table) == [
        ["项目", "数量", "", "备注"],
        ["", "本年", "上年", ""],
        ["规章", "", "12", ""],
        ["行政\n规范性文件", "3", "", ""],
        ["合计", "", "15", ""],
        ["附表", "a b", "", ""],
    ]


def test_rowspan_zero_and_columns_no_cell_starts_in():
    page = """<table>
      <tr><td rowspan=0>左</td><td colspan=3>甲</td></tr>
      <tr><td colspan=3>乙</td></tr>
      <tr><td>1</td><td>2</td><td>3</td></tr>
    </table>"""
    (table,) = read_html(page.encode(), "zero.html").tables()
    assert texts(table) == [["左", "甲", "", ""], ["", "乙", "", ""], ["", "1", "2", "3"]]
    folded = "<table><tr><td colspan=2>a</td><td colspan=2>b</td></tr><tr><td colspan=4>c</td></tr>"
    (table,) = read_html(folded.encode(), "folded.html").tables()
    assert texts(table) == [["a", "b"], ["c", ""]]


def test_hidden_elements_and_chrome_holding_a_data_table():
    rows = "".join(f"<tr><td>行{i}</td><td>{i}</td><td>{i * 2}</td></tr>" for i in range(4))
    page = f"""<html><body>
      <div id="nav"><a>首页</a></div>
      <div style="display: none">隐藏的统计 999</div>
      <p hidden>也隐藏</p>
      <div class="content footer"><table>{rows}</table></div>
      <footer>版权所有</footer>
    </body></html>"""
    document = read_html(page.encode(), "chrome.html")
    assert "首页" not in document.text() and "999" not in document.text()
    assert "也隐藏" not in document.text() and "版权所有" not in document.text()
    (table,) = document.tables()
    assert texts(table)[3] == ["行3", "3", "6"]


def test_chrome_class_names_inside_a_data_table_are_kept():
    menu = "".join(f"<td><a>栏目{i}</a></td>" for i in range(10))
    page = f"""<html><body>
      <div class="nav"><table><tr>{menu}</tr></table></div>
      <table>
        <tr><td class="header">信息内容</td>
            <td class="header"><span class="head">本年</span></td></tr>
        <tr><td>规章</td><td id="top">5</td></tr>
      </table></body></html>"""
    document = read_html(page.encode(), "classes.html")
    (table,) = document.tables()
    assert texts(table) == [["信息内容", "本年"], ["规章", "5"]]
    assert "栏目" not in document.text()


def test_article_header_is_kept():
    page = """<html><body><header class="site">政府网站</header>
      <article><header><h1>某局2022年政府信息公开工作年度报告</h1></header><p>正文</p></article>
    </body></html>"""
    paragraphs = [p.text for p in read_html(page.encode(), "a.html").paragraphs()]
    assert paragraphs == ["某局2022年政府信息公开工作年度报告", "正文"]


def test_word_saved_web_page():
    """Word's "Save as Web Page" output, as many agencies upload it."""
    page = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
    <head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
    <style><!-- p.MsoNormal {margin:0cm;} --></style></head>
    <body lang=ZH-CN><div class=WordSection1>
    <p class=MsoNormal><b><span>一、总体情况<o:p></o:p></span></b></p>
    <table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
     <tr><td width=100 rowspan=2 valign=top><p class=MsoNormal><span>信息内容</span></p></td>
      <td width=200 colspan=2><p class=MsoNormal><span>本年<o:p></o:p></span></p></td></tr>
     <tr><td><p class=MsoNormal><span>新增</span></p></td>
      <td><p class=MsoNormal><span><o:p>&nbsp;</o:p></span></p></td></tr>
    </table></div></body></html>"""
    document = read_html(page.encode("gb2312"), "word.htm")
    assert [p.text for p in document.paragraphs()] == ["一、总体情况"]
    (table,) = document.tables()
    assert texts(table) == [["信息内容", "本年", ""], ["", "新增", ""]]


def test_unreadable_pages_fail_with_reasons():
    with pytest.raises(ReaderError) as empty:
        read_html(b"   \n ", "blank.html")
    assert empty.value.reason == "empty" and "blank.html" in empty.value.message
    scripted = b"<html><head><script>render()</script></head><body><div id=app></div></body>"
    with pytest.raises(ReaderError) as script_only:
        read_html(scripted, "app.html")
    assert script_only.value.reason == "empty" and "app.html" in script_only.value.message
    with pytest.raises(ReaderError) as binary:
        read_html(b"\x00\x01\x02\xff" * 100, "binary.html")
    assert binary.value.reason == "not_text"


def test_dispatch_reads_html_by_suffix_and_doctype(spec, tmp_path):
    data = render_html(spec, encoding="gbk")
    fmt, document = read_document(data, tmp_path / "report.shtml")
    assert fmt == "html" and len(list(document.tables())) == 3
    fmt, document = read_document(render_html(spec), tmp_path / "report")
    assert fmt == "html"
    assert isinstance(document.blocks[0], Paragraph)
