"""Strings of the target simulator (/skenario)."""

STRINGS = {
    "page.skenario": ("Skenario", "Scenarios"),
    "skenario.title": ("Simulator target", "Target simulator"),
    "skenario.subtitle": ("Jalur yang dibutuhkan dari tahun dasar ke target, dibandingkan dengan tren historis, "
                          "proyeksi, dan laju seperempat wilayah pembanding terbaik.",
                          "The path needed from a baseline year to a target, next to the historical trend, the "
                          "forecast and the pace of the best quarter of peer regions."),
    "skenario.region": ("Wilayah", "Region"),
    "skenario.indicator": ("Indikator", "Indicator"),
    "skenario.base_year": ("Tahun dasar", "Baseline year"),
    "skenario.end_year": ("Tahun akhir", "End year"),
    "skenario.target": ("Target", "Target"),
    "skenario.target_hint": ("mis. 7,5", "e.g. 7.5"),
    "skenario.unreadable": ("Target \"{value}\" tidak terbaca sebagai angka. Tulis dengan koma desimal, mis. 3,2.",
                            "The target \"{value}\" is not a number. Write it with a decimal point, e.g. 3.2."),
    "skenario.plan_button": ("ambil target rencana", "take the plan target"),
    "skenario.no_plan": ("Tidak ada target rencana di data untuk {year}.", "No plan target in the store for {year}."),
    "skenario.history": ("Data", "Data"),
    "skenario.forecast": ("Proyeksi", "Forecast"),
    "skenario.band80": ("Rentang 80%", "80% band"),
    "skenario.band95": ("Rentang 95%", "95% band"),
    "skenario.linear": ("Jalur dibutuhkan (perubahan tetap)", "Required path (constant change)"),
    "skenario.growth": ("Jalur dibutuhkan (laju tetap)", "Required path (constant growth rate)"),
    "skenario.peer": ("Laju 25% pembanding terbaik", "Pace of the best quarter of peers"),
    "skenario.annual": ("Satu nilai per tahun; indikator semesteran memakai nilai Maret.",
                        "One value a year; semester indicators use the March value."),
    "skenario.enter_target": ("Isi target untuk melihat jalur yang dibutuhkan.",
                              "Enter a target to see the required path."),
    "skenario.s.required": ("Untuk mencapai {target} pada {end} dari {baseline} ({base}), dibutuhkan perubahan "
                            "{change} per tahun{growth}.",
                            "Reaching {target} in {end} from {baseline} ({base}) needs a change of {change} a "
                            "year{growth}."),
    "skenario.s.growth": (" (laju {rate}% per tahun)", " (a rate of {rate}% a year)"),
    "skenario.s.own": ("Perubahan historis wilayah ini {since}–{base}: {change} per tahun.",
                       "This region's historical change {since}–{base}: {change} a year."),
    "skenario.s.own_none": ("Perubahan historis tidak dapat dihitung (data kurang).",
                            "The historical change cannot be computed (too little data)."),
    "skenario.s.peer": ("Seperempat {level} terbaik bergerak {change} per tahun ({n} wilayah).",
                        "The best quarter of {level} moved {change} a year ({n} regions)."),
    "skenario.s.peer_none": ("Laju pembanding tidak tersedia (kurang dari 4 wilayah dengan data).",
                             "No peer pace (fewer than 4 regions with data)."),
    "skenario.level.province": ("provinsi", "provinces"),
    "skenario.level.regency": ("kab/kota di provinsi yang sama", "regencies/cities of the same province"),
    "skenario.refused": ("Skenario tidak mungkin: {reason}", "Impossible scenario: {reason}"),
    "skenario.reason.order": ("tahun akhir harus setelah tahun dasar.", "the end year must be after the baseline year."),
    "skenario.reason.low": ("target di bawah nilai terendah yang mungkin untuk indikator ini ({bound}).",
                            "the target is below the indicator's lowest possible value ({bound})."),
    "skenario.reason.high": ("target di atas nilai tertinggi yang mungkin untuk indikator ini ({bound}).",
                             "the target is above the indicator's highest possible value ({bound})."),
    "skenario.reason.nan": ("target bukan angka.", "the target is not a number."),
    "skenario.no_data": ("Tidak ada data untuk wilayah dan indikator ini.", "No data for this region and indicator."),
    # saved scenarios
    "skenario.saved.title": ("Skenario tersimpan", "Saved scenarios"),
    "skenario.saved.name": ("Nama skenario", "Scenario name"),
    "skenario.saved.name_hint": ("mis. optimis, moderat, pesimis", "e.g. optimistic, moderate, pessimistic"),
    "skenario.saved.method": ("Jalur yang disimpan", "Path to save"),
    "skenario.method.linear": ("perubahan tetap", "constant change"),
    "skenario.method.growth": ("laju tetap", "constant growth rate"),
    "skenario.saved.save": ("Simpan skenario", "Save scenario"),
    "skenario.saved.login": ("Simulasi terbuka untuk semua. Untuk menyimpan skenario, masuk sebagai analis, "
                             "walidata, atau admin.",
                             "Anyone can simulate. To save a scenario, sign in as an analyst, data custodian or "
                             "admin."),
    "skenario.saved.sign_in": ("Masuk", "Sign in"),
    "skenario.saved.saved": ("Skenario \u201c{name}\u201d disimpan.", "Scenario \u201c{name}\u201d saved."),
    "skenario.saved.replaced": ("Skenario \u201c{name}\u201d ditimpa dengan jalur baru.",
                                "Scenario \u201c{name}\u201d overwritten with the new path."),
    "skenario.saved.exists": ("Nama \u201c{name}\u201d sudah dipakai untuk wilayah dan indikator ini.",
                              "The name \u201c{name}\u201d is already used for this region and indicator."),
    "skenario.saved.exists_detail": ("Tersimpan: target {target} pada {end} ({method}), oleh {by}, {when}. "
                                     "Timpa dengan skenario di layar, atau ganti nama?",
                                     "Saved: target {target} in {end} ({method}), by {by}, {when}. Overwrite it "
                                     "with the scenario on screen, or rename?"),
    "skenario.saved.overwrite": ("Timpa", "Overwrite"),
    "skenario.saved.rename": ("Ganti nama", "Rename"),
    "skenario.saved.rename_hint": ("Tidak ada yang diubah. Ketik nama lain lalu simpan.",
                                   "Nothing was changed. Type another name and save."),
    "skenario.saved.name_empty": ("Isi nama skenario.", "Enter a scenario name."),
    "skenario.saved.name_long": ("Nama skenario paling panjang {limit} karakter.",
                                 "A scenario name has at most {limit} characters."),
    "skenario.saved.name_bad": ("Nama skenario berisi karakter yang tidak diizinkan.",
                                "The scenario name holds characters that are not allowed."),
    "skenario.saved.no_path": ("Belum ada jalur untuk disimpan: isi target yang mungkin dulu.",
                               "No path to save yet: enter a possible target first."),
    "skenario.saved.forbidden": ("Anda tidak berhak menyimpan atau menghapus skenario untuk wilayah ini.",
                                 "You may not save or delete scenarios for this region."),
    "skenario.saved.hidden": ("Indikator ini tidak terbuka untuk Anda.", "This indicator is not open to you."),
    "skenario.saved.none": ("Belum ada skenario tersimpan untuk wilayah dan indikator ini.",
                            "No saved scenarios for this region and indicator yet."),
    "skenario.saved.pick": ("Pilih skenario untuk dibandingkan di grafik:",
                            "Pick scenarios to compare on the chart:"),
    "skenario.saved.option": ("{name}: target {target} pada {end} ({method}) · {by}, {when}",
                              "{name}: target {target} in {end} ({method}) · {by}, {when}"),
    "skenario.saved.delete": ("Hapus yang dipilih", "Delete selected"),
    "skenario.saved.delete_confirm": ("Hapus {names}? Tindakan ini tidak dapat dibatalkan.",
                                      "Delete {names}? This cannot be undone."),
    "skenario.saved.delete_yes": ("Ya, hapus", "Yes, delete"),
    "skenario.saved.cancel": ("Batal", "Cancel"),
    "skenario.saved.deleted": ("Dihapus: {names}.", "Deleted: {names}."),
    "skenario.saved.compare_title": ("Perbandingan skenario tersimpan", "Saved scenarios compared"),
    "skenario.saved.current": ("skenario di layar (belum disimpan)", "scenario on screen (not saved)"),
    "skenario.saved.xlsx": ("Unduh usulan target (XLSX)", "Download proposed targets (XLSX)"),
    "skenario.saved.xlsx_hint": ("Berisi skenario yang dipilih, atau skenario di layar bila tidak ada yang dipilih.",
                                 "Holds the selected scenarios, or the scenario on screen when none is selected."),
    # the proposed target table (RKPD annex shape)
    "skenario.annex.sheet": ("usulan target", "proposed targets"),
    "skenario.annex.no": ("No", "No"),
    "skenario.annex.indicator": ("Indikator", "Indicator"),
    "skenario.annex.unit": ("Satuan", "Unit"),
    "skenario.annex.region": ("Wilayah", "Region"),
    "skenario.annex.scenario": ("Skenario", "Scenario"),
    "skenario.annex.method": ("Jalur", "Path"),
    "skenario.annex.base_year": ("Kondisi awal: tahun", "Baseline: year"),
    "skenario.annex.baseline": ("Kondisi awal: nilai", "Baseline: value"),
    "skenario.annex.target": ("Target {year}", "Target {year}"),
    "skenario.annex.about.title": ("Isi", "Contents"),
    "skenario.annex.about.what": ("Usulan target tahunan dari simulator skenario Dasbor Satu Data (bentuk lampiran "
                                  "RKPD: indikator, satuan, kondisi awal, target per tahun).",
                                  "Proposed yearly targets from the Satu Data Dashboard scenario simulator (RKPD "
                                  "annex shape: indicator, unit, baseline, target per year)."),
    "skenario.annex.about.source": ("Sumber data kondisi awal", "Source of the baseline"),
    "skenario.annex.about.cite": ("Sitasi", "Citation"),
    "skenario.annex.about.method": ("Metode", "Method"),
    "skenario.annex.about.method_text": ("Perubahan tetap: target tahunan = kondisi awal + perubahan yang sama "
                                         "setiap tahun. Laju tetap: kondisi awal x (1 + laju)^tahun.",
                                         "Constant change: yearly target = baseline + the same change every "
                                         "year. Constant growth rate: baseline x (1 + rate)^years."),
    "skenario.annex.about.caveat": ("Catatan", "Note"),
    "skenario.annex.about.caveat_text": ("Usulan untuk pembahasan, bukan target resmi dalam dokumen perencanaan.",
                                         "Proposals for discussion, not official targets of a planning document."),
    "skenario.annex.about.made": ("Dibuat", "Made"),
    # what-if drivers
    "skenario.whatif.title": ("Bagaimana jika: faktor pendorong", "What if: drivers"),
    "skenario.whatif.intro": ("Perkiraan dari data panel provinsi: seberapa jauh satu indikator bergerak bersama "
                              "indikator lain di dalam provinsi yang sama (regresi efek tetap wilayah).",
                              "Estimated from the province panel: how far one indicator moves with another within "
                              "the same province (region fixed-effects regression)."),
    "skenario.whatif.outcome": ("Indikator hasil", "Outcome indicator"),
    "skenario.whatif.driver": ("Faktor pendorong", "Driver indicator"),
    "skenario.whatif.shift": ("Geser pendorong (satuan pendorong)", "Shift the driver (driver's units)"),
    "skenario.whatif.mode": ("Cara menggeser", "How to shift"),
    "skenario.whatif.mode.constant": ("sama setiap tahun", "the same every year"),
    "skenario.whatif.mode.cumulative": ("bertambah setiap tahun", "adding up every year"),
    "skenario.whatif.same": ("Pilih dua indikator yang berbeda.", "Pick two different indicators."),
    "skenario.whatif.too_few": ("Data terlalu sedikit untuk memperkirakan hubungan ini: hanya {n} pasangan nilai "
                                "(provinsi dan tahun dengan kedua indikator, minimal dua tahun per provinsi), "
                                "dibutuhkan minimal {need}, dan pendorong harus berubah dari tahun ke tahun.",
                                "Too few data to estimate this relation: only {n} value pairs (provinces and years "
                                "with both indicators, at least two years per province), at least {need} needed, "
                                "and the driver must change from year to year."),
    "skenario.whatif.coef": ("Di dalam provinsi yang sama, pada tahun ketika {driver} {dunit_phrase} lebih tinggi, "
                             "{outcome} rata-rata {direction} {slope} {ounit}.",
                             "Within the same province, in years when {driver} is {dunit_phrase} higher, "
                             "{outcome} is on average {slope} {ounit} {direction}."),
    "skenario.whatif.one_unit": ("1 {unit}", "1 {unit}"),
    "skenario.whatif.up": ("lebih tinggi", "higher"),
    "skenario.whatif.down": ("lebih rendah", "lower"),
    "skenario.whatif.interval": ("Rentang yang masuk akal (interval kepercayaan 95%): {low} s.d. {high}.",
                                 "Plausible range (95% confidence interval): {low} to {high}."),
    "skenario.whatif.unclear": ("Rentang ini mencakup nol: arah hubungannya belum jelas dari data ini.",
                                "The range includes zero: the data do not show a clear direction."),
    "skenario.whatif.fit": ("Pendorong menjelaskan {r2}% dari naik-turunnya {outcome} di dalam provinsi "
                            "(R² dalam-wilayah {r2_raw}); n = {n} pasangan nilai dari {regions} provinsi, "
                            "tahun {first}–{last}.",
                            "The driver explains {r2}% of the ups and downs of {outcome} within provinces "
                            "(within-region R² {r2_raw}); n = {n} value pairs from {regions} provinces, "
                            "years {first}–{last}."),
    "skenario.whatif.effect": ("Dengan pergeseran ini, {outcome} {region} pada {year} diperkirakan {value} "
                               "(proyeksi dasar {baseline}; rentang 95% {low} s.d. {high}).",
                               "With this shift, {outcome} in {region} in {year} comes to about {value} "
                               "(baseline forecast {baseline}; 95% range {low} to {high})."),
    "skenario.whatif.no_forecast": ("Tidak ada proyeksi dasar untuk wilayah ini, jadi jalur skenario tidak "
                                    "digambar.",
                                    "There is no baseline forecast for this region, so no scenario path is drawn."),
    "skenario.whatif.caveat": ("Ini keterkaitan statistik, bukan bukti sebab-akibat: faktor lain yang bergerak "
                               "bersamaan bisa menjadi penyebabnya. Gunakan sebagai bahan diskusi, bukan "
                               "janji hasil.",
                               "This is an association, not a proven effect: other factors moving at the same "
                               "time may be the cause. Use it for discussion, not as a promised result."),
    "skenario.whatif.regency": ("Diperkirakan dari data provinsi dan diterapkan pada proyeksi kab/kota ini.",
                                "Estimated from province data and applied to this regency/city's forecast."),
    "skenario.whatif.baseline": ("Proyeksi dasar", "Baseline forecast"),
    "skenario.whatif.baseline_band": ("Rentang 95% proyeksi dasar", "Baseline 95% band"),
    "skenario.whatif.scenario": ("Dengan pendorong digeser", "With the driver shifted"),
    "skenario.whatif.scenario_band": ("Rentang 95% skenario", "Scenario 95% band"),
}
