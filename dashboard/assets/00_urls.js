/* The public URL vocabulary (query keys such as `wilayah`, page paths, the chromeless pages), defined once in
 * i18n/urls.py and written by the server into <html data-urls>: page scripts read window.satudataUrls and never
 * retype a key or a path. Loaded first (asset scripts run in name order). */
window.satudataUrls = JSON.parse(document.documentElement.getAttribute('data-urls') || '{"keys":{},"paths":{},"levels":{},"chromeless":[]}');
