"""The report: one HTML file that travels alone, with every chart inline, its sources and caveats, and every figure.

The page needs nothing beside it: each chart is inside it (an SVG image as a data URI, so nothing in a chart can
run), and it has no script, font or style sheet from the network. Every text of the data is escaped exactly once.
Tables wrap every word, however long, to the window; on a narrow screen (a phone, 390 px) each row becomes a card
that lists its cells with their headings.
"""

import base64
from html import escape, unescape
from pathlib import Path

import pandas as pd

from .._analysis.wording import claimants, written
from .._tables import vocabularies

STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;padding:1em 2em;max-width:1240px;color:#222;overflow-wrap:anywhere}
nav a{margin-right:1.2em}
figure{margin:2.5em 0;border-top:1px solid #ccc;padding-top:1em}
figure img{max-width:100%;height:auto}
figcaption p{margin:.3em 0;font-size:.92em}
table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:.86em}
th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3}
td.number{font-variant-numeric:tabular-nums}
tr.flagged td:first-child{border-left:4px solid #c77d00}
blockquote{margin:0;font-style:italic}
@media (max-width:760px){
body{padding:.5em .8em}
table,tbody,tr,td{display:block;width:auto}
colgroup,thead{display:none}
tr{border:1px solid #ccc;margin:0 0 1em;padding:.3em .6em}
tr.flagged{border-left:4px solid #c77d00}
tr.flagged td:first-child{border-left:none}
td{border:none;padding:.15em 0}
td::before{content:attr(data-label) ": ";font-weight:600;font-style:normal}
}
"""
FIGURE_COLUMNS = {"place": 10, "commodity": 7, "measure": 7, "as reported": 10, "qualifier": 6, "caveat": 24, "quote": 22, "source": 14}
COUNT_COLUMNS = {"scope": 16, "commodity": 8, "counted": 7, "number": 6, "qualifier": 7, "part of": 8, "caveat": 22, "quote": 16,
                 "source": 10}


def write(out: Path, figures: pd.DataFrame, counts: pd.DataFrame, order: list[str] = (), tables: list[str] = ()) -> Path:
    """Write ``out/report/index.html`` for the charts in ``out`` and the loaded figures and counts; return its path.

    Charts named in ``order`` come first, in that order; any other chart of ``out`` follows, by name. The charts
    named in ``tables`` (a table drawn as a chart) are left to the page's own tables of every figure and count.
    """
    sources = vocabularies.of(figures, "the report")["sources"].set_index("source_id")
    found = {path.stem: path for path in out.glob("*.svg") if path.stem not in tables}
    ranked = [name for name in order if name in found] + sorted(set(found) - set(order))
    charts = [(name, found[name].read_text(encoding="utf-8")) for name in ranked]  # each read once
    body = [
        "<h1>Reported figures about mineral deposits</h1>",
        "<p>Every figure as its source reports it, with what it leaves unknown. The caveats are generated from the data's "
        "flags; no reading of an uncertain figure is chosen here.</p>",
        '<nav><a href="#charts">Charts</a><a href="#figures">Figures</a><a href="#counts">Counts</a></nav>',
        '<h2 id="charts">Charts</h2><ul>' + "".join(f'<li><a href="#{escape(name)}">{escape(_part(svg, "title") or name)}</a></li>'
                                                   for name, svg in charts) + "</ul>",
        *(_chart(name, svg) for name, svg in charts),
        f'<h2 id="figures">Every figure as reported ({len(figures)})</h2>',
        _table(FIGURE_COLUMNS, [_figure_cells(row, who, sources) for row, who in zip(figures.itertuples(), claimants(figures))],
               figures["ambiguous"]),
    ]
    if len(counts):  # a folder of figures only has no counts
        body += [f'<h2 id="counts">Every count as reported ({len(counts)})</h2>',
                 _table(COUNT_COLUMNS, [_count_cells(row, who, sources) for row, who in zip(counts.itertuples(), claimants(counts))],
                        counts["ambiguous"])]
    page = out / "report" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">'
                    f"<title>reserves: report</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n",
                    encoding="utf-8")
    return page


def _part(svg: str, tag: str) -> str:
    """The text of the chart's <title> or <desc>, as written before the SVG escaped it; blank for an SVG without."""
    return unescape(svg.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0]) if f"<{tag}>" in svg else ""


def _chart(name: str, svg: str) -> str:
    """A chart, inline, with its source line and each caveat as a line of text beneath it."""
    lines = _part(svg, "desc").split("\n")
    caption = "".join(f"<p>{escape(line)}</p>" for line in lines[1:] if not line.startswith("Rows: "))
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<figure id="{escape(name)}"><img src="data:image/svg+xml;base64,{data}" alt="{escape(" ".join(lines))}">'
            f"<figcaption>{caption}</figcaption></figure>")


def _source(source_id: str, sources: pd.DataFrame) -> str:
    source = sources.loc[source_id]
    date = source["date"] if pd.notna(source["date"]) else "date unknown"
    return f'<a href="{escape(source["url"])}">{escape(source["publisher"])}</a>, {escape(date)}'


def _text(value) -> str:
    return "" if pd.isna(value) else escape(str(value))


def _figure_cells(row, who: str, sources: pd.DataFrame) -> list[str]:
    place = row.deposit if pd.notna(row.deposit) else row.territory
    part = f" ({row.part})" if pd.notna(row.part) else ""
    high = f" to {written(row.value_high_as_written)}" if pd.notna(row.value_high_as_written) else ""
    return [_text(f"{place}{part}"), _text(row.commodity), _text(row.measure),
            f'<span class="number">{escape(written(row.value_as_written))}{escape(high)}</span> {_text(row.unit_reported)}',
            _text(row.qualifier), _text(row.caveat), f"<blockquote>{_text(row.quote)}</blockquote>{_text(who)}",
            _source(row.source_id, sources) + _further(row.also_reported_by, sources)]


def _further(also: str, sources: pd.DataFrame) -> str:
    """The further reports of a claim (citations.csv), each linked."""
    return "" if pd.isna(also) else "; also " + "; ".join(_source(s, sources) for s in also.split(";"))


def _count_cells(row, who: str, sources: pd.DataFrame) -> list[str]:
    high = f" to {row.number_high}" if pd.notna(row.number_high) else ""
    return [_text(row.scope), _text(row.commodity), _text(row.counted), f'<span class="number">{row.number}{high}</span>',
            _text(row.qualifier), _text(row.part_of), _text(row.caveat), f"<blockquote>{_text(row.quote)}</blockquote>{_text(who)}",
            _source(row.source_id, sources)]


def _table(columns: dict[str, int], rows: list[list[str]], flagged: pd.Series) -> str:
    """A table of fixed column widths (parts of 100) that wraps every cell; a flagged row is marked at its left edge.
    Each cell names its column (``data-label``), for the cards of a narrow screen."""
    total = sum(columns.values())
    head = "".join(f'<col style="width:{width / total:.1%}">' for width in columns.values())
    names = "".join(f"<th>{escape(name)}</th>" for name in columns)
    body = "".join(f'<tr{" class=flagged" if mark else ""}>' + "".join(f'<td data-label="{escape(name)}">{cell}</td>'
                                                                        for name, cell in zip(columns, cells)) + "</tr>"
                   for cells, mark in zip(rows, flagged.fillna(False)))
    return f"<table><colgroup>{head}</colgroup><thead><tr>{names}</tr></thead><tbody>{body}</tbody></table>"
