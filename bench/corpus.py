"""The corpus of real published tables (tests/data/real/corpus.csv): each file previewed as a new user would, with
no choice made, and sorted into imported unaided / needs more (which choice, why) / refused. Used by the corpus
tests and by `python -m bench ingest`."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from data import ingest
from data.ingest import ImportOptions
from data.ingest.regions import RegionResolver

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"


#: `indicator` of a file that names its indicators itself (an indicator column): nothing to guess or choose.
NAMED = "*"


@dataclass(frozen=True)
class CorpusFile:
    file: str
    repository: str
    indicator: str  # the indicator the file holds, or NAMED
    spots: tuple[tuple[str, str, str, float], ...]  # (indicator, Kemendagri code, period, value as published)

    @property
    def path(self) -> Path:
        return REAL / self.file

    @property
    def chosen(self) -> str | None:
        """What a user would choose when the guess is missing: the indicator, or nothing for NAMED."""
        return None if self.indicator == NAMED else self.indicator


def _spot(text: str, indicator: str) -> tuple[str, str, str, float]:
    """'1212|2022|8.89' or 'uhh:3374|2024|78.24'."""
    named, _, rest = text.rpartition(":")
    code, period, value = rest.split("|")
    return named or indicator, code, period, float(value)


def corpus() -> list[CorpusFile]:
    with (REAL / "corpus.csv").open(encoding="utf-8") as f:
        return [CorpusFile(r["file"], r["repository"], r["indicator"],
                           tuple(_spot(s, r["indicator"]) for s in r["spots"].split(";")))
                for r in csv.DictReader(f)]


@dataclass(frozen=True)
class Outcome:
    file: str
    status: str  # unaided | needs_more | refused
    guessed: str | None
    expected: str
    why: str = ""


def run(engine: Engine) -> list[Outcome]:
    """Preview every corpus file with no choice at all, then (when the guess was missing or wrong) with the
    indicator chosen; the status says what a user had to do."""
    outcomes = []
    with engine.connect() as conn:
        resolver = RegionResolver(conn)
        for item in corpus():
            content = item.path.read_bytes()
            bare = ingest.preview(conn, content, item.file, ImportOptions(), resolver=resolver)
            if bare.ok and bare.indicator_guess == item.chosen:
                outcomes.append(Outcome(item.file, "unaided", bare.indicator_guess, item.indicator))
                continue
            chosen = ingest.preview(conn, content, item.file, ImportOptions(indicator=item.chosen), resolver=resolver)
            why = "; ".join(p.text("en") for p in (chosen.problems or bare.problems)[:3]) or \
                f"indicator guessed {bare.indicator_guess!r}, not {item.indicator!r}"
            outcomes.append(Outcome(item.file, "needs_more" if chosen.ok else "refused", bare.indicator_guess,
                                    item.indicator, why))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict:
    count = lambda s: sum(o.status == s for o in outcomes)
    return {"corpus_files": len(outcomes), "corpus_imported_unaided": count("unaided"),
            "corpus_needs_more": count("needs_more"), "corpus_refused": count("refused"),
            "corpus_indicator_guessed_right": sum(o.guessed == o.expected or (o.expected == NAMED and o.status == "unaided")
                                                  for o in outcomes),
            "corpus_needing_more": [{"file": o.file, "status": o.status, "why": o.why}
                                    for o in outcomes if o.status != "unaided"]}
