"""The glossary as a file (Markdown, CSV or one printable HTML page) for trainings and offline use."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence

from bot import messages
from bot.knowledge.entries import KINDS, Entry, KnowledgeBase
from bot.messages import say

FORMATS = ("md", "csv", "html")
MEDIA_TYPES = {"md": "text/markdown", "csv": "text/csv", "html": "text/html"}
_GROUPS = {
    "principle": messages.GROUP_PRINCIPLES,
    "matrix_category": messages.GROUP_MATRIX_CATEGORIES,
    "process_step": messages.GROUP_PROCESS_STEPS,
    "term": messages.GROUP_TERMS,
    "tool": messages.GROUP_TOOLS,
}


def glossary(kb: KnowledgeBase, kinds: Iterable[str] | None = None) -> list[tuple[str, list[Entry]]]:
    """The entries to export, grouped by kind in the framework's order, each group in its official order."""
    wanted = set(kinds) if kinds else {kind.name for kind in KINDS}
    return [(say(_GROUPS[kind.name]), kb.of_kind(kind.name)) for kind in KINDS if kind.name in wanted]


def render_export(groups: Sequence[tuple[str, list[Entry]]], fmt: str) -> str:
    if fmt == "md":
        return _markdown(groups)
    if fmt == "csv":
        return _csv(groups)
    if fmt == "html":
        return _html(groups)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _name(entry: Entry) -> str:
    return f"{entry.number}. {entry.title}" if entry.number else entry.title


def _also(entry: Entry) -> str:
    return ", ".join((*entry.acronyms, *entry.aliases))


def _markdown(groups: Sequence[tuple[str, list[Entry]]]) -> str:
    intro = say(messages.EXPORT_MARKDOWN_INTRO, count=sum(len(e) for _, e in groups))
    lines = [f"# {say(messages.EXPORT_TITLE)}", "", intro, ""]
    also, source, checked = say(messages.EXPORT_ALSO), say(messages.LABEL_SOURCE), say(messages.EXPORT_CHECKED)
    for label, entries in groups:
        lines += [f"## {label}", ""]
        for entry in entries:
            lines.append(f"### {_name(entry)}")
            lines.append("")
            lines.append(entry.definition)
            lines.append("")
            if _also(entry):
                lines.append(f"*{also}:* {_also(entry)}  ")
            lines.append(f"*{source}:* " + ", ".join(f"<{url}>" for url in entry.sources) + "  ")
            lines.append(f"*{checked}:* {entry.reviewed or say(messages.EXPORT_NOT_YET)}")
            lines.append("")
    return "\n".join(lines)


def _csv(groups: Sequence[tuple[str, list[Entry]]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "kind", "name", "definition", "acronyms", "aliases", "sources", "reviewed"])
    for _, entries in groups:
        for entry in entries:
            writer.writerow(
                [
                    entry.id,
                    entry.kind_label,
                    _name(entry),
                    entry.definition,
                    "; ".join(entry.acronyms),
                    "; ".join(entry.aliases),
                    " ".join(entry.sources),
                    entry.reviewed or "",
                ]
            )
    return out.getvalue()


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1d1c1d; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
dt { font-weight: 600; margin-top: 1.1rem; } dd { margin: .2rem 0 0 0; }
.small { color: #555; font-size: 13px; } a { color: #1264a3; word-break: break-all; }
nav a { margin-right: 1rem; }
@media print { nav { display: none; } h2 { break-before: page; } dt, dd { break-inside: avoid; } a { color: inherit; } }
"""


def _html(groups: Sequence[tuple[str, list[Entry]]]) -> str:
    total = sum(len(entries) for _, entries in groups)
    title = html.escape(say(messages.EXPORT_TITLE))
    also, source = html.escape(say(messages.EXPORT_ALSO)), html.escape(say(messages.LABEL_SOURCE))
    checked, not_yet = html.escape(say(messages.EXPORT_CHECKED)), html.escape(say(messages.EXPORT_NOT_YET))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="small">{html.escape(say(messages.EXPORT_HTML_INTRO, count=total))}</p>',
        "<nav>" + "".join(f'<a href="#{_anchor(label)}">{html.escape(label)}</a>' for label, _ in groups) + "</nav>",
    ]
    for label, entries in groups:
        parts.append(f'<h2 id="{_anchor(label)}">{html.escape(label)}</h2><dl>')
        for entry in entries:
            aliases = f"<br>{also}: {html.escape(_also(entry))}" if _also(entry) else ""
            links = ", ".join(f'<a href="{html.escape(url)}">{html.escape(url)}</a>' for url in entry.sources)
            parts.append(
                f'<dt id="{entry.id}">{html.escape(_name(entry))}</dt><dd>{html.escape(entry.definition)}'
                f'<div class="small">{aliases}<br>{source}: {links}<br>{checked}: {entry.reviewed or not_yet}</div></dd>'
            )
        parts.append("</dl>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _anchor(label: str) -> str:
    return label.lower().replace(" ", "-")
