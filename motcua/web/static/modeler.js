/* The modeler page: bpmn-js with a small properties panel for what SpiffWorkflow runs.
 *
 * The panel edits the spiffworkflow:* extension elements through bpmn-js's moddle
 * (generic elements keep every attribute through import and save), so the diagram
 * stays standard BPMN with its layout and opens unchanged in other modelers.
 * Saving sends the XML to the server, which runs the same checks as `motcua validate`.
 */
(async function () {
  "use strict";
  const $ = (selector) => document.querySelector(selector);
  const SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core";
  const palette = JSON.parse($("#palette").textContent);
  const L = JSON.parse($("#labels").textContent);
  const canvasEl = $("#canvas");
  const panel = $("#panel");
  const modeler = new BpmnJS({ container: canvasEl, keyboard: { bindTo: document } });
  canvasEl.modeler = modeler; // modeler-import.js opens imported diagrams in this same modeler
  const modeling = modeler.get("modeling");
  const moddle = modeler.get("moddle");
  const canvas = modeler.get("canvas");
  const overlays = modeler.get("overlays");
  const registry = modeler.get("elementRegistry");

  const response = await fetch(canvasEl.dataset.diagram, { credentials: "same-origin" });
  await modeler.importXML(await response.text());
  canvas.zoom("fit-viewport");
  canvasEl.dataset.ready = "true";

  // --- extension elements ------------------------------------------------------------------------------
  function extensions(element) {
    const bo = element.businessObject;
    if (!bo.extensionElements) {
      bo.extensionElements = moddle.create("bpmn:ExtensionElements", { values: [] });
      bo.extensionElements.$parent = bo;
    }
    return bo.extensionElements;
  }
  function findExtension(element, type) {
    const ext = element.businessObject.extensionElements;
    return ext ? (ext.values || []).find((v) => v.$type === type) : undefined;
  }
  function replaceExtension(element, type, replacement) {
    const ext = extensions(element);
    ext.values = (ext.values || []).filter((v) => v.$type !== type);
    if (replacement) {
      replacement.$parent = ext;
      ext.values.push(replacement);
    }
    modeling.updateProperties(element, { extensionElements: ext });
  }
  const any = (name, props) => moddle.createAny("spiffworkflow:" + name, SPIFF, props);

  function operatorOf(element) {
    const op = findExtension(element, "spiffworkflow:serviceTaskOperator");
    if (!op) return { name: "", params: {} };
    const params = {};
    (op.$children || []).forEach((group) => (group.$children || []).forEach((p) => { params[p.id] = p.value; }));
    return { name: op.id, params };
  }
  function setOperator(element, name, params) {
    const children = Object.entries(params).filter(([, v]) => v !== "")
      .map(([id, value]) => any("parameter", { id, type: "str", value }));
    replaceExtension(element, "spiffworkflow:serviceTaskOperator",
      name ? any("serviceTaskOperator", { id: name, resultVariable: "", $children: [any("parameters", { $children: children })] }) : null);
  }

  // --- the panel -------------------------------------------------------------------------------------------
  function field(id, label, control) {
    const wrap = document.createElement("div");
    wrap.className = "field";
    const lab = document.createElement("label");
    lab.htmlFor = id;
    lab.textContent = label;
    control.id = id;
    wrap.append(lab, control);
    return wrap;
  }
  function input(value, onChange) {
    const el = document.createElement("input");
    el.value = value || "";
    el.addEventListener("change", () => onChange(el.value.trim()));
    return el;
  }
  function select(options, value, onChange) {
    const el = document.createElement("select");
    options.forEach(([v, text]) => {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = text;
      o.selected = v === value;
      el.append(o);
    });
    el.addEventListener("change", () => onChange(el.value));
    return el;
  }

  function render(element) {
    panel.replaceChildren();
    if (!element || element.type === "label") return;
    const bo = element.businessObject;
    const heading = document.createElement("h3");
    heading.textContent = `${bo.$type.replace("bpmn:", "")} · ${bo.id}`;
    panel.append(heading);
    if (bo.$type === "bpmn:Lane") {
      const roles = palette.roles.map(([code, title]) => [code, `${code} — ${title}`]);
      panel.append(field("prop-role", L.role, select([["", L.none], ...roles], bo.name || "",
        (v) => modeling.updateLabel(element, v))));
      return;
    }
    if (bo.$type !== "bpmn:Process" && bo.$type !== "bpmn:Collaboration") {
      panel.append(field("prop-name", L.name, input(bo.name, (v) => modeling.updateLabel(element, v))));
    }
    if (bo.$type === "bpmn:UserTask") {
      const current = (findExtension(element, "spiffworkflow:formJsonSchemaFilename") || {}).$body || "";
      const forms = palette.forms.map(([name]) => [name, name]);
      panel.append(field("prop-form", L.form, select([["", L.none], ...forms], current.replace(".schema.json", ""),
        (name) => {
          const hasUi = (palette.forms.find(([n]) => n === name) || [])[1];
          replaceExtension(element, "spiffworkflow:formJsonSchemaFilename",
            name ? any("formJsonSchemaFilename", { $body: `${name}.schema.json` }) : null);
          replaceExtension(element, "spiffworkflow:formUiSchemaFilename",
            name && hasUi ? any("formUiSchemaFilename", { $body: `${name}.uischema.json` }) : null);
        })));
    }
    if (bo.$type === "bpmn:ServiceTask") {
      const op = operatorOf(element);
      const ops = palette.operators.map((o) => [o.name, `${o.name} — ${o.summary}`]);
      panel.append(field("prop-operator", L.operator, select([["", L.none], ...ops], op.name, (name) => {
        setOperator(element, name, {});
        render(element);
      })));
      const chosen = palette.operators.find((o) => o.name === op.name);
      if (chosen) {
        const box = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = L.parameters;
        box.append(legend);
        [...chosen.required, ...chosen.optional].forEach((name) => {
          const label = chosen.required.includes(name) ? `${name} (${L.required})` : name;
          box.append(field(`prop-param-${name}`, label, input(op.params[name], (value) => {
            const now = operatorOf(element);
            setOperator(element, now.name, { ...now.params, [name]: value });
          })));
        });
        panel.append(box);
      }
    }
    if (bo.$type === "bpmn:SequenceFlow" && /Gateway$/.test(bo.sourceRef.$type)) {
      const body = bo.conditionExpression ? bo.conditionExpression.body : "";
      panel.append(field("prop-condition", L.condition, input(body, (v) => modeling.updateProperties(element, {
        conditionExpression: v ? moddle.create("bpmn:FormalExpression", { body: v }) : undefined,
      }))));
    }
    const timer = (bo.eventDefinitions || []).find((d) => d.$type === "bpmn:TimerEventDefinition");
    if (timer) {
      const body = timer.timeDuration ? timer.timeDuration.body : "";
      panel.append(field("prop-duration", L.duration, input(body, (v) => modeling.updateModdleProperties(
        element, timer, { timeDuration: moddle.create("bpmn:FormalExpression", { body: v }) }))));
    }
  }

  modeler.get("eventBus").on("selection.changed", (event) => render(event.newSelection[0]));

  // --- saving ---------------------------------------------------------------------------------------------
  let marked = [];
  function clearProblems() {
    marked.forEach((id) => canvas.removeMarker(id, "has-problem"));
    overlays.remove({ type: "problem" });
    marked = [];
    $("#problems").replaceChildren();
  }
  function showProblems(problems) {
    // A shared part's save answers problems by procedure; only those of this file are marked on the canvas.
    problems.forEach((p) => {
      const li = document.createElement("li");
      const where = p.procedure_name ? `${p.procedure_name} · ${p.file || ""}` : "";
      li.textContent = (where ? `${where}: ` : "") + (p.element ? `[${p.element}] ` : "") + p.message;
      $("#problems").append(li);
      const here = !p.file || p.file === canvasEl.dataset.file;
      if (p.element && here && registry.get(p.element) && !marked.includes(p.element)) {
        canvas.addMarker(p.element, "has-problem");
        overlays.add(p.element, "problem", { position: { top: -14, right: 14 }, html: `<div class="problem-badge" title="">!</div>` });
        marked.push(p.element);
      }
    });
  }

  function showOutcomes(procedures) {
    // What a shared part's save gave each procedure that calls it (a procedure's own save answers none).
    const list = $("#results");
    if (!list || !procedures) return;
    list.replaceChildren(...procedures.map((p) => {
      const li = document.createElement("li");
      li.textContent = `${p.name}: ${p.created ? L.procedure_version : L.procedure_same} ${p.version}`;
      return li;
    }));
    $("#results-box").hidden = false;
  }

  $("#save").addEventListener("click", async () => {
    const status = $("#status");
    clearProblems();
    if ($("#results-box")) $("#results-box").hidden = true;
    status.textContent = L.saving;
    const { xml } = await modeler.saveXML({ format: true });
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const reply = await fetch(canvasEl.dataset.save, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ xml }),
    });
    const result = await reply.json().catch(() => ({ ok: false, problems: [{ message: reply.statusText }] }));
    if (result.ok) {
      status.textContent = `${result.created ? L.saved : L.unchanged} ${result.version} · ${L.walked.replace('{n}', result.paths)}`;
      showOutcomes(result.procedures);
    } else {
      status.textContent = reply.status === 422 ? L.invalid : L.failed;
      showProblems(result.problems || []);
    }
  });
})();
