"""The trained attribution tagger: a spaCy entity recogniser over SOURCE / CUE / CONTENT spans.

Registered here (importing this module is enough for spaCy to load the packaged component):

* ``watchfloor.AttributionFeatures.v1``: hash embeddings of the parse features of
  :mod:`watchfloor.extraction.attribution_features`;
* ``watchfloor.AttributionTok2Vec.v1``: the token encoder: a copy of en_core_web_sm's tok2vec
  (its weights are copied in at training time) concatenated with those features, mixed and
  re-encoded by a small CNN;
* the ``watchfloor_attribution`` factory: an ``EntityRecognizer`` that runs on a shadow of each
  document (paragraphs as sentences, see ``attribution_features.shadow_doc``) and writes its
  spans to ``doc.spans[SPANS_KEY]``, leaving ``doc.ents`` (en_core_web_sm's entities) untouched.

Why an entity recogniser and not a tagger: the transition system keeps span edges consistent
(a BIO tagger fragmented long contents), and the parse features give it what lies beyond its
window. The component must follow the parser, tagger and lemmatizer in the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed, build_Tok2Vec_model
from spacy.pipeline._parser_internals._beam_utils import collect_states
from spacy.pipeline.ner import EntityRecognizer
from spacy.tokens import Doc, SpanGroup
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    Ops,
    chain,
    concatenate,
    with_array,
)
from thinc.types import Floats2d, Ints2d

from watchfloor.extraction.attribution_features import FEATURE_COLUMNS, FEATURES_KEY, shadow_doc

__all__ = ["LABELS", "SPANS_KEY", "AttributionRecognizer"]

SPANS_KEY = "attribution"
"""``doc.spans`` key of the tagger's output (labels in :data:`LABELS`)."""

LABELS = ("SOURCE", "CUE", "CONTENT")

_SM_TOK2VEC_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]
_SM_TOK2VEC_ROWS = [5000, 1000, 2500, 2500, 50, 50]


def _features_forward(
    model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Ints2d], Callable[[Any], list[Doc]]]:
    ops: Ops = model.ops
    out: list[Ints2d] = []
    for doc in docs:
        feats = doc.user_data.get(FEATURES_KEY)
        if feats is None or len(feats) != len(doc):
            # a doc that did not come through shadow_doc: no parse features (all zero ids)
            feats = np.zeros((len(doc), len(FEATURE_COLUMNS)), dtype=np.uint64)
        out.append(ops.asarray2i(feats, dtype="uint64"))  # type: ignore[arg-type]

    def backprop(d_out: Any) -> list[Doc]:
        return []

    return out, backprop


@registry.layers("watchfloor.AttributionFeatureExtractor.v1")
def AttributionFeatureExtractor() -> Model[list[Doc], list[Ints2d]]:  # noqa: N802
    """The hashed parse-feature matrix each shadow doc carries (see attribution_features)."""
    return Model("attribution_features", _features_forward)


@registry.architectures("watchfloor.AttributionFeatures.v1")  # type: ignore[untyped-decorator]
def AttributionFeatures(  # noqa: N802
    width: int, column_width: int, rows: list[int]
) -> Model[list[Doc], list[Floats2d]]:
    """Embed each feature column with its own hash table and mix them with a maxout layer."""
    if len(rows) != len(FEATURE_COLUMNS):
        raise ValueError(
            f"rows has {len(rows)} entries, need one per feature column: {FEATURE_COLUMNS}"
        )
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(column_width, nrows, column=i, seed=101 + i, dropout=0.0)
        for i, nrows in enumerate(rows)
    ]
    return chain(
        AttributionFeatureExtractor(),
        with_array(
            chain(
                concatenate(*embeddings),
                Maxout(width, column_width * len(rows), nP=3, dropout=0.0, normalize=True),
            )
        ),
    )


