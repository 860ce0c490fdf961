"""Strings of per-figure truth: values not comparable across a series break, and where each figure comes from."""

STRINGS = {
    "breaks.not_comparable": ("tidak sebanding: sebelum pemekaran 2022", "not comparable: before the 2022 split"),
    "breaks.not_comparable_count": (
        "{n} wilayah tidak sebanding (nilai sebelum pemekaran 2022, wilayah lama): {names}.",
        "{n} regions not comparable (values from before the 2022 split, of the former territory): {names}."),
    "prioritas.absent": ("Tidak ada data pada tingkat {level} untuk: {items}; indikator ini tidak ikut dinilai.",
                         "No data at the {level} level for: {items}; these indicators are not scored."),
    "cite.scope.province": ("{n} provinsi", "{n} provinces"),
    "cite.scope.regency": ("{n} kab/kota", "{n} regencies/cities"),
    "cite.scope.regency_in": ("{n} kab/kota di {parent}", "{n} regencies/cities in {parent}"),
    "cite.scope.district": ("{n} kecamatan", "{n} districts"),
    "cite.scope.district_in": ("{n} kecamatan di {parent}", "{n} districts in {parent}"),
    "cite.scope.village": ("{n} desa/kelurahan", "{n} villages"),
    "cite.scope.village_in": ("{n} desa/kelurahan di {parent}", "{n} villages in {parent}"),
    "provenance.vintage": ("versi {date}", "vintage {date}"),
    # data.provenance.VINTAGE_KINDS: what the vintage date of a figure is
    "provenance.vintage.updated": ("pembaruan BPS {date}", "BPS update {date}"),
    "provenance.vintage.published": ("terbit {date}", "published {date}"),
    "provenance.vintage.accessed": ("diakses {date}", "accessed {date}"),
    "provenance.vintage.captured_by": ("diambil paling lambat {date}", "captured by {date}"),
    "provenance.vintage.captured_about": ("diambil sekitar {date}", "captured about {date}"),
    "provenance.vintage.snapshot": ("salinan {date}", "copy of {date}"),
    "provenance.vintage.loaded": ("diunggah {date}", "uploaded {date}"),
    "provenance.quality_hint": ("Nilai ini bukan dari rilis resmi; lihat sumbernya (arahkan ke baris sumber).",
                                "This value is not from an official release; see its source (hover the source line)."),
    "provenance.other_release": ("perubahan antar rilis berbeda", "change across two releases"),
    "peta.col.source": ("Sumber", "Source"),
    "breaks.not_ranked": ("tidak diberi peringkat", "not ranked"),
}
