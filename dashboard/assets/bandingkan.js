/* Compare page (/bandingkan): keep the address bar and the language link in step with the controls,
   without a page reload (history.replaceState does not re-render the page). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    bandingkan: {
        syncUrl: function (wilayah, pembanding, indikator, periode, x, y, tahun, tingkat, jendela, lang) {
            var dc = window.dash_clientside;
            if (!window.location.pathname.endsWith("/bandingkan")) {
                return dc.no_update;
            }
            var params = new URLSearchParams(window.location.search);
            var values = {wilayah: wilayah, pembanding: pembanding, indikator: indikator, periode: periode,
                          x: x, y: y, tahun: tahun, tingkat: tingkat, jendela: jendela, lang: lang};
            Object.keys(values).forEach(function (key) {
                var v = values[key];
                if (v === null || v === undefined || v === "") { params.delete(key); } else { params.set(key, v); }
            });
            var query = "?" + params.toString();
            if (query !== window.location.search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + query);
            }
            var other = new URLSearchParams(params);
            other.set("lang", lang === "en" ? "id" : "en");
            if (dc.set_props && document.getElementById("shell-lang")) {
                dc.set_props("shell-lang", {href: window.location.pathname + "?" + other.toString()});
            }
            return query;
        }
    }
});
