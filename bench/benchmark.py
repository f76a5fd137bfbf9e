"""pimbot benchmark: prints one table and writes it as JSON (`make bench`). Figures, not pass/fail tests.

Each figure sits next to the obvious baseline, so we can see what our own code buys:
- define: top-1 accuracy and not-PIM rejection, next to a plain rapidfuzz `extractOne` over entry names;
- tools: recall@3 on the situations data set, next to a plain BM25 ranking over each tool's text.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

import bm25s
import yaml
from rapidfuzz import process

from bot.advice import Advisor
from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.matching import Matcher
from bot.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXTRACT_ONE_CUTOFF = 80
"""The plain baseline answers when extractOne's WRatio is at least this, else says "not found"."""


def define_quality(kb: KnowledgeBase) -> dict:
    queries = yaml.safe_load((DATA / "define_queries.yaml").read_text(encoding="utf-8"))["queries"]
    matcher = Matcher(kb)
    names: list[str] = []
    owners: list[str] = []
    for entry in kb.entries:
        for name in (entry.title, *entry.aliases, *entry.acronyms):
            names.append(name)
            owners.append(entry.id)

    def ours(query: str) -> str | None:
        match = matcher.match(query).match
        return match.entry.id if match else None

    def baseline(query: str) -> str | None:
        found = process.extractOne(query, names, score_cutoff=EXTRACT_ONE_CUTOFF)
        return owners[found[2]] if found else None

    pim = [q for q in queries if q["expect"]]
    not_pim = [q for q in queries if not q["expect"]]
    result = {}
    for label, answer in (("pimbot", ours), ("extractOne", baseline)):
        result[label] = {
            "top1": sum(answer(q["q"]) == q["expect"] for q in pim) / len(pim),
            "rejected": sum(answer(q["q"]) is None for q in not_pim) / len(not_pim),
        }
    result["queries"] = {"pim": len(pim), "not_pim": len(not_pim)}
    return result


def tools_quality(kb: KnowledgeBase) -> dict:
    situations = [
        s
        for s in yaml.safe_load((DATA / "tools_situations.yaml").read_text(encoding="utf-8"))["situations"]
        if not s.get("clarify")
    ]
    advisor = Advisor(kb)
    tools = advisor.tools
    corpus = [
        " ".join([t.title, *t.aliases, *t.acronyms, t.definition, *t.tool.fits, t.tool.not_for])  # type: ignore[union-attr]
        for t in tools
    ]
    retriever = bm25s.BM25()
    retriever.index([normalize(text).split() for text in corpus], show_progress=False)

    def bm25_top3(text: str) -> list[str]:
        tokens = normalize(text).split() or ["?"]
        ids, _ = retriever.retrieve([tokens], k=3, show_progress=False)
        return [tools[i].id for i in ids[0]]

    def ours_top3(text: str) -> list[str]:
        return [s.tool.id for s in advisor.advise(text).suggestions[:3]]

    result = {}
    for label, top3 in (("pimbot", ours_top3), ("bm25", bm25_top3)):
        result[label] = {
            "recall_at_3": sum(bool(set(top3(s["text"])) & set(s["accept"])) for s in situations) / len(situations)
        }
    result["situations"] = len(situations)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results.json", help="where to write the figures")
    args = parser.parse_args(argv)
    kb = load_knowledge(SHIPPED_KNOWLEDGE)
    results = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "define_quality": define_quality(kb),
        "tools_quality": tools_quality(kb),
    }
    define, tools = results["define_quality"], results["tools_quality"]
    rows = [
        ("define top-1 accuracy", define["pimbot"]["top1"], define["extractOne"]["top1"], "extractOne"),
        ("define not-PIM rejected", define["pimbot"]["rejected"], define["extractOne"]["rejected"], "extractOne"),
        ("tools recall@3", tools["pimbot"]["recall_at_3"], tools["bm25"]["recall_at_3"], "BM25"),
    ]
    print(f"{'figure':<28}{'pimbot':>10}{'baseline':>10}  baseline is")
    for name, ours, theirs, what in rows:
        print(f"{name:<28}{ours:>10.1%}{theirs:>10.1%}  {what}")
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
