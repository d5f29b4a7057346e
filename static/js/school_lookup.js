// Schools section: a known institution number offers to fill the row from the portal (the
// "Opzoeken" button does the same without JavaScript). Delegated, so it keeps working after
// htmx swaps the form.
(function () {
  "use strict";

  document.addEventListener("change", async (event) => {
    const input = event.target.closest("[data-school-lookup]");
    if (!input) return;
    const prefix = input.name.replace(/-institution_number$/, "");
    const offer = document.querySelector(`[data-lookup-offer="${prefix}"]`);
    const form = input.closest("form");
    offer.replaceChildren();
    if (!input.value.trim()) return;
    const url = `${form.dataset.lookupUrl}?nummer=${encodeURIComponent(input.value.trim())}`;
    const response = await fetch(url, {headers: {Accept: "application/json"}});
    if (response.status === 429) {
      // Looked up too often: say so (the portal's message), the row can still be typed in.
      const notice = document.createElement("div");
      notice.className = "alert alert-warning py-2";
      notice.setAttribute("role", "status");
      notice.textContent = (await response.json()).message;
      offer.append(notice);
      return;
    }
    if (!response.ok) return;
    const answer = await response.json();
    if (!answer.found) return;
    const text = document.createElement("span");
    text.textContent = answer.offer + " ";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary";
    button.textContent = form.dataset.fillLabel;
    button.addEventListener("click", () => {
      for (const [name, value] of Object.entries(answer.school)) {
        if (Array.isArray(value)) {
          form.querySelectorAll(`[name="${prefix}-${name}"]`).forEach((box) => {
            box.checked = value.includes(box.value);
          });
        } else {
          const field = form.querySelector(`[name="${prefix}-${name}"]`);
          if (field) field.value = value;
        }
      }
      offer.replaceChildren();
    });
    const wrapper = document.createElement("div");
    wrapper.className = "alert alert-info py-2";
    wrapper.append(text, button);
    offer.append(wrapper);
  });
})();
