// Dossier pages: live character counters under long texts, submit-once forms, and the choice
// between two versions of a field after a co-editing conflict.
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
    keepField(event.target);
  });

  // After a save where two editors changed the same field: the choice "what is in the field"
  // follows any edit of it, and buttons put either version in the field to start from.
  function keepField(field) {
    if (!field.name) return;
    const choice = document.getElementById("keep_" + field.name + "_field");
    if (choice) choice.checked = true;
  }

  function revealMergeButtons(root) {
    root.querySelectorAll("[data-merge-fill]").forEach(function (button) {
      button.hidden = false;
    });
  }

  revealMergeButtons(document);
  document.addEventListener("htmx:load", function (event) {
    revealMergeButtons(event.target);
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-merge-fill]");
    if (!button) return;
    const field = document.getElementById(button.dataset.mergeFill);
    if (!field) return;
    field.value = button.dataset.mergeValue;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
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
