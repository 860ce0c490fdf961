/* Wall screens (/kiosk) and embedded charts (/embed) have no navigation chrome. Asset scripts run before Dash
 * renders the layout, so marking the document here keeps the navbar from flashing up before the shell callback
 * (callbacks/shell.py, CHROMELESS) hides it; the callback still handles in-app navigation. */
(function () {
  if (/^\/(kiosk|embed)(\/|$)/.test(window.location.pathname)) {
    document.documentElement.classList.add('chromeless');
  }
})();
