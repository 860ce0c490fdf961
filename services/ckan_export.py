"""CKAN-ready dataset metadata (package JSON with DCAT-style fields) for every `publik` indicator, so a walidata can
publish them to a regional Satu Data portal (package_create / package_update). Reads through the query layer as
the public: tiers other than `publik` never leave. No Dash here.
"""
from __future__ import annotations

import re

from sqlalchemy.engine import Engine

from i18n import urls
from services import queries
from services.access import PUBLIC

#: Indicator frequency -> DCAT accrualPeriodicity (EU frequency vocabulary used by ckanext-dcat).
FREQUENCY = {"annual": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
             "semester": "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2",
             "survey": "http://publications.europa.eu/resource/authority/frequency/IRREG",
             "evaluation": "http://publications.europa.eu/resource/authority/frequency/IRREG"}


def slug(code: str) -> str:
    return "satudata-" + re.sub(r"[^a-z0-9_-]", "-", code.lower())


def package(meta: dict, summary: dict | None, base_url: str) -> dict:
    """One CKAN package dict for one indicator."""
    code = meta["code"]
    api = f"{base_url.rstrip('/')}/api/v1/observations?indicator={code}"
    extras = {
        "identifier": slug(code), "frequency": FREQUENCY.get(meta["frequency"], ""), "language": "id",
        "publisher_name": meta.get("producer") or "", "contact_name": meta.get("custodian") or "",
        "theme": meta.get("theme") or "", "access_rights": "public", "unit": meta.get("unit") or "",
        "spatial": "Indonesia (kode wilayah Kemendagri)", "sdg_target": meta.get("sdg_target") or "",
        "temporal_start": (summary or {}).get("first_period", ""), "temporal_end": (summary or {}).get("last_period", ""),
        "conforms_to": "Satu Data Indonesia (Perpres 39/2019)",
    }
    return {
        "name": slug(code), "title": meta["name_id"], "notes": (meta.get("definition_id") or "") +
        (f"\n\n{meta['definition_en']}" if meta.get("definition_en") else ""),
        "author": meta.get("producer"), "maintainer": meta.get("custodian"),
        "license_id": "other-open", "license_title": meta.get("licence") or "",
        "url": base_url.rstrip("/") + urls.link("katalog", indicator=code),
        "version": (summary or {}).get("last_period", ""),
        "tags": [{"name": t} for t in ("satu-data", code.replace("_", "-"), (meta.get("theme") or "").replace("_", "-"))
                 if t],
        "extras": [{"key": k, "value": str(v)} for k, v in extras.items() if v not in ("", None)],
        "resources": [
            {"name": f"{meta['name_id']} (CSV)", "url": f"{api}&format=csv&limit=100000", "format": "CSV",
             "mimetype": "text/csv", "description": "Nilai terkini per wilayah (kode Kemendagri) dan periode / "
                                                     "current values by region (Kemendagri code) and period"},
            {"name": f"{meta['name_id']} (JSON API)", "url": api, "format": "JSON", "mimetype": "application/json"},
        ],
    }


def packages(engine: Engine, base_url: str) -> list[dict]:
    """Package dicts of every indicator of tier `publik` (read as the public, whatever the caller's rights)."""
    meta = queries.indicators(engine, PUBLIC)
    meta = meta.astype(object).where(meta.notna(), None)  # a field never filled in is None here, not NaN
    summary = queries.indicator_summary(engine, PUBLIC).set_index("indicator_code").to_dict("index")
    return [package(m, summary.get(m["code"]), base_url) for m in meta.to_dict("records") if m["tier"] == "publik"]
