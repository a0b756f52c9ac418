"""Export: the validated corpus as data for other tools."""

from __future__ import annotations

import json
from typing import Any

from summitkit import __version__
from summitkit.corpus import Corpus
from summitkit.schema import STATUS_SCALE_VERSION


def corpus_data(corpus: Corpus) -> dict[str, Any]:
    """The corpus as plain data, kinds and ids in a stable order."""
    data: dict[str, Any] = {
        "summitkit": __version__,
        "status_scale": STATUS_SCALE_VERSION,
    }
    for kind in sorted(corpus.records):
        records = corpus.records[kind]
        data[kind] = [
            records[i].model_dump(mode="json", exclude_defaults=True) for i in sorted(records)
        ]
    return data


def corpus_json(corpus: Corpus) -> str:
    return json.dumps(corpus_data(corpus), indent=2, ensure_ascii=False)
