"""Server-rendered SVG charts for screens and PDFs: bar, line and share.

Pure Python strings: no JavaScript, no inline styles (the CSP forbids them);
colours come from CSS classes in ``static/reports/charts.css``, which both the
pages and ``thiduakt.pdf`` load. Every chart writes its numbers beside the
marks, so it reads the same printed in black and white, and carries a text
alternative for screen readers.
"""

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

SERIES_CLASSES = 8  # chart-series-0 … chart-series-7 in charts.css
FONT_PX = 12
CHAR_PX = 7.0  # average advance of a 12 px serif/sans character, for layout estimates


def number(value) -> str:
    """12345 -> "12.345"; 12.5 -> "12,5"; 9.25 -> "9,25" (Vietnamese grouping, decimal comma); text as is."""
    if value is None:
        return "—"
    if not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, float | Decimal) and value != int(value):
        whole, _, frac = f"{value:,.2f}".partition(".")
        frac = frac.rstrip("0")
        return f"{whole.replace(',', '.')},{frac}"
    return f"{int(value):,}".replace(",", ".")


def percent(part, whole) -> str:
    if not whole:
        return "0 %"
    share = Decimal(part) * 100 / Decimal(whole)
    return f"{number(round(float(share), 1))} %"


def _clip(text: str, chars: int) -> str:
    text = str(text)
    return text if len(text) <= chars else text[: chars - 1] + "…"


@lru_cache(maxsize=1)
def chart_css() -> str:
    """The chart styles, for embedding in an SVG that goes into a PDF.

    WeasyPrint does not apply the page's stylesheets inside an SVG, only the
    SVG's own <style>; on screens the strict CSP forbids that, so pages link
    ``charts.css`` instead.
    """
    css = (Path(settings.BASE_DIR) / "static" / "reports" / "charts.css").read_text(encoding="utf-8")
    # The sizing rule is for screens; in a PDF the SVG keeps its own width and height.
    lines = [line for line in css.splitlines() if not line.startswith(("svg.chart ", "/*"))]
    return "\n".join(lines) + '\ntext { font-family: "Tinos"; }\n'


def _svg(width: int, height: int, title: str, summary: str, body: list[str], css: str, embed_css: bool) -> SafeString:
    label = escape(f"{title}: {summary}" if title else summary)
    parts = [
        f'<svg class="chart {css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}">',
        f"<title>{label}</title>",
        f"<style>{chart_css()}</style>" if embed_css else "",
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above went through escape()


def _text(x, y, text, css="chart-label", anchor="start") -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(str(text))}</text>'


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str = "",
    width: int = 600,
    bar_height: int = 20,
    embed_css: bool = False,
) -> SafeString:
    """Horizontal bars, one per (label, value), the value written after each bar."""
    items = list(items)
    gap = 8
    top = 24 if title else 4
    label_chars = min(max((len(str(label)) for label, _ in items), default=4), 36)
    label_w = int(label_chars * CHAR_PX) + 8
    value_w = 70
    bar_space = max(width - label_w - value_w, 40)
    peak = max((float(v or 0) for _, v in items), default=0) or 1
    body = [_text(0, 15, title, "chart-title")] if title else []
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        length = bar_space * max(float(value or 0), 0) / peak
        body.append(
            f'<rect class="chart-bar" x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_height}">'
            f"<title>{escape(str(label))}: {number(value)}</title></rect>"
        )
        body.append(_text(label_w - 6, y + bar_height * 0.7, _clip(label, 36), anchor="end"))
        body.append(_text(label_w + length + 4, y + bar_height * 0.7, number(value), "chart-value"))
    height = top + len(items) * (bar_height + gap) + 4
    summary = "; ".join(f"{label}: {number(value)}" for label, value in items)
    return _svg(width, height, title, summary, body, "chart-bars", embed_css)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str = "",
    width: int = 600,
    height: int = 260,
    embed_css: bool = False,
) -> SafeString:
    """One line per (name, values) over ``labels`` (e.g. months), each point's value written above it."""
    labels = list(labels)
    series = list(series)
    top = 28 if title else 12
    legend_h = 18 * len(series) if len(series) > 1 else 0
    left, right, bottom = 40, 16, 24 + legend_h
    plot_w = width - left - right
    plot_h = height - top - bottom
    peak = max((float(v or 0) for _, values in series for v in values), default=0) or 1
    step = plot_w / max(len(labels) - 1, 1)

    def point(i, v):
        return left + i * step, top + plot_h - plot_h * float(v or 0) / peak

    body = [_text(0, 15, title, "chart-title")] if title else []
    body.append(f'<line class="chart-axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>')
    body.append(f'<line class="chart-axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>')
    body.append(_text(left - 4, top + 4, number(peak), "chart-tick", "end"))
    body.append(_text(left - 4, top + plot_h, "0", "chart-tick", "end"))
    for i, label in enumerate(labels):
        x, _ = point(i, 0)
        body.append(_text(x, top + plot_h + 14, _clip(label, 10), "chart-tick", "middle"))
    for s, (name, values) in enumerate(series):
        css = f"chart-series-{s % SERIES_CLASSES}"
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
        body.append(f'<polyline class="chart-line {css}" points="{points}"/>')
        for i, v in enumerate(values):
            x, y = point(i, v)
            body.append(f'<circle class="chart-point {css}" cx="{x:.1f}" cy="{y:.1f}" r="3"/>')
            body.append(_text(x, y - 6, number(v), "chart-value", "middle"))
        if legend_h:
            ly = height - legend_h + 18 * s + 10
            body.append(f'<rect class="chart-swatch {css}" x="{left}" y="{ly - 9}" width="10" height="10"/>')
            body.append(_text(left + 16, ly, name))
    summary = "; ".join(
        f"{name}: " + ", ".join(f"{label} {number(v)}" for label, v in zip(labels, values, strict=False))
        for name, values in series
    )
    return _svg(width, height, title, summary, body, "chart-lines", embed_css)


