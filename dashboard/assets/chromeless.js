/* Wall screens (/kiosk) and embedded charts (/embed) have no navigation chrome. Asset scripts run before Dash
 * renders the layout, so marking the document here keeps the navbar from flashing up before the shell callback
 * (callbacks/shell.py) hides it; the callback still handles in-app navigation. The chromeless paths:
 * i18n/urls.py CHROMELESS, read from window.satudataUrls. */
(function () {
  var path = window.location.pathname;
  var chromeless = window.satudataUrls.chromeless.some(function (page) {
    return path === page || path.indexOf(page + '/') === 0;
  });
  if (chromeless) {
    document.documentElement.classList.add('chromeless');
  }
})();
