// Planning section: show the end time as the start time is typed (the server shows it after
// saving too).
(function () {
  "use strict";

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (input.type !== "time" || !input.name.endsWith("-start_time")) return;
    const output = document.querySelector(`[data-end-time-for="${input.name}"]`);
    const minutes = Number(input.closest("[data-duration-minutes]").dataset.durationMinutes);
    if (!output) return;
    const [hours, mins] = input.value.split(":").map(Number);
    if (Number.isNaN(hours) || Number.isNaN(mins)) {
      output.textContent = "—";
      return;
    }
    const end = (hours * 60 + mins + minutes) % (24 * 60);
    output.textContent = `${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`;
  });
})();