def share_chart(
    items: Sequence[tuple[str, float]], *, title: str = "", width: int = 600, embed_css: bool = False
) -> SafeString:
    """A 100 % stacked bar with a legend giving each part's value and share."""
    items = [(label, max(float(value or 0), 0)) for label, value in items]
    total = sum(v for _, v in items)
    top = 24 if title else 4
    bar_h = 24
    body = [_text(0, 15, title, "chart-title")] if title else []
    x = 0.0
    for i, (label, value) in enumerate(items):
        w = width * value / total if total else 0
        css = f"chart-series-{i % SERIES_CLASSES}"
        body.append(
            f'<rect class="chart-share {css}" x="{x:.1f}" y="{top}" width="{w:.1f}" height="{bar_h}">'
            f"<title>{escape(str(label))}: {number(value)} ({percent(value, total)})</title></rect>"
        )
        x += w
    for i, (label, value) in enumerate(items):
        y = top + bar_h + 18 + i * 18
        css = f"chart-series-{i % SERIES_CLASSES}"
        body.append(f'<rect class="chart-swatch {css}" x="0" y="{y - 10}" width="10" height="10"/>')
        body.append(_text(16, y, f"{_clip(label, 60)}: {number(value)} ({percent(value, total)})"))
    height = top + bar_h + 18 * len(items) + 12
    summary = "; ".join(f"{label}: {number(value)} ({percent(value, total)})" for label, value in items)
    return _svg(width, height, title, summary, body, "chart-share-bar", embed_css)


KINDS = {"bar": bar_chart, "line": line_chart, "share": share_chart}


def render(spec: dict, *, embed_css: bool = False) -> SafeString:
    """Draw a chart described as data, as report builders return them.

    ``{"kind": "bar"|"share", "title": str, "items": [(label, value), …]}`` or
    ``{"kind": "line", "title": str, "labels": [...], "series": [(name, [values…]), …]}``.
    """
    if spec["kind"] == "line":
        return line_chart(spec["labels"], spec["series"], title=spec.get("title", ""), embed_css=embed_css)
    return KINDS[spec["kind"]](spec["items"], title=spec.get("title", ""), embed_css=embed_css)
