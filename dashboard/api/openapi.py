"""The OpenAPI 3.0 description of `/api/v1/` (served at /api/v1/openapi.json; validated in the tests)."""
from __future__ import annotations

from data.schema import BATCH_STATUSES


def _param(name: str, description: str, schema: dict | None = None, example: str | None = None) -> dict:
    param = {"name": name, "in": "query", "required": False, "description": description,
             "schema": schema or {"type": "string"}}
    if example is not None:
        param["example"] = example
    return param


PAGING = [
    _param("limit", "rows per page (1-100000, default 1000)", {"type": "integer", "minimum": 1, "maximum": 100000}),
    _param("offset", "rows to skip; follow `next` instead of computing it", {"type": "integer", "minimum": 0}),
]
LEVEL = {"type": "string", "enum": ["country", "province", "regency"]}
ERROR = {"description": "bad request / not found (message in Indonesian and English)",
         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


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
                                    "responses": {"200": _ok(_list("#/components/schemas/Indicator"))}}},
            "/regions": {"get": {
                "summary": "Regions by level and parent", "operationId": "regions",
                "parameters": [_param("level", "country, province or regency", LEVEL),
                               _param("parent", "parent region code, e.g. 32", example="32")],
                "responses": {"200": _ok(_list("#/components/schemas/Region")), "400": ERROR}}},
            "/observations": {"get": {
                "summary": "Current values, filtered; JSON or CSV; paginated", "operationId": "observations",
                "parameters": [
                    _param("indicator", "indicator code", example="ipm"),
                    _param("region", "Kemendagri region code", example="3273"),
                    _param("level", "region level", LEVEL), _param("parent", "parent region code"),
                    _param("period", "one period: 2024, 2024-03, 2024-Q1", example="2024"),
                    _param("from", "first period of a range (inclusive)"),
                    _param("to", "last period of a range (inclusive; a year includes its months)"),
                    _param("format", "json (default) or csv", {"type": "string", "enum": ["json", "csv"]}),
                    *PAGING],
                "responses": {"200": _ok(_list("#/components/schemas/Observation"), csv=True), "400": ERROR,
                              "404": ERROR}}},
            "/batches": {"get": {"summary": "Import batches (audit trail), newest first", "operationId": "batches",
                                 "parameters": PAGING,
                                 "responses": {"200": _ok(_list("#/components/schemas/Batch")), "400": ERROR}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
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
            "Observation": {"type": "object", "required": ["indicator", "region", "period", "value", "status"],
                            "properties": {
                                "indicator": {"type": "string", "example": "ipm"},
                                "region": {"type": "string", "example": "3273"},
                                "period": {"type": "string", "example": "2024"},
                                "value": {"type": "number", "example": 75.37},
                                "status": {"type": "string", "enum": ["final", "preliminary"]}}},
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
