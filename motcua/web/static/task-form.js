// A task form's helpers, each optional (the form works without script): the papers checklist filled as
// required in one click; the chip ID card's QR code, typed by a USB scanner into the scan field, fills a
// person's fields at once; on the return form, "someone else receives" clears the applicant's name and ID
// offered by default and shows the authorisation paper, "the applicant receives" puts them back.
// The code is ID|old ID|full name|date of birth ddmmyyyy|sex|address|date of issue ddmmyyyy
// (motcua/domain/id_card.py names the sources). Without this script the scanner's Enter posts the form and
// the server fills the same fields (web/desk.py).
(function () {
  "use strict";
  // The papers checklist: one click records every paper handed in as the catalogue asks (the clerk then
  // lowers what is missing); the button shows only where this script runs.
  document.querySelectorAll("[data-fill-papers]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      button.closest("fieldset").querySelectorAll("input[data-need]").forEach(function (input) {
        input.value = input.getAttribute("data-need");
      });
    });
  });

  var box = document.querySelector("[data-id-card-for]");
  if (!box) { return; }
  var prefix = box.getAttribute("data-id-card-for");
  var input = box.querySelector("input");
  var form = input.form;

  function day(text) {
    return /^[0-9]{8}$/.test(text) ? text.slice(0, 2) + "/" + text.slice(2, 4) + "/" + text.slice(4) : "";
  }

  function put(name, value) {
    var field = form.elements.namedItem(prefix + "_" + name);
    if (field && value) { field.value = value; }
  }

  function fill() {
    var parts = input.value.trim().split("|").map(function (p) { return p.trim(); });
    if (parts.length < 7 || !/^[0-9]{12}$/.test(parts[0]) || !parts[2]) { return false; }
    put("id_number", parts[0]);
    put("name", parts[2].replace(/\s+/g, " "));
    put("birth_date", day(parts[3]));
    put("sex", parts[4]);
    put("address", parts[5].replace(/\s+/g, " "));
    input.value = "";
    var note = box.querySelector(".filled") || document.createElement("p");
    note.className = "hint filled";
    note.setAttribute("role", "status");
    note.textContent = (document.documentElement.lang === "en" ? "Filled from the ID card of " : "Đã điền từ thẻ căn cước của ") + parts[2];
    box.appendChild(note);
    var choice = form.querySelector('input[name="recipient"][value="other"]');
    if (prefix === "recipient" && choice) { choice.checked = true; showAuthorisation(); }
    var next = form.elements.namedItem(prefix + "_phone");
    if (next && !next.value && next.focus) { next.focus(); }
    return true;
  }

  var offered = {};
  ["recipient_name", "recipient_id_number"].forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) { offered[name] = field.value; }
  });

  function showAuthorisation() {
    var other = form.querySelector('input[name="recipient"][value="other"]');
    var paper = form.elements.namedItem("authorisation_scan");
    if (other && paper) { paper.closest(".field").hidden = !other.checked; }
  }

  form.querySelectorAll('input[name="recipient"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      Object.keys(offered).forEach(function (name) {
        form.elements.namedItem(name).value = radio.value === "other" ? "" : offered[name];
      });
      showAuthorisation();
      if (radio.value === "other") { input.focus(); }
    });
  });
  showAuthorisation();

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      if (fill()) { event.preventDefault(); }  // a code that is not a card's: let the server say so
    }
  });
  input.addEventListener("change", fill);
})();
