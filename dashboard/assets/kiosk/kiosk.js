/* Kiosk (/kiosk) browser-side functions: panel rotation, clock, connection banner and alert ticker.
 * They run without the server, so a wall screen keeps rotating and says so honestly when the server is gone.
 * Only defines functions; nothing runs on other pages. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  kiosk: {
    rotate: function (n, view, panelIds) {
      var playlist = (view && view.playlist) || [];
      var active = playlist.length ? playlist[(n || 0) % playlist.length] : null;
      var classes = panelIds.map(function (id) {
        return 'kiosk-panel' + (id.index === active ? ' is-active' : '');
      });
      var dots = playlist.length > 1 ? playlist.map(function (p) { return p === active ? '\u25CF' : '\u25CB'; }).join(' ') : '';
      return [classes, dots];
    },

    seen: function (status, seen) {
      var now = Date.now();
      var out = Object.assign({}, seen || {});
      out.answered = now;
      out.ok = !!(status && status.ok);
      if (out.ok) { out.last_good = now; }
      return out;
    },

    clock: function (n, seen, view) {
      view = view || {};
      var locale = view.lang === 'en' ? 'en-GB' : 'id-ID';
      // The app's display zone (DASHBOARD_TIMEZONE), not the PC's own: a command-center PC left on UTC or another
      // zone must still show the time of the dates on screen.
      var zone = view.timezone || undefined;
      var now = new Date();
      var clock = now.toLocaleTimeString(locale, {hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: zone});
      var day = now.toLocaleDateString(locale, {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: zone});
      var beat = (view.heartbeat || 10) * 1000;
      var stale = !seen || !seen.answered || (Date.now() - seen.answered) > 3 * beat + 3000;
      var down = stale || seen.ok === false;
      var text = '';
      if (down) {
        if (seen && seen.last_good) {
          var at = new Date(seen.last_good).toLocaleTimeString(locale, {hour: '2-digit', minute: '2-digit', timeZone: zone});
          text = (view.banner || '{time}').replace('{time}', at);
        } else {
          text = view.banner_never || '';
        }
      }
      return [clock, day, text, down ? 'kiosk-banner is-shown' : 'kiosk-banner'];
    },

    ticker: function (view) {
      view = view || {};
      var locale = view.lang === 'en' ? 'en-GB' : 'id-ID';
      var alerts = view.alerts || [];
      var label = {type: 'Span', namespace: 'dash_html_components',
                   props: {children: view.alerts_label || '', className: 'kiosk-ticker-label'}};
      if (!alerts.length) {
        return [label, {type: 'Span', namespace: 'dash_html_components',
                        props: {children: view.no_alerts || '', className: 'kiosk-muted'}}];
      }
      var items = alerts.map(function (a, i) {
        var at = new Date(a.at).toLocaleTimeString(locale, {hour: '2-digit', minute: '2-digit',
                                                           timeZone: view.timezone || undefined});
        return {type: 'Span', namespace: 'dash_html_components',
                props: {key: String(i), className: 'kiosk-alert ' + (a.good ? 'kiosk-tone-good' : 'kiosk-tone-bad'),
                        children: (a.good ? '\u25B2 ' : '\u25BC ') + at + ' \u00B7 ' + a.text}};
      });
      return [label].concat(items);
    }
  }
});
