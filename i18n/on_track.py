"""Strings of the on-track badge and target line shown on the overview cards and the trend chart."""

STRINGS = {
    "on_track.target": ("Target {plan} ({year}): {value}", "Target {plan} ({year}): {value}"),
    "on_track.chance": ("peluang tercapai {period}: {value}", "chance of meeting it in {period}: {value}"),
    "on_track.observed_met": ("angka {period}: tercapai", "actual {period}: met"),
    "on_track.observed_missed": ("angka {period}: belum tercapai", "actual {period}: not met"),
    "on_track.not_computed": ("proyeksi belum dihitung", "forecast not computed yet"),
    "on_track.badge_help": ("Status terhadap target {year} ({plan}).", "Status against the {year} target ({plan})."),
    "on_track.title": ("Status terhadap target", "Status against targets"),
    "on_track.region": ("{region}:", "{region}:"),
    "on_track.none": ("belum ada target", "no target yet"),
}
