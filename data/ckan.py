"""Fetching a resource (CSV or XLSX) of a dataset from a CKAN portal with ckanapi, for the import path.

Only reads (package_show, then the resource download, streamed and cut at the size limit). No Dash, no store.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound

from data.errors import Problem
from data.ingest.files import FileRefused, too_big

FORMATS = {"csv": ".csv", "xlsx": ".xlsx", "xls": ".xls", "text/csv": ".csv"}
TIMEOUT = 30


@dataclass(frozen=True)
class Fetched:
    content: bytes
    file_name: str
    dataset: str
    resource_id: str
    url: str


def _refuse(reason_id: str, reason_en: str) -> FileRefused:
    return FileRefused([Problem(None, None, reason_id, reason_en)])


def pick_resource(package: dict, resource: str | None) -> dict:
    """The resource named by id or name (case-insensitive); without one, the only CSV/XLSX resource."""
    resources = package.get("resources") or []
    if resource:
        wanted = resource.strip().lower()
        found = [r for r in resources if wanted in (str(r.get("id", "")).lower(), str(r.get("name", "")).lower())]
    else:
        found = [r for r in resources if str(r.get("format", "")).lower() in FORMATS
                 or r.get("url", "").lower().endswith((".csv", ".xlsx"))]
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"{r.get('name') or '?'} ({r.get('id')})" for r in resources) or "–"
    raise _refuse(f"sumber data tidak jelas: pilih salah satu dari {names}",
                  f"which resource is meant is unclear: choose one of {names}")


def file_name_for(resource: dict) -> str:
    path = posixpath.basename(urlsplit(resource.get("url", "")).path)
    if path.lower().endswith((".csv", ".xlsx", ".xls")):
        return path
    extension = FORMATS.get(str(resource.get("format", "")).lower(), ".csv")
    return f"{resource.get('name') or resource.get('id') or 'resource'}{extension}"


def download(session: requests.Session, url: str, max_bytes: int) -> bytes:
    """The resource's bytes, refused (without reading on) once they pass `max_bytes`."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise _refuse(f"alamat sumber data tidak didukung: {url}", f"unsupported resource address: {url}")
    try:
        with session.get(url, stream=True, timeout=TIMEOUT) as response:
            response.raise_for_status()
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise too_big(max_bytes)
            chunks, size = [], 0
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise too_big(max_bytes)
                chunks.append(chunk)
    except requests.RequestException as exc:
        raise _refuse(f"unduhan sumber data gagal: {exc.__class__.__name__}",
                      f"downloading the resource failed: {exc.__class__.__name__}") from exc
    return b"".join(chunks)


def fetch(portal: str, dataset: str, resource: str | None = None, *, max_bytes: int,
          session: requests.Session | None = None, apikey: str | None = None) -> Fetched:
    """package_show on `portal`, pick the resource, download it; every failure is a FileRefused with a reason."""
    session = session or requests.Session()
    ckan = RemoteCKAN(portal.rstrip("/"), apikey=apikey, get_only=True, session=session,
                      user_agent="dasbor-satu-data (ckanapi)")
    try:
        package = ckan.action.package_show(id=dataset)
    except NotFound as exc:
        raise _refuse(f"dataset {dataset!r} tidak ada di {portal}", f"dataset {dataset!r} not found on {portal}") from exc
    except NotAuthorized as exc:
        raise _refuse(f"tidak berhak membaca dataset {dataset!r}", f"not allowed to read dataset {dataset!r}") from exc
    except (CKANAPIError, requests.RequestException, ValueError) as exc:
        raise _refuse(f"portal CKAN {portal} tidak menjawab dengan benar ({exc.__class__.__name__})",
                      f"the CKAN portal {portal} did not answer properly ({exc.__class__.__name__})") from exc
    chosen = pick_resource(package, resource)
    content = download(session, chosen.get("url", ""), max_bytes)
    return Fetched(content, file_name_for(chosen), package.get("name") or dataset, str(chosen.get("id")),
                   chosen.get("url", ""))
