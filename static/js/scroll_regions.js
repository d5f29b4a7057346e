// A table wider than its column scrolls sideways inside Bootstrap's .table-responsive box. Mouse
// and touch users scroll it directly; keyboard users can only once the box takes focus (WCAG
// 2.1.1; axe's rule "scrollable-region-focusable"). So a box that scrolls joins the tab order,
// as a region named after its table when the table has a name; a box that fits leaves it again.
// Looked at when the page loads, after each htmx swap and when the window changes size. Only
// boxes this script made focusable ([data-scroll-region]) are ever made plain again.
(function () {
  "use strict";

  let nextId = 0;

  // The attribute and value that name the box after its table, or null for an unnamed table.
  function nameOf(table) {
    if (!table) return null;
    if (table.caption) {
      if (!table.caption.id) table.caption.id = "scroll-region-caption-" + ++nextId;
      return ["aria-labelledby", table.caption.id];
    }
    for (const attribute of ["aria-labelledby", "aria-label"]) {
      if (table.hasAttribute(attribute)) return [attribute, table.getAttribute(attribute)];
    }
    return null;
  }

  function makeFocusable(box) {
    box.tabIndex = 0;
    const name = nameOf(box.querySelector("table"));
    box.dataset.scrollRegion = name ? name[0] : "";
    if (name) {
      box.setAttribute(name[0], name[1]);
      box.setAttribute("role", "region");
    }
  }

  function makePlain(box) {
    if (box.dataset.scrollRegion) {
      box.removeAttribute(box.dataset.scrollRegion);
      box.removeAttribute("role");
    }
    box.removeAttribute("tabindex");
    box.removeAttribute("data-scroll-region");
  }

  function update() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      const scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex")) makeFocusable(box);
      else if (!scrolls && box.hasAttribute("data-scroll-region")) makePlain(box);
    });
  }

  let pending = false;
  function updateSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      update();
    });
  }

  update();
  window.addEventListener("load", update);
  window.addEventListener("resize", updateSoon);
  document.addEventListener("htmx:afterSettle", update);
})();
