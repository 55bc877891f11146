"""Export: records to JSON-ready dictionaries (and later JSONL, CSV, STIX 2.1)."""

from watchfloor.export.json import claim_to_dict, extraction_to_dict

__all__ = ["claim_to_dict", "extraction_to_dict"]
