/* plotly.js starts loading with the page instead of when the first graph mounts.
 *
 * dcc.Graph fetches plotly.js only once the page's layout has arrived and a graph is rendered, then evaluates it
 * (1.5 MB) on the main thread before drawing: a fetch and the longest task of a chart page, one after the other,
 * after two round trips (layout, page content). Here the same file (same URL, so the same cached copy) is loaded
 * async at once, so it downloads and runs while the page waits for those round trips.
 *
 * dcc.Graph takes window.Plotly when it is set (Promise.resolve adopts a thenable): until this copy has run,
 * window.Plotly is a promise of it, so dcc waits for it rather than loading a second copy; plotly.js replaces it
 * with itself when it runs.
 */
(function () {
    "use strict";
    if (window.Plotly) { return; }
    let prefix = "/";
    try {
        prefix = JSON.parse(document.getElementById("_dash-config").textContent).requests_pathname_prefix || "/";
    } catch (e) { /* no config: the app is served at the root */ }
    const script = document.createElement("script");
    script.src = prefix + "_dash-component-suites/plotly/package_data/plotly.min.js";
    script.async = true;
    window.Plotly = new Promise(function (resolve, reject) {
        script.onload = function () { resolve(); };
        script.onerror = function (error) { delete window.Plotly; reject(error); };
    });
    document.head.appendChild(script);
})();
