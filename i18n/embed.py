"""Strings of embedded charts (/embed) and of the "Sematkan" (embed) action on the trend and map pages."""

STRINGS = {
    "page.embed": ("Sematkan", "Embed"),
    "embed.open": ("Lihat di Dasbor Satu Data ↗", "Open in the Satu Data Dashboard ↗"),
    "embed.title.tren": ("{indicator}: {regions}", "{indicator}: {regions}"),
    "embed.title.peta": ("{indicator}, {period}: {scope}", "{indicator}, {period}: {scope}"),
    "embed.scope.province": ("provinsi di Indonesia", "provinces of Indonesia"),
    "embed.scope.regency": ("kab/kota di Indonesia", "regencies/cities of Indonesia"),
    "embed.scope.parent": ("kab/kota di {parent}", "regencies/cities of {parent}"),
    "embed.scope.parent.district": ("kecamatan di {parent}", "districts of {parent}"),
    "embed.scope.parent.village": ("desa/kelurahan di {parent}", "villages of {parent}"),
    "embed.refused": ("Grafik ini tidak dapat disematkan.", "This chart cannot be embedded."),
    "embed.not_public": ("Indikator {code} tidak terbuka untuk umum (hanya tingkat akses publik yang dapat "
                         "disematkan).",
                         "Indicator {code} is not open to the public (only indicators of the public tier can be "
                         "embedded)."),
    "embed.unknown_indicator": ("Indikator {code} tidak dikenal.", "Unknown indicator {code}."),
    "embed.no_indicator": ("Sebutkan indikator: ?indikator=KODE.", "Name an indicator: ?indikator=CODE."),
    "embed.unknown_chart": ("Jenis grafik {chart} tidak dikenal; pilih grafik=tren atau grafik=peta.",
                            "Unknown chart type {chart}; use grafik=tren or grafik=peta."),
    "embed.no_data": ("Tidak ada data untuk grafik ini.", "No data for this chart."),
    "embed.share": ("Sematkan", "Embed"),
    "embed.share.title": ("Sematkan grafik ini", "Embed this chart"),
    "embed.share.help": ("Salin kode ini ke halaman web Anda. Grafik tampil bersama sumber datanya dan tautan "
                         "kembali ke dasbor; hanya indikator publik yang dapat disematkan.",
                         "Copy this code into your web page. The chart shows with its data source and a link "
                         "back to the dashboard; only public indicators can be embedded."),
    "embed.share.preview": ("Pratinjau", "Preview"),
    "embed.share.close": ("Tutup", "Close"),
    "embed.iframe_title": ("Grafik Dasbor Satu Data", "Satu Data Dashboard chart"),
}
