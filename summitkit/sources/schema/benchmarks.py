"""Benchmarks (indicators of progress) and the axes on which an assessment rates a
commitment: completion, verifiability, potential impact and benchmark levels, with
who assessed it and how far the state has reviewed it."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field

from summitkit.sources.schema.base import (
    CategoryRef,
    Citation,
    Model,
    Record,
    Ref,
    Slug,
    SummitRef,
    Text,
)

SELF_REPORT = "self-report"
"""The assessor of an assessment that the state made of its own commitment."""

BenchmarkRef = Annotated[Slug, Ref("benchmark")]
AssessorRef = Annotated[Slug, Ref("organization", "centre", "network", literals=(SELF_REPORT,))]


class Verifiability(StrEnum):
    """OGP IRM: is the commitment specific enough that its completion can be checked?"""

    NOT_VERIFIABLE = "not verifiable"
    VERIFIABLE = "verifiable"

    @property
    def rank(self) -> int:
        return list(Verifiability).index(self)


class Impact(StrEnum):
    """OGP IRM potential impact: what the commitment would change if fully done."""

    NONE = "none"
    MINOR = "minor"
    MODERATE = "moderate"
    TRANSFORMATIVE = "transformative"

    @property
    def rank(self) -> int:
        return list(Impact).index(self)


class Review(StrEnum):
    """How far an assessment has come, after the NTI Index's practice of letting
    governments see preliminary results before they are published."""

    PRELIMINARY = "preliminary"
    REVIEWED = "reviewed-by-state"
    PUBLISHED = "published"


class Level(Model):
    """One step of a benchmark's scale."""

    id: Slug
    """Id of the level, as assessments name it."""
    title: Text
    """Short label printed in scorecards."""
    definition: Text
    """What a state must show to be at this level."""


class Scale(Model):
    """A benchmark's ordered levels, lowest first, under a version number."""

    version: int = Field(ge=1)
    """Raised whenever a level is added, removed or redefined, so that a change
    of definition between rounds shows in diffs and reports."""
    since: SummitRef | None = None
    """Round from which this version's definitions hold (summit id)."""
    changes: str | None = None
    """What changed from the previous version."""
    levels: list[Level] = Field(min_length=2)
    """The levels, from the lowest to the highest."""


class Benchmark(Record):
    """An indicator of progress: what is measured, on which scale, with what weight."""

    kind: ClassVar[str] = "benchmark"
    title: Text
    definition: Text
    """What the benchmark measures."""
    evidence: Text
    """What counts as evidence of a level."""
    scale: Scale
    weight: float = Field(gt=0)
    """Weight of the benchmark in a state's score (published; relative to the others)."""
    categories: list[CategoryRef] = Field(min_length=1)
    """Commitment categories the benchmark applies to (category ids)."""
    sources: list[Citation] = Field(min_length=1)
    """Sources that support the benchmark's definition."""


class Rating(Model):
    """The level an assessment gives a commitment on one benchmark."""

    benchmark: BenchmarkRef
    """Benchmark id."""
    level: Slug
    """Id of a level of that benchmark's scale."""


class StateResponse(Model):
    """What the state said about an assessment when it reviewed it."""

    text: Text
    date: dt.date | None = None
    sources: list[Citation] = Field(default_factory=list)
