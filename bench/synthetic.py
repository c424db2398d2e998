"""Synthetic content in the content contract, for the benchmark and the scale tests.

`generate(folder, sections)` writes a project of N sections of about 300 words,
each with 3 claims (the second overlapping the first), 1 fact and 1 event, and
N/2 sources, with the seed the sections reproduce. The text is made of
invented words drawn by a seeded generator: the same N always gives the same
bytes, and every quote is unique in its section (checked, not hoped).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ber", "dan", "fel", "gor", "hal", "jun", "pre", "qua", "tri", "zen")
VERDICTS = ("accurate", "mostly-accurate", "mixed", "inaccurate", "unverified", "opinion")
PARAGRAPH_WORDS = (110, 100, 90)  # about 300 words a section
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def paragraph(rng: random.Random, words: list[str], count: int) -> list[str]:
    """`count` words in sentences: capitalised first word, a full stop at the end."""
    tokens: list[str] = []
    while len(tokens) < count:
        length = min(rng.randint(8, 16), count - len(tokens))
        sentence = [rng.choice(words) for _ in range(length)]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        tokens.extend(sentence)
    return tokens


@dataclass(frozen=True)
class Section:
    index: int
    heading: str
    paragraphs: tuple[list[str], ...]

    @property
    def id(self) -> str:
        return f"part-{self.index}"

    @property
    def text(self) -> str:
        """The reader's text, as the checker flattens it."""
        return "\n\n".join([self.heading, *(" ".join(tokens) for tokens in self.paragraphs)])

    def quote(self, paragraph: int, start: int, end: int) -> str:
        quote = " ".join(self.paragraphs[paragraph][start:end])
        if self.text.count(quote) != 1:
            raise ValueError(f"quote not unique in section {self.index}: {quote}")
        return quote


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def section_yaml(section: Section, sources: int) -> str:
    i = section.index
    first_source, second_source = (i // 2) % sources, (i * 7 + 3) % sources
    if second_source == first_source:  # a claim lists each source once
        second_source = (first_source + 1) % sources
    cite_a, cite_b = f"source-{first_source}", f"source-{second_source}"
    first, overlapping, later = section.quote(0, 5, 17), section.quote(0, 12, 25), section.quote(1, 20, 30)
    as_written = " ".join(section.paragraphs[2][:3])
    verdict = VERDICTS[i % len(VERDICTS)]
    body = "\n\n".join(["## " + section.heading, *(" ".join(tokens) for tokens in section.paragraphs)])
    lines = [
        f"id: {section.id}",
        f"title: {_yaml(f'Part {i} of the report')}",
        "body: |",
        *(f"  {line}" if line else "" for line in body.split("\n")),
        "claims:",
        f"  - id: c{i}-first",
        f"    quote: {_yaml(first)}",
        f"    verdict: {verdict}",
        f"    note: {_yaml(f'The *records* for part {i} agree; see [the source](https://example.com/{i}).')}",
        f"    sources: [{cite_a}]",
        f"  - id: c{i}-overlap",
        f"    quote: {_yaml(overlapping)}",
        "    verdict: mixed",
        f"    note: {_yaml('Overlaps the previous claim: one source agrees, the other does not.')}",
        f"    sources: [{', '.join(dict.fromkeys([cite_a, cite_b]))}]",  # one source only when the project has one
        f"  - id: c{i}-later",
        f"    quote: {_yaml(later)}",
        "    verdict: accurate",
        f"    sources: [{cite_b}]",
        "facts:",
        f"  - label: {_yaml(f'Figure {i}')}",
        f"    value: {_yaml(f'{i * 7:,}')}",
        f"    as_of: {2000 + i % 25}-{i % 12 + 1:02d}",
        f"    claim: c{i}-first",
        "events:",
        f"  - date: {2000 + i % 30}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        f"    title: {_yaml(f'Event of part {i}')}",
        f"    as_written: {_yaml(as_written)}",
        f"    claim: c{i}-later",
    ]
    return "\n".join(lines) + "\n"


def sources_yaml(count: int) -> str:
    lines: list[str] = []
    for k in range(count):
        lines += [
            f"- id: source-{k}",
            f"  title: {_yaml(f'Report number {k}')}",
            "  publisher: Example Agency",
            f"  url: https://example.com/reports/{k}",
            f"  published: 2024-{k % 12 + 1:02d}-01",
            f"  accessed: 2025-{k % 12 + 1:02d}-15",
            f"  summary: {_yaml(f'What report {k} says about the figures.')}",
        ]
    return "\n".join(lines) + "\n"


ARTICLE = """title: A synthetic report for the benchmark
subtitle: Generated text; every claim is invented
author: Bench Writer
publisher: Bench News
published: 2025-06-01
url: https://example.com/report
seed: seeds/bench.txt
"""


def generate(folder: Path, sections: int, seed: int = 7) -> Path:
    """Write a project of `sections` sections into `folder` (created); returns the folder."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    sources = max(1, sections // 2)
    content = folder / "content"
    (content / "sections").mkdir(parents=True, exist_ok=True)
    (folder / "seeds").mkdir(exist_ok=True)
    (content / "article.yml").write_text(ARTICLE, encoding="utf-8")
    (content / "sources.yml").write_text(sources_yaml(sources), encoding="utf-8")
    texts: list[str] = []
    width = len(str(sections))
    for i in range(sections):
        section = Section(i, f"Part {i}", tuple(paragraph(rng, words, count) for count in PARAGRAPH_WORDS))
        (content / "sections" / f"{i:0{width}d}-part.yml").write_text(section_yaml(section, sources), encoding="utf-8")
        texts.append(section.text)
    seed_text = "\n\n".join(texts) + "\n\nAuthor: Bench Writer\nSource: Bench News\n"
    (folder / "seeds" / "bench.txt").write_text(seed_text, encoding="utf-8")
    return folder


# Four claims a paragraph: the second overlaps the first, the third the second, the fourth nests in the third.
SPANS = ((10, 9), (15, 9), (20, 9), (22, 4))


def long_section(words: int = 50_000, claims: int = 2_000, seed: int = 11) -> tuple[str, list[str]]:
    """One section's Markdown of `words` words in paragraphs, and `claims` quotes in it, a
    third of them overlapping or nested in a neighbour: for the algorithms at scale."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    paragraphs = [paragraph(rng, vocab, 100) for _ in range(words // 100)]
    body = "\n\n".join(" ".join(tokens) for tokens in paragraphs)
    quotes: list[str] = []
    for n in range(claims):
        tokens = paragraphs[n * len(paragraphs) // claims]
        start, length = SPANS[n % len(SPANS)]
        quote = " ".join(tokens[start : start + length])
        if quote not in quotes and body.count(quote) == 1:
            quotes.append(quote)
    return body, quotes


def long_project(folder: Path, words: int = 50_000, claims: int = 2_000) -> tuple[Path, list[str]]:
    """A project of one long section with its claims (see `long_section`); returns the folder and the quotes."""
    body, quotes = long_section(words, claims)
    (folder / "content/sections").mkdir(parents=True, exist_ok=True)
    (folder / "seeds").mkdir(exist_ok=True)
    (folder / "seeds/long.txt").write_text(body + "\n", encoding="utf-8")
    (folder / "content/article.yml").write_text(
        "title: Long\nauthor: A\npublisher: P\npublished: 2025-01-01\nseed: seeds/long.txt\n", encoding="utf-8"
    )
    (folder / "content/sources.yml").write_text("- id: only\n  title: T\n  publisher: P\n  url: https://example.com/\n", encoding="utf-8")
    lines = ["id: long", "title: Long", "body: |", *(f"  {line}" if line else "" for line in body.split("\n")), "claims:"]
    for n, quote in enumerate(quotes):
        lines += [f"  - id: q{n}", f"    quote: {_yaml(quote)}", "    verdict: accurate", "    sources: [only]"]
    (folder / "content/sections/1-long.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, quotes
