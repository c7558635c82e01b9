#!/usr/bin/env python3
"""Checks that kiosque parsed a generated corpus as the generator meant it.

usage: bench/check_corpus.py CORPUS_DIR KIOSQUE_OUTPUT_DIR

Compares OUT/api/issues/<slug>.json (every issue of the index
OUT/api/issues.json) with the Hugo twin (DIR/hugo/content/issues/*.md,
written from the same issues): stories and headlines, paragraphs and lead-ins,
further reading, tags and companies of each issue. Prints a summary and the
company mention distribution; exits 1 on any mismatch.
"""
import json
import re
import statistics
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path


def slugify(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(w for w in re.split(r"[^a-z0-9]+", ascii_name.lower()) if w)


def expected(md_path):
    """The issue as the generator wrote it, read back from its Markdown twin."""
    text = md_path.read_text()
    _, front, body = text.split("+++\n", 2)
    meta = tomllib.loads(front)
    stories = []
    for block in body.split("\n## ")[1:]:
        lines = [l for l in block.split("\n") if l.strip()]
        headline, rest = lines[0], lines[1:]
        paragraphs = [l for l in rest if not l.startswith("- ") and not l.startswith("Pour aller plus loin") and not l.startswith("Crédit photos")]
        leads = [re.match(r"\*\*(.+?)\*\* – ", p).group(1) if p.startswith("**") else None for p in paragraphs]
        further = [l for l in rest if l.startswith("- ")]
        stories.append({"headline": headline, "leads": leads, "further": len(further),
                        "urls": sum(1 for f in further if "](" in f),
                        "words": [len(re.sub(r"^\*\*.+?\*\* – ", "", p).split()) for p in paragraphs]})
    return meta, stories


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    index = json.loads((out / "api/issues.json").read_text())["issues"]
    issues = [json.loads((out / "api/issues" / f"{entry['slug']}.json").read_text()) for entry in index]
    problems = []
    words, story_counts, mentions = [], Counter(), Counter()
    leads_found = further_found = urls_found = 0
    for issue in issues:
        meta, stories = expected(corpus / "hugo/content/issues" / f"{issue['slug']}.md")
        where = issue["slug"]
        got = issue["stories"]
        story_counts[len(got)] += 1
        if [s["headline"] for s in got] != [s["headline"] for s in stories]:
            problems.append(f"{where}: headlines differ")
            continue
        for g, e in zip(got, stories):
            if [p["lead"] for p in g["paragraphs"]] != e["leads"]:
                problems.append(f"{where}: lead-ins differ in «{e['headline']}»")
            if len(g["further_reading"]) != e["further"] or sum(1 for f in g["further_reading"] if f["url"]) != e["urls"]:
                problems.append(f"{where}: further reading differs in «{e['headline']}»")
            leads_found += sum(1 for p in g["paragraphs"] if p["lead"])
            further_found += len(g["further_reading"])
            urls_found += sum(1 for f in g["further_reading"] if f["url"])
            words.extend(e["words"])
            mentions.update(g["companies"])
        if len(issue["teasers"]) != len(stories) - 1 or any(t["story"] is None for t in issue["teasers"]):
            problems.append(f"{where}: teasers not all linked")
        if not issue.get("credits"):
            problems.append(f"{where}: no credits")
        for kind in ("tags", "companies"):
            want = sorted(slugify(n) for n in meta[kind])
            if sorted(issue[kind]) != want:
                problems.append(f"{where}: {kind} {sorted(set(issue[kind]) ^ set(want))} differ")
    ranked = mentions.most_common()
    print(f"issues: {len(issues)}; stories per issue: {dict(sorted(story_counts.items()))}")
    print(f"paragraph words: min {min(words)}, median {statistics.median(words)}, max {max(words)}")
    print(f"lead-ins: {leads_found}; further reading: {further_found} ({urls_found} with a URL)")
    print(f"companies mentioned: {len(ranked)}; stories per company: top {ranked[:3]}, "
          f"median {statistics.median(c for _, c in ranked)}, least {ranked[-1]}")
    for p in problems[:20]:
        print("MISMATCH", p)
    print("OK: kiosque parsed every issue as generated" if not problems else f"{len(problems)} mismatches")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
