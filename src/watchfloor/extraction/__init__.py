"""Extraction: from a document's text to attributed, normalised claims.

The stage runs one spaCy pipeline per process (loaded lazily, once) and then, per document:
attribution (source / cue / content spans), actor normalisation and in-document resolution,
stance and hedging, the PLOVER event of the content with its quantity and date.
"""
