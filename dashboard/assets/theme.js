/* Theme pickers on every page: write the chosen theme into the URL's theme key (`tema`; dropping an indicator that
   may not belong to it); the shell's dcc.Location then re-renders the page from the URL, so the narrowed view is a
   link. URL keys: window.satudataUrls. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    theme: {
        toUrl: function (values) {
            var dc = window.dash_clientside;
            var key = window.satudataUrls.keys;
            var value = (values && values.length) ? values[0] : null;
            var params = new URLSearchParams(window.location.search);
            var last = window._themePickerLast || {};
            window._themePickerLast = {search: window.location.search, value: value || null};
            if ((value || null) === (params.get(key.theme) || null)) {
                return dc.no_update;
            }
            // A picker rendered empty for a theme the URL names but the store does not know (the page shows a
            // notice): leave the URL alone; only a user clearing a theme chosen on this page drops the theme.
            if (!value && !(last.search === window.location.search && last.value)) {
                return dc.no_update;
            }
            if (value) { params.set(key.theme, value); } else { params.delete(key.theme); }
            [key.indicator, key.x, key.y, key.period].forEach(function (key) { params.delete(key); });
            var query = params.toString();
            var search = query ? "?" + query.replace(/%2C/g, ",") : "";
            window._themePickerLast = {search: search, value: value || null};
            return search;
        }
    }
});
