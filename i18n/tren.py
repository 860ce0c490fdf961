"""Strings of the trends page (/tren)."""

STRINGS = {
    "page.tren": ("Tren", "Trends"),
    "tren.title": ("Tren indikator", "Indicator trends"),
    "tren.subtitle": ("Perkembangan indikator untuk hingga 8 wilayah, dengan provinsi induk dan nasional sebagai "
                      "pembanding (garis putus-putus).",
                      "An indicator over time for up to 8 regions, with the parent province and the national line "
                      "for reference (dashed)."),
    "tren.indicator": ("Indikator", "Indicator"),
    "tren.regions": ("Wilayah (maks. 8)", "Regions (max. 8)"),
    "tren.regions_placeholder": ("Pilih wilayah…", "Choose regions…"),
    "tren.reference": ("Tampilkan garis pembanding (induk dan nasional)", "Show reference lines (parent and national)"),
    "tren.too_many": ("Paling banyak 8 wilayah; yang ditampilkan: 8 pertama.",
                      "At most 8 regions; showing the first 8."),
    "tren.no_regions": ("Pilih setidaknya satu wilayah.", "Choose at least one region."),
    "tren.no_data": ("Tidak ada data {indicator} untuk wilayah yang dipilih.",
                     "No {indicator} data for the chosen regions."),
    "tren.missing_regions": ("Tidak ada data untuk: {names}.", "No data for: {names}."),
    "tren.reference_suffix": ("(pembanding)", "(reference)"),
    "tren.target": ("Target", "Target"),
    "tren.target_hover": ("Target {year} ({plan}): {value}", "Target {year} ({plan}): {value}"),
    "tren.break_label": ("basis berubah", "basis changes"),
    "tren.breaks_title": ("Perubahan basis data", "Series breaks"),
    "tren.break_item": ("Mulai {start}: {note} ({regions}). Garis diputus; nilai di kedua sisi tidak dibandingkan.",
                        "From {start}: {note} ({regions}). The line is broken; values either side are not compared."),
    "tren.preliminary_note": ("Titik berongga = angka sementara.", "Hollow points = preliminary figures."),
    "tren.axis_period": ("Periode", "Period"),
    "tren.placement": ("Data semesteran di bulan survei (mis. Maret, September); data tahunan di pertengahan tahun.",
                       "Half-yearly figures sit at their survey month (e.g. March, September); annual figures at "
                       "mid-year."),
    "tren.target_path": ("jalur ke target", "path to target"),
}
