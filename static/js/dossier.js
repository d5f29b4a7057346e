// Dossier pages: live character counters under long texts, and submit-once forms.
// Everything here is an enhancement: without JavaScript the server counts and refuses.
(function () {
  "use strict";

  function updateCounter(textarea) {
    const counter = document.querySelector('[data-counter-for="' + textarea.id + '"]');
    if (!counter) return;
    const length = textarea.value.length;
    const max = parseInt(textarea.dataset.maxChars, 10);
    counter.querySelector(".char-count").textContent = String(length);
    counter.classList.toggle("text-danger", length > max);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-max-chars]")) updateCounter(event.target);
  });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("form[data-submit-once]")) return;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });
})();
