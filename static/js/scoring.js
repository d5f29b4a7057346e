// Scoring page: the running weighted total (Σ score × weight) follows the radio buttons.
// An enhancement only: the server shows the same total after each save.
(function () {
  "use strict";

  const form = document.getElementById("review-form");
  const output = document.getElementById("weighted-total");
  if (!form || !output) return;

  function update() {
    let total = 0;
    const groups = new Set();
    let scored = 0;
    form.querySelectorAll("input.score-input").forEach(function (input) {
      groups.add(input.name);
      if (input.checked) {
        total += parseInt(input.value, 10) * parseFloat(input.dataset.weight);
        scored += 1;
      }
    });
    output.textContent = total.toFixed(2).replace(".", ",");
    const note = document.getElementById("weighted-incomplete");
    if (note) note.hidden = scored === groups.size;
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input.score-input")) update();
  });
})();
