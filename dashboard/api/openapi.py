"""The OpenAPI 3.0 description of `/api/v1/` (served at /api/v1/openapi.json; validated in the tests)."""
from __future__ import annotations

from dashboard.api.limits import DEFAULT_LIMIT, LEVELS, MAX_LIMIT, MAX_OFFSET, PERIOD_PATTERN
from data.schema import BATCH_STATUSES, QUALITIES

QUALITY_TEXT = ("null for a value from an official release; otherwise where it was taken from: `news` (a news or "
                "data-journalism quote of an official survey, e.g. stunting 2019, 2023, 2024), `press` (a press "
                "report of an official decree, e.g. Indeks SPBE), `compiled` (a compiled sheet that names no "
                "release, e.g. kab/kota TPT 2018-2020)")
COMPARABLE_TEXT = ("false when the value is from before a series break of that region, so it does not stand for "
                   "today's region (Papua 91 and Papua Barat 92 before the 2022 split took effect in that "
                   "indicator); true otherwise. Such rows are returned with the flag, never dropped or relabelled")


def _param(name: str, description: str, schema: dict | None = None, example: str | None = None) -> dict:
    param = {"name": name, "in": "query", "required": False, "description": description,
             "schema": schema or {"type": "string"}}
    if example is not None:
        param["example"] = example
    return param


