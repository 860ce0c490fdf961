/* Trends page (/tren): keep the address bar (?indikator=&wilayah=32,3273&lang=) and the language link in step
   with the controls, without re-rendering the page (history.replaceState does not). URL keys: window.satudataUrls. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    tren: {
        syncUrl: function (indicator, regions, lang) {
            var dc = window.dash_clientside;
            var urls = window.satudataUrls, key = urls.keys;
            if (!window.location.pathname.endsWith(urls.paths.tren)) {
                return dc.no_update;
            }
            var params = new URLSearchParams(window.location.search);
            if (indicator) { params.set(key.indicator, indicator); } else { params.delete(key.indicator); }
            if (regions && regions.length) { params.set(key.region, regions.join(",")); } else { params.delete(key.region); }
            if (lang) { params.set(key.lang, lang); }
            var query = "?" + params.toString().replace(/%2C/g, ",");
            if (query !== window.location.search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + query);
            }
            var other = new URLSearchParams(params);
            other.set(key.lang, lang === "en" ? "id" : "en");
            if (dc.set_props && document.getElementById("shell-lang")) {
                dc.set_props("shell-lang", {href: window.location.pathname + "?" + other.toString().replace(/%2C/g, ",")});
            }
            return query;
        }
    }
});
