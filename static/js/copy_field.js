// "Kopieer" next to a read-only address: copies the field's value and says so in the status line
// beside it (role="status", so screen readers hear it). Without the Clipboard API (an http://
// page, an old browser) the text is selected instead, ready for Ctrl+C.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-field]");
    if (!button) return;
    const id = button.dataset.copyField;
    const field = document.getElementById(id);
    const status = document.querySelector('[data-copy-status="' + id + '"]');
    if (!field) return;
    const copied = function () {
      if (status) status.textContent = button.dataset.copiedText;
    };
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(copied, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      copied();
    }
  });
})();
