"""The brief's numbers as words in one language (shared by the PDF and the XLSX writers)."""
from __future__ import annotations

from i18n import fmt_date, fmt_number, fmt_period, fmt_signed, t
from layouts import on_track
from layouts.ringkasan import rank_text
from models.brief import Brief, KeyCard, MapData, PriorityLine


def ind_name(meta: dict, lang: str, short: bool = True) -> str:
    key = ("short_" if short else "name_") + ("id" if lang == "id" else "en")
    return str(meta.get(key) or meta.get("name_id") or meta["code"])


def unit(meta: dict, lang: str) -> str:
    return str((meta.get("unit_en") if lang == "en" else None) or meta.get("unit") or "")


def number(value: float | None, meta: dict, lang: str, with_unit: bool = True) -> str:
    if value is None:
        return t("brief.no_data", lang)
    text = fmt_number(value, meta["decimals"], lang)
    u = unit(meta, lang)
    return f"{text} {u}" if with_unit and u and u != "indeks" and u != "index" else text


def period(value: str | None, lang: str, status: str | None = None) -> str:
    if not value:
        return t("brief.no_data", lang)
    return fmt_period(value, lang, short=True) + ("*" if status == "preliminary" else "")


def title(brief: Brief, lang: str) -> str:
    name = t("common.indonesia", lang) if brief.region["code"] == "ID" else brief.region["name"]
    return t("brief.title", lang, region=name)


def dates(brief: Brief, lang: str) -> str:
    return t("brief.dates", lang, period=period(brief.data_period, lang),
             loaded=fmt_date(brief.loaded, lang, short=True), generated=fmt_date(brief.generated, lang, short=True))


def change(card: KeyCard, lang: str) -> str:
    if card.change is None or card.previous_period is None:
        return t("brief.no_change", lang)
    arrow = "▲" if card.change > 0 else "▼" if card.change < 0 else "="
    text = f"{arrow} " + t("brief.change", lang, change=fmt_signed(card.change, card.indicator["decimals"], lang),
                           previous=period(card.previous_period, lang))
    return f"{text} ({t('provenance.other_release', lang)})" if card.other_release else text


def target_range(target: dict, meta: dict, lang: str) -> str:
    low, high = number(target["low"], meta, lang, False), number(target["high"], meta, lang, False)
    return low if target["low"] == target["high"] else f"{low}–{high}"


def target(card_or_line, lang: str) -> str | None:
    tgt = card_or_line.target
    if not tgt:
        return None
    return t("brief.target", lang, year=tgt["year"], plan=tgt["plan"],
             target=target_range(tgt, card_or_line.indicator, lang))


def standing(card: KeyCard, region: dict, lang: str) -> str | None:
    """'Indonesia: 74,20 · ke-10 dari 38 provinsi': the comparison figure and the rank the overview card shows."""
    parts = []
    if card.parent and card.parent_value is not None:
        name = t("common.indonesia", lang) if card.parent["code"] == "ID" else card.parent["name"]
        parts.append(t("ringkasan.parent", lang, parent=name,
                       value=number(card.parent_value, card.indicator, lang, with_unit=False)))
    parts.append(rank_text(card.rank, region, card.parent, lang))
    return " · ".join(p for p in parts if p) or None


def track(card: KeyCard, lang: str) -> str | None:
    """"Status: sesuai jalur · peluang tercapai 2029: 64%": the verdict in the words of the cards and the kiosk."""
    found = card.on_track or {}
    if not found.get("status"):
        return None
    chance = on_track.chance_text(found, lang)
    return t("brief.track", lang, status=on_track.status_text(found["status"], lang)) + (f" · {chance}" if chance else "")


def priority_facts(line: PriorityLine, lang: str) -> list[str]:
    meta, c = line.indicator, line.criteria
    facts = [t("brief.p.value", lang, indicator=ind_name(meta, lang), value=number(line.value, meta, lang),
               period=period(line.period, lang))]
    if c.get("gap_to_target", 0) > 0:
        facts.append(t("brief.p.gap", lang, x=fmt_number(c["gap_to_target"], 1, lang)))
    if "below_median" in c:
        x = fmt_number(abs(c["below_median"]), meta["decimals"], lang)
        facts.append(t("brief.p.worse_median" if c["below_median"] > 0 else "brief.p.better_median", lang, x=x))
    if "trend" in c:
        x = fmt_number(abs(c["trend"]), meta["decimals"], lang)
        facts.append(t("brief.p.worsening" if c["trend"] > 0 else "brief.p.improving", lang, x=x))
    facts.append(t("brief.p.need", lang, x=fmt_number(line.need, 2, lang)))
    return facts


def priority_sources(line: PriorityLine, lang: str) -> str:
    parts = [t("brief.source", lang, source=line.indicator.get("producer") or "–")]
    if line.target and line.target.get("source"):
        parts.append(t("brief.target_source", lang, source=line.target["source"]))
    return "; ".join(parts)


def priorities_scope(brief: Brief, lang: str, parent_name: str) -> str:
    region = brief.region
    if region["level"] == "regency":
        return t("brief.priorities.own", lang, region=region["name"], parent=parent_name)
    scope = (t("brief.map.scope.province", lang) if region["code"] == "ID"
             else t("brief.map.scope.regency", lang, parent=region["name"]))
    return t("brief.priorities.children", lang, scope=scope)


def priorities_basis(brief: Brief, lang: str) -> str:
    """'Indikator: P0, TPT · bobot pilihan: Jarak ke target 3, ...' (what the ranking rests on)."""
    if brief.basis is None:
        return ""
    names = ", ".join(ind_name(m, lang) for m in brief.basis_indicators) or "-"
    weights = ", ".join(f"{t('prioritas.crit.' + k, lang)} {fmt_number(v, 0 if v == int(v) else 1, lang)}"
                        for k, v in brief.basis.weights)
    key = "brief.basis.default" if brief.basis.is_default else "brief.basis.chosen"
    return t(key, lang, indicators=names, weights=weights)


def map_caption(data: MapData, lang: str, parent_name: str | None) -> str:
    scope = (t("brief.map.scope.province", lang) if data.level == "province"
             else t("brief.map.scope.regency", lang, parent=parent_name or data.parent))
    return t("brief.map", lang, indicator=ind_name(data.indicator, lang),
             period=period(data.period, lang)) + f" ({scope})"


def sources(brief: Brief) -> str:
    found = [c.indicator.get("producer") for c in brief.cards if c.value is not None]
    found += [p.indicator.get("producer") for p in brief.priorities]
    return ", ".join(dict.fromkeys(s for s in found if s)) or "–"
