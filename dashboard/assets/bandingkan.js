/* Compare page (/bandingkan): keep the address bar and the language link in step with the controls,
   without a page reload (history.replaceState does not re-render the page). URL keys: window.satudataUrls. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    bandingkan: {
        // periodOptions: only a trigger. Run once more when the period list comes back after the page's first
        // render: a first replaceState made during it is undone by the page's location component.
        syncUrl: function (region, peers, indicator, period, x, y, year, level, span, periodOptions, lang) {
            var dc = window.dash_clientside;
            var urls = window.satudataUrls, key = urls.keys;
            if (!window.location.pathname.endsWith(urls.paths.bandingkan)) {
                return dc.no_update;
            }
            var params = new URLSearchParams(window.location.search);
            var values = [[key.region, region], [key.peers, peers], [key.indicator, indicator], [key.period, period],
                          [key.x, x], [key.y, y], [key.year, year], [key.level, level], [key.window, span],
                          [key.lang, lang]];
            values.forEach(function (pair) {
                var v = pair[1];
                if (v === null || v === undefined || v === "") { params.delete(pair[0]); } else { params.set(pair[0], v); }
            });
            var query = "?" + params.toString();
            if (query !== window.location.search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + query);
            }
            var other = new URLSearchParams(params);
            other.set(key.lang, lang === "en" ? "id" : "en");
            if (dc.set_props && document.getElementById("shell-lang")) {
                dc.set_props("shell-lang", {href: window.location.pathname + "?" + other.toString()});
            }
            return query;
        }
    }
});
