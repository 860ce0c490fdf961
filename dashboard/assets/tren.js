/* Trends page (/tren): keep the address bar (?indikator=&wilayah=32,3273&lang=) and the language link in step
   with the controls, without re-rendering the page (history.replaceState does not). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    tren: {
        syncUrl: function (indikator, wilayah, lang) {
            var dc = window.dash_clientside;
            if (!window.location.pathname.endsWith("/tren")) {
                return dc.no_update;
            }
            var params = new URLSearchParams(window.location.search);
            if (indikator) { params.set("indikator", indikator); } else { params.delete("indikator"); }
            if (wilayah && wilayah.length) { params.set("wilayah", wilayah.join(",")); } else { params.delete("wilayah"); }
            if (lang) { params.set("lang", lang); }
            var query = "?" + params.toString().replace(/%2C/g, ",");
            if (query !== window.location.search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + query);
            }
            var other = new URLSearchParams(params);
            other.set("lang", lang === "en" ? "id" : "en");
            if (dc.set_props && document.getElementById("shell-lang")) {
                dc.set_props("shell-lang", {href: window.location.pathname + "?" + other.toString().replace(/%2C/g, ",")});
            }
            return query;
        }
    }
});