PAGING = [
    _param("limit", f"rows per page (1-{MAX_LIMIT}, default {DEFAULT_LIMIT})",
           {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
    _param("offset", "rows to skip; follow `next` instead of computing it",
           {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
]
#: What `parent` means: with a level, every region of that level inside it; without, its direct children.
PARENT = ("region code; with `level`, every region of that level inside it (level=village&parent=3201: the "
          "desa/kelurahan of Kab. Bogor), without `level` its direct children")
LEVEL = {"type": "string", "enum": list(LEVELS)}
PERIOD = {"type": "string", "pattern": PERIOD_PATTERN}


def _error(description: str) -> dict:
    return {"description": f"{description} (message in Indonesian and English)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


ERROR = _error("bad request / not found")
#: Every operation may answer these: the per-address rate limit and a store that does not answer.
COMMON = {"429": _error("too many requests from this address (DASHBOARD_API_RATE_LIMIT)"),
          "503": _error("the store cannot be reached")}


def _list(item_ref: str) -> dict:
    return {"type": "object", "required": ["data", "next"], "properties": {
        "data": {"type": "array", "items": {"$ref": item_ref}},
        "next": {"type": "string", "nullable": True, "description": "URL of the next page, null on the last"}}}


def _ok(schema: dict, csv: bool = False) -> dict:
    content = {"application/json": {"schema": schema}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    return {"description": "OK", "content": content}


def spec(server_url: str = "") -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Dasbor Satu Data API", "version": "1.0.0",
                 "description": "Open indicators of the Satu Data store. Regions are always under their current "
                                "Kemendagri code ('ID' = Indonesia). Callers without a role see tier `publik` only."},
        "servers": [{"url": f"{server_url}/api/v1"}],
        "paths": {
            "/indicators": {"get": {"summary": "Indicators with their Satu Data metadata", "operationId": "indicators",
                                    "responses": {"200": _ok(_list("#/components/schemas/Indicator")), **COMMON}}},
            "/regions": {"get": {
                "summary": "Regions by level and parent; paginated (83,762 villages)", "operationId": "regions",
                "parameters": [_param("level", "country, province, regency, district (kecamatan) or village "
                                        "(desa/kelurahan)", LEVEL),
                               _param("parent", PARENT, example="32"), *PAGING],
                "responses": {"200": _ok(_list("#/components/schemas/Region")), "400": ERROR, **COMMON}}},
            "/observations": {"get": {
                "summary": "Current values, filtered; JSON or CSV; paginated", "operationId": "observations",
                "parameters": [
                    _param("indicator", "indicator code", example="ipm"),
                    _param("region", "Kemendagri region code (dots allowed: 32.01.01.2001)", example="3273"),
                    _param("level", "region level", LEVEL), _param("parent", PARENT),
                    _param("period", "one period: 2024, 2024-03, 2024-Q1", PERIOD, example="2024"),
                    _param("from", "first period of a range (inclusive): 2024, 2024-03, 2024-Q1", PERIOD),
                    _param("to", "last period of a range (inclusive; a year includes its months)", PERIOD),
                    _param("format", "json (default) or csv", {"type": "string", "enum": ["json", "csv"]}),
                    *PAGING],
                "responses": {"200": _ok(_list("#/components/schemas/Observation"), csv=True), "400": ERROR,
                              "404": ERROR, **COMMON}}},
            "/batches": {"get": {"summary": "Import batches (audit trail), newest first", "operationId": "batches",
                                 "parameters": PAGING,
                                 "responses": {"200": _ok(_list("#/components/schemas/Batch")), "400": ERROR, **COMMON}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["id", "en"], "properties": {
                    "id": {"type": "string"}, "en": {"type": "string"}}}}},
            "Indicator": {"type": "object", "required": ["code", "name_id", "name_en", "unit", "tier"], "properties": {
                "code": {"type": "string"}, "name_id": {"type": "string"}, "name_en": {"type": "string"},
                "short_id": {"type": "string", "nullable": True}, "short_en": {"type": "string", "nullable": True},
                "unit": {"type": "string"}, "decimals": {"type": "integer"},
                "higher_is_better": {"type": "boolean", "nullable": True},
                "definition_id": {"type": "string", "nullable": True},
                "definition_en": {"type": "string", "nullable": True},
                "producer": {"type": "string", "nullable": True}, "custodian": {"type": "string", "nullable": True},
                "frequency": {"type": "string"}, "sdg_target": {"type": "string", "nullable": True},
                "theme": {"type": "string", "nullable": True},
                "tier": {"type": "string", "enum": ["publik", "internal", "dikecualikan"]},
                "min_value": {"type": "number", "nullable": True}, "max_value": {"type": "number", "nullable": True},
                "source": {"type": "string", "nullable": True}, "licence": {"type": "string", "nullable": True}}},
            "Region": {"type": "object", "required": ["code", "name", "level"], "properties": {
                "code": {"type": "string", "example": "3273"}, "name": {"type": "string"}, "level": LEVEL,
                "parent": {"type": "string", "nullable": True}}},
            "Observation": {"type": "object",
                            "required": ["indicator", "region", "period", "value", "status", "quality", "comparable"],
                            "properties": {
                                "indicator": {"type": "string", "example": "ipm"},
                                "region": {"type": "string", "example": "3273"},
                                "period": {"type": "string", "example": "2024"},
                                "value": {"type": "number", "example": 75.37,
                                          "description": "the stored value, full precision (never rounded)"},
                                "status": {"type": "string", "enum": ["final", "preliminary"]},
                                "quality": {"type": "string", "nullable": True, "enum": [*QUALITIES, None],
                                            "description": QUALITY_TEXT},
                                "comparable": {"type": "boolean", "description": COMPARABLE_TEXT}}},
            "Batch": {"type": "object", "required": ["id", "kind", "status"], "properties": {
                "id": {"type": "integer"}, "kind": {"type": "string"}, "created_at": {"type": "string"},
                "file_name": {"type": "string", "nullable": True}, "file_hash": {"type": "string", "nullable": True},
                "indicator_code": {"type": "string", "nullable": True}, "rows_total": {"type": "integer"},
                "rows_new": {"type": "integer"}, "rows_changed": {"type": "integer"},
                "rows_unchanged": {"type": "integer"}, "rows_skipped": {"type": "integer"},
                "status": {"type": "string", "enum": list(BATCH_STATUSES)},
                "rolled_back_at": {"type": "string", "nullable": True}}},
        }},
    }
