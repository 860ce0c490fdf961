/* Accessibility and keyboard fixes around Dash 4's own components (WCAG 2 A/AA as axe-core checks them).
 *  - <html lang> follows the page language (?lang=, else the server's default written in the index page).
 *  - Dropdowns: Dash puts an aria-hidden, focusable "focus target" input before the real button (a screen reader
 *    meets a hidden focus stop); the button itself takes the keyboard focus instead. When a dropdown opens on its
 *    chosen option, typed letters went to the option and did nothing: they go to the search box.
 *  - Sliders: their thumbs and number inputs get the name of the <label for> of their component; an upload's file
 *    input the words of its drop area; tabs lose aria-controls that name no element.
 * Nothing here changes data or layout; it only adds names and moves focus. */
(function () {
  'use strict';
  var defaultLang = document.documentElement.getAttribute('lang') || 'id';

  function syncLang() {
    var lang = new URLSearchParams(window.location.search).get(window.satudataUrls.keys.lang);
    lang = (lang === 'en' || lang === 'id') ? lang : defaultLang;
    if (document.documentElement.getAttribute('lang') !== lang) {
      document.documentElement.setAttribute('lang', lang);
    }
  }

  function labelOf(element) {
    var owner = element.closest('[id]');
    while (owner) {
      var label = document.querySelector('label[for="' + CSS.escape(owner.id) + '"]');
      if (label && label.textContent.trim()) { return label.textContent.trim(); }
      owner = owner.parentElement && owner.parentElement.closest('[id]');
    }
    return null;
  }

  function fixDropdowns(root) {
    root.querySelectorAll('.dash-dropdown-focus-target').forEach(function (target) {
      if (!target.hasAttribute('inert')) { target.setAttribute('inert', ''); }
      if (target.tabIndex !== -1) { target.tabIndex = -1; }
      var button = target.nextElementSibling;
      if (!button || button.tagName !== 'BUTTON') { return; }
      if (!button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
      nameDropdown(button);
    });
    // the clear cross is a mouse-only link inside the button (no href, not focusable; Backspace clears from the
    // keyboard): its words inside the button's name read "... 4 dipilih Hapus pilihan"
    root.querySelectorAll('.dash-dropdown-clear:not([aria-hidden])').forEach(function (cross) {
      cross.setAttribute('aria-hidden', 'true');
    });
  }

  // The button's name: its <label for>, then the chosen values, then Dash's "n selected" (the order the eye reads).
  function nameDropdown(button) {
    if (!button.id) { return; }
    var parts = [];
    var label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
    if (label) {
      if (!label.id) { label.id = button.id + '-label'; }
      parts.push(label.id);
    }
    parts.push(button.id + '-value', button.id + '-value-count');
    var wanted = parts.join(' ');
    if (button.getAttribute('aria-labelledby') !== wanted) { button.setAttribute('aria-labelledby', wanted); }
  }

  function fixSliders(root) {
    root.querySelectorAll('[role="slider"]:not([aria-label]):not([aria-labelledby]), ' +
                          '.dash-range-slider-input:not([aria-label])').forEach(function (element) {
      var name = labelOf(element);
      if (name) { element.setAttribute('aria-label', name); }
    });
  }

  // dbc.Tabs renders the tab buttons only (no panes): their aria-controls name panes that do not exist.
  function fixTabs(root) {
    root.querySelectorAll('[role="tab"][aria-controls]').forEach(function (tab) {
      if (!document.getElementById(tab.getAttribute('aria-controls'))) { tab.removeAttribute('aria-controls'); }
    });
  }

  // dcc.Upload's hidden file input: named by the drop area's own words ("Seret berkas ke sini ...").
  function fixUploads(root) {
    root.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (input) {
      var area = input.parentElement;
      var words = area && area.textContent.trim();
      if (words) { input.setAttribute('aria-label', words); }
    });
  }

  function fix() {
    syncLang();
    fixDropdowns(document);
    fixSliders(document);
    fixTabs(document);
    fixUploads(document);
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ['tabindex', 'aria-controls', 'aria-labelledby']});

  // A printable key on an open dropdown's option list goes into its search box (focus moves before the key
  // press is delivered, so the letter lands there).
  document.addEventListener('keydown', function (event) {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey || event.key === ' ') { return; }
    var content = event.target.closest && event.target.closest('.dash-dropdown-content');
    var search = content && content.querySelector('input.dash-dropdown-search');
    if (search && event.target !== search) { search.focus(); }
  }, true);

  // in-app navigation changes the page's DOM, so the observer above keeps the language in step too
  window.addEventListener('popstate', syncLang);
  syncLang();
})();
