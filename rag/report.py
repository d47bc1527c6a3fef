"""A self-contained HTML eval report: summary table, bars per kind, every question's verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any, Protocol


class Run(Protocol):
    """What the report reads of an eval run (`rag.evaluation.EvalRun`)."""

    name: str
    rows: list[dict[str, Any]]

    @property
    def table(self) -> dict[str, dict[str, float | None]]: ...


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2328}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd}
th{text-align:left;background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.8rem;background:#2f81f7;border-radius:2px;vertical-align:middle}
.bar.b1{background:#8250df}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
details{border:1px solid #ddd;border-radius:6px;margin:.35rem 0;padding:.35rem .7rem}
summary{cursor:pointer}.q{font-weight:600}.cite{color:#57606a;font-size:.9em;margin:.2rem 0 .2rem 1rem}
.kind{font-size:.8em;background:#eaeef2;border-radius:1em;padding:0 .5em;margin-left:.4em}
"""


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 10 else f"{value:.2f}"


def _summary(runs: Sequence[Run], labels: Mapping[str, str]) -> str:
    head = "".join(f"<th>{escape(r.name)}</th>" for r in runs)
    rows = [f"<tr><th>metric</th>{head}</tr>"]
    for key, label in labels.items():
        cells = "".join(f'<td class="num">{_cell(r.table["overall"].get(key))}</td>' for r in runs)
        rows.append(f"<tr><td>{escape(label)}</td>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"


def _bars(runs: Sequence[Run]) -> str:
    """Correctness (abstention for unanswerable) per kind, one bar per run."""
    rows = []
    for kind in runs[0].table:
        if kind == "overall":
            continue
        metric = "abstained" if kind == "unanswerable" else "correct"
        bars = []
        for i, run in enumerate(runs):
            value = run.table.get(kind, {}).get(metric) or 0.0
            bars.append(f'<span class="bar b{i}" style="width:{value * 300:.0f}px"></span> '
                        f"{value:.2f} <small>{escape(run.name)}</small><br>")  # fmt: skip
        rows.append(f"<tr><td>{kind} <small>({metric})</small></td><td>{''.join(bars)}</td></tr>")
    return f"<table>{''.join(rows)}</table>"


def _question(row: dict[str, Any]) -> str:
    scores = row["scores"]
    ok = scores.get("correct", scores.get("abstained"))
    verdict = '<span class="pass">PASS</span>' if ok else '<span class="fail">FAIL</span>'
    cites = "".join(
        f'<div class="cite">[{c["n"]}] {escape(c["source"])} ({escape(c["date"] or "undated")}): '
        f"{escape(c['text'][:400])}</div>"
        for c in row["citations"]
    )
    detail = ", ".join(f"{k}={_cell(v) if not isinstance(v, bool) else v}"
                       for k, v in scores.items())  # fmt: skip
    return (
        f"<details{' open' if not ok else ''}><summary>{verdict} <span class='q'>{escape(row['id'])}"
        f" {escape(row['question'])}</span><span class='kind'>{escape(row['kind'])}</span>"
        f"</summary><p>{escape(row['answer'])}</p>{cites}<p><small>{escape(detail)}</small></p>"
        f"</details>"
    )


def write_report(path: Path, runs: Sequence[Run], labels: Mapping[str, str]) -> None:
    """The report of `runs` (the first is the main one); `labels`: metric key -> row label."""
    main = runs[0]
    body = [
        f"<h1>rag eval: {escape(main.name)}</h1>",
        "<h2>Summary</h2>", _summary(runs, labels),
        "<h2>By kind</h2>", _bars(runs),
        f"<h2>Questions ({len(main.rows)})</h2>",
        *(_question(r) for r in main.rows),
    ]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>rag eval</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
