// Focus on every page with forms, so keyboard and screen-reader users stay where they work.
//
// - A refused form comes back with an error summary ([data-error-summary], GOV.UK's pattern):
//   it takes focus, when the page loads and after an htmx swap, so screen readers announce it.
// - A link of the summary, or of the dossier's checklist ([data-fix-link]), to a field of this
//   page moves focus to that field (a plain anchor only scrolls); a page opened at
//   "#<id of a field>" starts with focus on that field.
// - An htmx save replaces the form it came from: focus returns to the element that had it (the
//   same id, else the same place in the form), never to the page's body.
// Everything here is an enhancement: without JavaScript the pages work, errors beside fields.
(function () {
  "use strict";

  const CONTROLS = "input:not([type=hidden]), select, textarea, button";

  function controlIn(element) {
    if (!element) return null;
    return element.matches(CONTROLS) ? element : element.querySelector(CONTROLS);
  }

  function focusControl(control) {
    if (!control) return false;
    control.focus();
    return document.activeElement === control;
  }

  function focusField(id) {
    const field = controlIn(document.getElementById(id));
    if (!field) return false;
    field.focus({ preventScroll: true });
    // The field with its label above it in view, not at the window's very edge.
    field.scrollIntoView({ block: "center" });
    return true;
  }

  function focusSummary(root) {
    const summary = root.querySelector("[data-error-summary]");
    if (!summary) return false;
    summary.focus();
    return true;
  }

  function hashId(link) {
    return link.hash.length > 1 ? decodeURIComponent(link.hash.slice(1)) : "";
  }

  function onLoad() {
    if (focusSummary(document)) return;
    const id = hashId(window.location);
    const target = id && document.getElementById(id);
    if (target && target.matches(CONTROLS)) focusField(id);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-error-summary] a[href^='#'], a[data-fix-link]");
    if (!link || link.pathname !== window.location.pathname) return;
    if (link.search !== window.location.search) return;
    const id = hashId(link);
    if (id && focusField(id)) event.preventDefault();
  });

  // Where focus was in each region htmx is about to replace, by the region's id.
  const focusBefore = new Map();

  function formsIn(region) {
    return region.matches("form") ? [region] : Array.from(region.querySelectorAll("form"));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    const region = event.detail.target;
    const active = document.activeElement;
    if (!region || !region.id || !active || active === document.body) return;
    if (!region.contains(active)) return;
    const form = active.form || null;
    focusBefore.set(region.id, {
      id: active.id,
      form: form ? formsIn(region).indexOf(form) : -1,
      element: form ? Array.from(form.elements).indexOf(active) : -1,
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    const regionId = event.detail.target && event.detail.target.id;
    const before = regionId && focusBefore.get(regionId);
    if (!before) return;
    focusBefore.delete(regionId);
    const region = document.getElementById(regionId);
    if (!region) return;
    if (focusSummary(region)) return;
    const active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) return; // htmx kept it
    const form = formsIn(region)[before.form];
    const same = before.id ? document.getElementById(before.id) : null;
    const samePlace = form && before.element >= 0 ? form.elements[before.element] : null;
    focusControl(same) || focusControl(samePlace) || focusControl(controlIn(form || region));
  });
})();
