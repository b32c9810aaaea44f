/* The heat map page: the version's diagram in the bpmn-js viewer, each step coloured by its level with its
 * figures above it, each flow with the dossiers that took it, and a click on a step listing the dossiers behind
 * its figures (the server lists only those the reader may see). Without script, or if the viewer cannot load,
 * the server's SVG of the same figures stays in place.
 */
(async function () {
  "use strict";
  const canvasEl = document.getElementById("heat-canvas");
  if (!canvasEl || typeof BpmnJS === "undefined") {
    return;
  }
  const L = JSON.parse(document.getElementById("heat-labels").textContent);
  const viewer = new BpmnJS({ container: canvasEl });
  const [xml, heat] = await Promise.all([
    fetch(canvasEl.dataset.diagram, { credentials: "same-origin" }).then((r) => r.text()),
    fetch(canvasEl.dataset.figures, { credentials: "same-origin" }).then((r) => r.json()),
  ]);
  await viewer.importXML(xml);
  canvasEl.classList.add("viewer-ready");
  const canvas = viewer.get("canvas");
  const overlays = viewer.get("overlays");
  const registry = viewer.get("elementRegistry");
  canvas.zoom("fit-viewport");
  for (const lane of registry.filter((element) => element.type === "bpmn:Lane")) {
    // a lane names a role by its code (the diagram's data); the reader sees the role's title
    const label = registry.getGraphics(lane).querySelector("text tspan");
    if (label && L.roles[label.textContent.trim()]) label.textContent = L.roles[label.textContent.trim()];
  }

  const hours = (q) => (q ? (q.hours).toLocaleString(document.documentElement.lang || "vi", { maximumFractionDigits: 1 }) : "–");
  const text = (tag, content, className) => {
    const node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  };
  const steps = {};
  for (const step of heat.steps) {
    steps[step.element] = step;
    if (!registry.get(step.element)) continue;
    canvas.addMarker(step.element, "heat-" + step.level);
    canvas.addMarker(step.element, "heat-step");
    const badge = document.createElement("div");
    badge.className = "heat-badge";
    badge.dataset.element = step.element;
    badge.dataset.level = step.level;
    const late = step.late_share === null ? "–" : step.late_share + "%";
    badge.append(text("div", `${L.now} ${step.now} · ${L.late} ${late}`),
                 text("div", `${L.median} ${hours(step.median)} · ${L.p90} ${hours(step.p90)} ${L.hours}`));
    overlays.add(step.element, "figures", { position: { top: -34, left: 0 }, html: badge });
  }
  for (const flow of heat.flows) {
    const element = registry.get(flow.id);
    if (!element || !flow.taken || !element.waypoints) continue;
    canvas.addMarker(flow.id, "flow-taken");
    const xs = element.waypoints.map((p) => p.x), ys = element.waypoints.map((p) => p.y);
    const middle = element.waypoints[Math.floor(element.waypoints.length / 2)];
    const before = element.waypoints[Math.max(0, Math.floor(element.waypoints.length / 2) - 1)];
    const badge = text("span", String(flow.taken), "flow-badge");
    badge.dataset.flow = flow.id;
    overlays.add(flow.id, "taken", { position: { left: (middle.x + before.x) / 2 - Math.min(...xs) + 2,
                                                 top: (middle.y + before.y) / 2 - Math.min(...ys) - 16 }, html: badge });
  }
  canvasEl.dataset.ready = "true";

  // --- the panel: the dossiers behind a step's figures -------------------------------------------------
  const title = document.getElementById("panel-title");
  const views = document.getElementById("panel-views");
  const list = document.getElementById("panel-list");
  let chosen = null;
  async function show(element, view) {
    chosen = element;
    title.textContent = steps[element].name;
    views.hidden = false;
    for (const button of views.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.view === view));
    }
    list.replaceChildren(text("li", L.loading));
    const url = canvasEl.dataset.behind.replace("__STEP__", encodeURIComponent(element)) + "&view=" + view;
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) {
      list.replaceChildren(text("li", L.failed));
      return;
    }
    const answer = await response.json();
    list.replaceChildren();
    if (!answer.dossiers.length) list.append(text("li", L.none));
    for (const line of answer.dossiers) {
      const item = document.createElement("li");
      item.dataset.dossier = line.id;
      if (line.can_open) {
        const link = text("a", line.code);
        link.href = canvasEl.dataset.dossier.replace(/0$/, String(line.id));
        item.append(link);
      } else {
        item.append(text("strong", line.code));
      }
      item.append(text("div", `${line.applicant} · ${line.unit}`));
      item.append(text("div", `${line.working_hours.toLocaleString(document.documentElement.lang || "vi")} ${L.working_hours}`
                       + (line.late ? " · " : ""), ""));
      if (line.late) item.lastChild.append(text("span", L.late_mark, "late"));
      list.append(item);
    }
  }
  viewer.get("eventBus").on("element.click", (event) => {
    if (steps[event.element.id]) show(event.element.id, "now");
  });
  views.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-view]");
    if (button && chosen) show(chosen, button.dataset.view);
  });
})();