@registry.architectures("watchfloor.AttributionTok2Vec.v1")  # type: ignore[untyped-decorator]
def AttributionTok2Vec(  # noqa: N802
    width: int, feature_width: int, column_width: int, feature_rows: list[int], depth: int
) -> Model[list[Doc], list[Floats2d]]:
    """en_core_web_sm's tok2vec (same shape, so its weights can be copied in; referenced as
    ``"sm_tok2vec"``) alongside the parse features, mixed to ``width`` and re-encoded by a CNN
    of ``depth`` residual layers."""
    sm_tok2vec = build_Tok2Vec_model(
        MultiHashEmbed(
            width=96,
            attrs=_SM_TOK2VEC_ATTRS,
            rows=_SM_TOK2VEC_ROWS,
            include_static_vectors=False,
        ),
        MaxoutWindowEncoder(width=96, window_size=1, maxout_pieces=3, depth=4),
    )
    features = AttributionFeatures(feature_width, column_width, feature_rows)
    mixed: Model[list[Doc], list[Floats2d]] = chain(
        concatenate(sm_tok2vec, features),
        with_array(Maxout(width, 96 + feature_width, nP=3, dropout=0.0, normalize=True)),
    )
    model: Model[list[Doc], list[Floats2d]] = chain(
        mixed, MaxoutWindowEncoder(width=width, window_size=1, maxout_pieces=3, depth=depth)
    )
    model.set_dim("nO", width)
    model.set_ref("sm_tok2vec", sm_tok2vec)
    return model


class AttributionRecognizer(EntityRecognizer):  # type: ignore[misc]
    """An entity recogniser that reads and writes through shadow documents.

    ``predict`` tags the shadow of each doc; ``set_annotations`` puts the spans found into
    ``doc.spans[SPANS_KEY]`` of the real doc. Training examples must already hold shadows
    (``attribution_features.shadow_doc``) as their predicted side.
    """

    def predict(self, docs: Iterable[Doc]) -> Any:
        """The shadows of ``docs`` and the tagger's final states on them."""
        docs = [docs] if isinstance(docs, Doc) else list(docs)
        shadows = [shadow_doc(doc) for doc in docs]
        return shadows, super().predict(shadows)

    def set_annotations(self, docs: Sequence[Doc], predicted: Any) -> None:
        """Write the spans of ``predict``'s states to ``doc.spans[SPANS_KEY]`` of each doc."""
        docs = [docs] if isinstance(docs, Doc) else list(docs)
        shadows, states_or_beams = predicted
        states = collect_states(states_or_beams, shadows)
        for doc, shadow, state in zip(docs, shadows, states, strict=True):
            self.moves.set_annotations(state, shadow)
            spans = [doc[e.start : e.end] for e in shadow.ents]
            for span, ent in zip(spans, shadow.ents, strict=True):
                span.label_ = ent.label_
            doc.spans[self.span_key] = SpanGroup(doc, name=self.span_key, spans=spans)

    @property
    def span_key(self) -> str:
        """The ``doc.spans`` key written (:data:`SPANS_KEY`)."""
        return SPANS_KEY


@Language.factory(
    "watchfloor_attribution",
    assigns=["doc.spans"],
    requires=["token.tag", "token.dep", "token.lemma"],
    default_config={
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": True,
            "hidden_width": 96,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {
                "@architectures": "watchfloor.AttributionTok2Vec.v1",
                "width": 128,
                "feature_width": 64,
                "column_width": 32,
                "feature_rows": [500, 1000, 200, 50, 500, 2000, 5000, 50],
                "depth": 2,
            },
        },
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "incorrect_spans_key": None,
    },
)
def make_attribution_recognizer(  # noqa: PLR0917 (spaCy passes factory settings by position)
    nlp: Language,
    name: str,
    model: Model[Any, Any],
    moves: Any,
    update_with_oracle_cut_size: int,
    incorrect_spans_key: str | None,
) -> AttributionRecognizer:
    """The attribution tagger component (see the module docstring)."""
    return AttributionRecognizer(
        nlp.vocab,
        model,
        name=name,
        moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key,
        scorer=None,
    )
