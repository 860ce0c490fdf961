/* Theme pickers on every page: write the chosen theme into the URL's `tema` (dropping an indicator that may not
   belong to it); the shell's dcc.Location then re-renders the page from the URL, so the narrowed view is a link. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    theme: {
        toUrl: function (values) {
            var dc = window.dash_clientside;
            var value = (values && values.length) ? values[0] : null;
            var params = new URLSearchParams(window.location.search);
            if ((value || null) === (params.get("tema") || null)) {
                return dc.no_update;
            }
            if (value) { params.set("tema", value); } else { params.delete("tema"); }
            ["indikator", "x", "y", "periode"].forEach(function (key) { params.delete(key); });
            var query = params.toString();
            return query ? "?" + query.replace(/%2C/g, ",") : "";
        }
    }
});
