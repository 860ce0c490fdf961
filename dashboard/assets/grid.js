/* Functions AG Grid column definitions call by name (dash-ag-grid looks them up in dashAgGridFunctions).
 * Only defines functions; nothing runs by itself. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

/* A number as the page's locale writes it (8,5 and 1.234 in Indonesian; 8.5 and 1,234 in English), for grid cells
 * that hold raw numbers because they are edited; text (a value being typed) is shown as it is. */
dagfuncs.numberInLocale = function (value, lang) {
  if (value === null || value === undefined || value === '') { return ''; }
  if (typeof value !== 'number') { return String(value); }
  // one minus sign in displayed numbers, as dashboard.i18n.fmt_number writes it (U+2212, not the hyphen)
  return value.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', {maximumFractionDigits: 6}).replace(/^-/, '\u2212');
};
