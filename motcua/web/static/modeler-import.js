/* The modeler's Import button: a diagram from Camunda, Flowable or Activiti, converted on the server.
 *
 * The server maps what has a clean MotCua meaning (forms, roles as lanes, due dates as timers, simple
 * conditions) and lists the rest with its line in the uploaded file. The converted diagram opens in the
 * page's modeler (modeler.js puts it on #canvas); nothing is saved until the analyst presses save, which
 * runs the usual checks.
 */
(function () {
  "use strict";
  const $ = (selector) => document.querySelector(selector);
  const button = $("#import");
  const input = $("#import-file");
  if (!button || !input) return;
  const L = JSON.parse($("#import-labels").textContent);

  // A note names its element as in the imported file; the button selects it on the canvas when it is drawn.
  function item(note) {
    const li = document.createElement("li");
    if (note.line) li.append(`${L.line} ${note.line} `);
    if (note.element) {
      const go = document.createElement("button");
      go.type = "button";
      go.className = "link";
      go.textContent = `[${note.element}]`;
      go.addEventListener("click", () => {
        const modeler = $("#canvas").modeler;
        const element = modeler.get("elementRegistry").get(note.element);
        if (!element) return;
        modeler.get("canvas").scrollToElement(element);
        modeler.get("selection").select(element);
      });
      li.append(go);
    }
    li.append(`${note.line || note.element ? ": " : ""}${note.message}`);
    return li;
  }
  function show(list, notes) {
    $(list).replaceChildren(...notes.map(item));
    $(list).parentElement.hidden = notes.length === 0;
  }

  button.addEventListener("click", () => input.click());
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const status = $("#import-status");
    const report = $("#import-report");
    status.textContent = L.importing;
    const body = new FormData();
    body.append("file", file);
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const reply = await fetch(input.dataset.url, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }, body,
    }).catch((error) => ({ statusText: error.message, json: () => Promise.reject(error) }));
    const result = await reply.json().catch(() => ({ ok: false, problems: [{ message: reply.statusText }] }));
    input.value = "";
    report.hidden = false;
    if (!result.ok) {
      status.textContent = L.refused;
      show("#import-converted", []);
      show("#import-notes", result.problems || []);
      return;
    }
    const modeler = $("#canvas").modeler;
    try {
      await modeler.importXML(result.xml);
    } catch (error) {
      status.textContent = `${L.refused} ${error.message}`;
      return;
    }
    modeler.get("canvas").zoom("fit-viewport");
    status.textContent = `${L.imported} ${file.name}${result.engines.length ? ` (${result.engines.join(", ")})` : ""}`;
    show("#import-converted", result.converted);
    show("#import-notes", result.notes);
  });
})();
