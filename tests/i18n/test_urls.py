"""The public URL vocabulary is defined once (i18n/urls.py): the pages table takes its paths from it, every page
serves it to the page scripts, and no page script retypes a key or a path."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from dashboard.pages import PAGES
from i18n.urls import LEVEL_WORDS, LEVELS, PATHS, for_scripts, keys

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "dashboard" / "assets"
#: words a script may write for another reason: the <html lang> attribute, plotly's x/y, the path separator
SHARED_WORDS = {"lang", "x", "y", "/"}
COMMENT = re.compile(r"/\*.*?\*/|^\s*//.*?$", re.S | re.M)


def test_every_page_has_one_path_and_every_path_a_page():
    assert {spec.module for spec in PAGES} == set(PATHS)
    assert len(set(PATHS.values())) == len(PATHS)
    assert {spec.module: spec.path for spec in PAGES}["peta"] == "/peta"


def test_keys_stay_the_public_indonesian_words():
    """Bookmarked and cited addresses keep working: these never change."""
    assert (keys.REGION, keys.INDICATOR, keys.PERIOD, keys.LEVEL, keys.METHOD, keys.THEME) == \
        ("wilayah", "indikator", "periode", "tingkat", "kelas", "tema")
    assert LEVELS == {"provinsi": "province", "kabkota": "regency", "kecamatan": "district", "desa": "village"}
    assert LEVEL_WORDS["regency"] == "kabkota"


def test_every_page_serves_the_vocabulary_to_its_scripts(client):
    page = client.get("/peta").get_data(as_text=True)
    found = re.search(r'<html lang="id" data-urls="([^"]*)">', page)
    assert found, page[:300]
    assert json.loads(html.unescape(found.group(1))) == for_scripts()
    assert for_scripts()["keys"]["region"] == "wilayah" and for_scripts()["paths"]["tren"] == "/tren"


def scripts() -> dict[str, str]:
    """Every page script: the asset files and the clientside callbacks written in Python strings."""
    found = {script.name: script.read_text(encoding="utf-8") for script in sorted(ASSETS.rglob("*.js"))
             if "00_vendor" not in script.parts}
    for module in sorted((ROOT / "callbacks").rglob("*.py")):
        for i, text in enumerate(re.findall(r'"""(.*?)"""', module.read_text(encoding="utf-8"), re.S)):
            if re.match(r"\s*function\s*\(", text):
                found[f"{module.relative_to(ROOT)} #{i}"] = text
    return found


def test_page_scripts_do_not_retype_keys_or_paths():
    served = for_scripts()
    words = (set(served["keys"].values()) | set(served["paths"].values()) | set(served["levels"].values())) \
        - SHARED_WORDS
    retyped = []
    for name, text in scripts().items():
        literals = {quoted for _quote, quoted in re.findall(r"""(["'`])(.*?)\1""", COMMENT.sub("", text))}
        retyped += [f"{name}: {word!r}" for word in sorted(literals & words)]
    assert any("callbacks/peta.py" in name for name in scripts())  # the map's URL sync is among them
    assert not retyped, retyped


def test_links_are_built_from_the_data_models_names():
    from i18n.urls import link, query

    assert link("tren", indicator="ipm", region="32,3273", lang="en") == "/tren?indikator=ipm&wilayah=32%2C3273&lang=en"
    assert link("peta", indicator="p0", level="province", method=None) == "/peta?indikator=p0&tingkat=provinsi"
    assert link("katalog", "riwayat", lang=None) == "/katalog#riwayat" and link("ringkasan") == "/"
    assert query(region="", theme="economy") == {"tema": "economy"}
