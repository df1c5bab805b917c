"""The JSON Schema every rule file must meet before it is loaded."""

from eligibility.conditions import CONDITION_KEYS

_AMOUNT = {"anyOf": [{"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}, {"type": "integer", "minimum": 0}]}
_TEXT = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": ["en"],
            "additionalProperties": False,
            "properties": {"en": {"type": "string"}, "fr": {"type": "string"}, "nl": {"type": "string"}},
        },
    ]
}
# people.models.VulnerabilityKind (tests/eligibility/test_loader.py keeps the two in step).
VULNERABILITY_KINDS = [
    "minor",
    "unaccompanied_minor",
    "medical",
    "pregnancy",
    "elderly",
    "trafficking",
    "gender_based_violence",
    "disability",
    "mental_health",
    "single_parent",
]
_KINDS = {
    "group": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
    "countries": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}, "minItems": 1},
    "statuses": {
        "type": "array",
        "minItems": 1,
        "items": {"enum": ["asylum_pending", "asylum_rejected", "irregular_stay", "other"]},
    },
    "strings": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "vulnerabilities": {"type": "array", "items": {"enum": VULNERABILITY_KINDS}, "minItems": 1},
    "int": {"type": "integer", "minimum": 0},
    "bool": {"type": "boolean"},
    "blocks": {"type": "array", "items": {"$ref": "#/$defs/conditions"}, "minItems": 2},
    "block": {"$ref": "#/$defs/conditions", "minProperties": 1},
}
_PROVENANCE = {"source": {"type": "string"}, "unverified": {"type": "boolean"}}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["programme", "name", "version", "valid_from", "currency", "sources", "components"],
    "$defs": {
        "conditions": {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: _KINDS[kind] for key, kind in CONDITION_KEYS.items()},
        },
    },
    "properties": {
        "programme": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        "name": {"type": "string"},
        "run_by": {"type": "array", "items": {"type": "string"}},
        "version": {"type": "string", "minLength": 1, "maxLength": 40},
        "valid_from": {"type": "string", "format": "date"},
        # Inclusive: the last day the version applies.
        "valid_to": {"type": "string", "format": "date"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "sources": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "notes": {"type": "string"},
        "requirements": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "label", "when"],
                "properties": {
                    "code": {"type": "string"},
                    "label": _TEXT,
                    "when": {"$ref": "#/$defs/conditions"},
                    **_PROVENANCE,
                },
            },
        },
        "components": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "label", "form", "paid", "per", "rows"],
                "properties": {
                    "code": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "label": _TEXT,
                    "form": {"enum": ["cash", "in_kind"]},
                    "paid": {"enum": ["at_departure", "after_arrival"]},
                    "per": {"enum": ["household", "member"]},
                    # An envelope granted case by case (a selection committee, a
                    # proven need): its amount is the most that may be granted,
                    # listed apart under "discretionary" and not in the total.
                    "discretionary": {"type": "boolean"},
                    "when": {"$ref": "#/$defs/conditions"},
                    "cap": _AMOUNT,
                    "rows": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["amount"],
                            "properties": {"when": {"$ref": "#/$defs/conditions"}, "amount": _AMOUNT, **_PROVENANCE},
                        },
                    },
                    **_PROVENANCE,
                },
            },
        },
        "caps": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "components", "max"],
                "properties": {
                    "code": {"type": "string"},
                    "label": _TEXT,
                    "components": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "max": _AMOUNT,
                    # household (default): the listed components together; member:
                    # each member's share of them (per-member components only).
                    "per": {"enum": ["household", "member"]},
                    # The cap applies only when these hold (for each member when per: member).
                    "when": {"$ref": "#/$defs/conditions"},
                    **_PROVENANCE,
                },
            },
        },
    },
}
