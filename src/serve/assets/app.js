// sowgen's page. Plain JavaScript, no build step. Everything that came from an upload is put on
// the page as text (textContent, attribute values), never as HTML.
"use strict";

(function () {
  // The jobs this tab started live only in this closure: another tab never learns their ids.
  const tab = { build: null, resolveList: null, features: {}, limits: {} };

  // ---------------------------------------------------------------- small helpers

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  const $ = (id) => document.getElementById(id);

  /** "185042.17" → "$185,042.17"; exact, from the decimal string (no floating point). */
  function money(value) {
    if (value === null || value === undefined) return "–";
    let text = String(value).trim();
    const negative = text.startsWith("-");
    if (negative) text = text.slice(1);
    let [whole, cents = ""] = text.split(".");
    cents = (cents + "00").slice(0, 2);
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "−$" : "$") + whole + "." + cents;
  }

  function isNegative(value) {
    return String(value).trim().startsWith("-") && !/^-0*(\.0*)?$/.test(String(value).trim());
  }

  function absolute(value) {
    return String(value).trim().replace(/^-/, "");
  }

  function bytes(n) {
    if (n >= 1024 * 1024) {
      const mb = n / (1024 * 1024);
      return (Number.isInteger(mb) ? mb : mb.toFixed(1)) + " MB";
    }
    if (n >= 1024) return Math.round(n / 1024) + " KB";
    return n + " bytes";
  }

  function count(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  const DEVICE_LABELS = {
    data_drops: "Data drops",
    wireless_aps: "Wireless APs",
    workstations: "Workstations",
    phones: "Phones",
    printers: "Printers",
    displays: "Displays",
  };

  /** "sheet Rooms, rows 5, 9 and 12, column F" from a problem's place. */
  function place(problem) {
    const parts = [];
    if (problem.sheet) parts.push("sheet " + problem.sheet);
    const rows = problem.rows && problem.rows.length > 1 ? problem.rows : null;
    if (rows) {
      const shown = rows.slice(0, 8).join(", ");
      parts.push("rows " + shown + (rows.length > 8 ? " and " + (rows.length - 8) + " more" : ""));
    } else if (problem.row) {
      parts.push("row " + problem.row);
    }
    if (problem.column) parts.push("column " + problem.column);
    return parts.join(", ") || "the whole file";
  }

  function problemTable(caption, problems) {
    return el("table", { class: "problems" },
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Where" }),
        el("th", { scope: "col", text: "Problem" }))),
      el("tbody", {}, problems.map((p) => el("tr", {},
        el("td", { class: "where", text: place(p) }),
        el("td", { text: p.message })))));
  }

  // ---------------------------------------------------------------- talking to the server

  async function json(response) {
    try {
      return await response.json();
    } catch (_) {
      return { errors: [{ field: "", message: "The server answered " + response.status + " with something this page cannot read." }] };
    }
  }

  /** POST a form with upload progress (fetch has none); resolves to {status, body}. */
  function send(url, formData, onProgress) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) onProgress(e.loaded, e.total);
      });
      xhr.addEventListener("load", () => resolve({ status: xhr.status, body: xhr.response || {} }));
      xhr.addEventListener("error", () => resolve({
        status: 0,
        body: { errors: [{ field: "", message: "The upload did not reach sowgen. Is `sowgen serve` still running?" }] },
      }));
      xhr.send(formData);
    });
  }

  /** Poll a job until it is done or failed, reporting its stage. */
  async function follow(id, progress) {
    for (;;) {
      let response;
      try {
        response = await fetch("/api/jobs/" + encodeURIComponent(id), { cache: "no-store" });
      } catch (_) {
        return { state: "failed", errors: [{ field: "", message: "sowgen stopped answering. Is `sowgen serve` still running?" }] };
      }
      const body = await json(response);
      if (!response.ok) return { state: "failed", errors: body.errors || [] };
      if (body.state !== "running") return body;
      progress.show(body.stage, body.done, body.total);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  function progressBar(name) {
    const bar = $(name + "-bar");
    const status = $(name + "-status");
    return {
      show(stage, done, total) {
        bar.hidden = false;
        if (total > 0) {
          bar.max = total;
          bar.value = done;
          status.textContent = stage + ": " + done + " of " + total;
        } else {
          bar.removeAttribute("value");
          status.textContent = stage + "…";
        }
      },
      sending(loaded, total) {
        bar.hidden = false;
        bar.max = total;
        bar.value = loaded;
        status.textContent = "Sending the files: " + Math.round((100 * loaded) / total) + "%";
      },
      // The bar goes; the words stay, so a screen reader hears how it ended.
      done(text) {
        bar.hidden = true;
        status.textContent = text;
      },
    };
  }

  // ---------------------------------------------------------------- errors beside their files

  function clearErrors(form) {
    for (const box of form.querySelectorAll(".field-error")) box.replaceChildren();
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  /** Put each error beside the field it concerns; those about no field go under the button. */
  function showErrors(form, formErrorId, errors) {
    let first = null;
    for (const error of errors) {
      const box = (error.field && form.querySelector("#" + CSS.escape(error.field) + "-error")) || $(formErrorId);
      const input = error.field ? form.querySelector("[name=" + CSS.escape(error.field) + "]") : null;
      if (input) input.setAttribute("aria-invalid", "true");
      const parts = [el("p", { text: error.message })];
      if (error.problems && error.problems.length) {
        parts.push(problemTable(count(error.problems.length, "problem") + " to fix", error.problems));
      }
      if (error.partial && error.partial.rooms > 0 && error.partial.sheets && error.partial.sheets.length) {
        parts.push(el("p", { class: "hint", text: "Read before the problems: " + error.partial.sheets
          .map((s) => "sheet " + s.name + " (" + count(s.rooms, "room") + ")").join(", ") + "." }));
      }
      box.append(...parts);
      first = first || input || box;
    }
    if (first && first.focus) first.focus();
  }

  // ---------------------------------------------------------------- drag and drop

  function setupDrops() {
    // A file dropped beside a drop zone must not make the browser leave the page.
    for (const type of ["dragover", "drop"]) {
      window.addEventListener(type, (e) => e.preventDefault());
    }
    for (const zone of document.querySelectorAll(".drop")) {
      const input = zone.querySelector("input[type=file]");
      zone.addEventListener("dragenter", () => zone.classList.add("over"));
      zone.addEventListener("dragover", (e) => {
        e.preventDefault();
        zone.classList.add("over");
      });
      zone.addEventListener("dragleave", (e) => {
        if (!zone.contains(e.relatedTarget)) zone.classList.remove("over");
      });
      zone.addEventListener("drop", (e) => {
        e.preventDefault();
        zone.classList.remove("over");
        if (!e.dataTransfer || !e.dataTransfer.files.length) return;
        const files = new DataTransfer();
        const list = input.multiple ? Array.from(e.dataTransfer.files) : [e.dataTransfer.files[0]];
        list.forEach((f) => files.items.add(f));
        input.files = files.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      input.addEventListener("change", () => {
        const box = $(input.name + "-error");
        if (box) box.replaceChildren();
        input.removeAttribute("aria-invalid");
        const big = Array.from(input.files).find((f) => input.name !== "catalog" && input.name !== "types"
          && tab.limits.room_list_bytes && f.size > tab.limits.room_list_bytes);
        if (big && box) {
          box.append(el("p", { text: big.name + " is larger than " + bytes(tab.limits.room_list_bytes) + ", more than sowgen reads." }));
          input.setAttribute("aria-invalid", "true");
        }
      });
    }
  }

  // ---------------------------------------------------------------- build

  function formFor(form, names) {
    const data = new FormData();
    for (const name of names) {
      const input = form.querySelector("[name=" + CSS.escape(name) + "]");
      if (!input || input.closest("[hidden]")) continue;
      if (input.type === "file") {
        if (input.files.length) data.append(name, input.files[0], input.files[0].name);
      } else if (input.value.trim()) {
        data.append(name, input.value.trim());
      }
    }
    return data;
  }

  async function startBuild(event) {
    event.preventDefault();
    const form = $("build-form");
    clearErrors(form);
    if (!$("room_list").files.length) {
      showErrors(form, "build-form-error", [{ field: "room_list", message: "Choose a room list first." }]);
      return;
    }
    const names = ["room_list", "catalog", "types"].concat(tab.projectFields || []);
    const button = $("build-button");
    button.disabled = true;
    const progress = progressBar("build");
    $("build-result").hidden = true;
    try {
      const sent = await send("/api/build", formFor(form, names), (l, t) => progress.sending(l, t));
      if (sent.status !== 202) {
        progress.done("");
        showErrors(form, "build-form-error", sent.body.errors || []);
        return;
      }
      tab.resolveList = null;
      await finishBuild(sent.body.job, progress);
    } finally {
      button.disabled = false;
    }
  }

  async function finishBuild(id, progress) {
    progress.show("Starting", 0, 0);
    const job = await follow(id, progress);
    const form = $("build-form");
    if (job.state === "failed") {
      progress.done("The package could not be built.");
      showErrors(form, "build-form-error", job.errors || []);
      return false;
    }
    tab.build = id;
    if (tab.resolveList === null) tab.resolveList = job.result.unresolved || [];
    progress.done("The package is ready.");
    renderBuild(job);
    return true;
  }

  function totalsBlock(result) {
    const t = result.totals;
    const rows = [
      ["Material", t.material],
      ["Labor", t.labor],
      ["Project management", t.project_management],
      ["Sales tax", t.tax],
      ["Contingency", t.contingency],
    ];
    const figures = [
      el("div", { class: "figure main" },
        el("span", { class: "label", text: "Grand total" }),
        el("span", { class: "value", id: "grand-total", text: money(t.grand_total) })),
    ];
    if (t.approved_budget !== null && t.approved_budget !== undefined) {
      const over = isNegative(t.variance);
      figures.push(el("div", { class: "figure" },
        el("span", { class: "label", text: "Approved budget" }),
        el("span", { class: "value", id: "approved-budget", text: money(t.approved_budget) })));
      figures.push(el("div", { class: "figure " + (over ? "over" : "under") },
        el("span", { class: "label", text: over ? "Over budget by" : "Under budget by" }),
        el("span", { class: "value", id: "variance", text: money(absolute(t.variance)) })));
    } else {
      figures.push(el("div", { class: "figure" },
        el("span", { class: "label", text: "Approved budget" }),
        el("span", { class: "value muted", text: "not given" }),
        el("span", { class: "hint", text: "Add it under “More options”, or in the list's Project sheet." })));
    }
    return [
      el("div", { class: "figures" }, figures),
      el("table", { class: "money" },
        el("caption", { text: "How the total is made up" }),
        el("tbody", {}, rows.map(([label, value]) => el("tr", {},
          el("th", { scope: "row", text: label }), el("td", { text: money(value) })))),
        el("tfoot", {}, el("tr", {}, el("th", { scope: "row", text: "Grand total" }), el("td", { text: money(t.grand_total) })))),
    ];
  }

  function downloads(id, job, what) {
    const base = "/api/jobs/" + encodeURIComponent(id);
    const docs = job.files.map((f) => el("li", {},
      el("a", { href: base + "/files/" + f.index, download: "" , text: f.name }),
      el("span", { class: "size", text: " " + bytes(f.bytes) })));
    return [
      el("p", {}, el("a", { class: "button", id: "download-zip", href: base + "/package.zip", download: "" },
        "Download " + what + " (" + job.zip.name + ", " + bytes(job.zip.bytes) + ")")),
      el("details", { class: "files" },
        el("summary", { text: "Or one document at a time (" + job.files.length + ")" }),
        el("ul", {}, docs)),
    ];
  }

  function readBlock(result) {
    const counts = result.devices || {};
    const devices = Object.keys(DEVICE_LABELS).filter((k) => k in counts).map((k) => [k, counts[k]]);
    return [
      el("p", {}, "Read ", el("strong", { text: result.file }), ": " + count(result.rooms, "room") + " from " +
        count(result.sheets.length, "sheet") + "."),
      el("table", { class: "compact" },
        el("caption", { text: "Rooms per sheet" }),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Sheet" }),
          el("th", { scope: "col", class: "num", text: "Header on row" }),
          el("th", { scope: "col", class: "num", text: "Rooms" }))),
        el("tbody", {}, result.sheets.map((s) => el("tr", {},
          el("td", { text: s.name }), el("td", { class: "num", text: s.header_row }), el("td", { class: "num", text: s.rooms }))))),
      el("table", { class: "compact" },
        el("caption", { text: "Devices" }),
        el("tbody", {}, devices.map(([key, n]) => el("tr", {},
          el("th", { scope: "row", text: DEVICE_LABELS[key] || key }), el("td", { class: "num", text: n }))))),
    ];
  }

  const KIND_LABELS = { risk: "Risks", gap: "Gaps", check: "To check", dependency: "Dependencies", assumption: "Assumptions" };

  function findingsBlock(findings) {
    if (!findings.length) return [el("p", { text: "No findings." })];
    const groups = {};
    for (const f of findings) (groups[f.kind] = groups[f.kind] || []).push(f);
    return Object.keys(KIND_LABELS).filter((k) => groups[k]).map((kind) =>
      el("details", { class: "finding " + kind, open: kind === "risk" || kind === "gap" },
        el("summary", { text: KIND_LABELS[kind] + " (" + groups[kind].length + ")" }),
        el("ul", {}, groups[kind].map((f) => el("li", {},
          f.subject ? el("strong", { text: f.subject + ": " }) : null, f.message)))));
  }

  // Room types the catalog does not know: one chooser per text, the suggestion preselected.
  function resolveBlock(result) {
    const list = tab.resolveList || [];
    if (!list.length) return null;
    const chosen = result.types || {};
    const stillOpen = new Set((result.unresolved || []).map((u) => u.text));
    const rows = list.map((u, i) => {
      const id = "resolve-" + i;
      const current = chosen[u.text] || u.suggestion || "";
      const select = el("select", { id, "data-text": u.text, "aria-describedby": id + "-where" },
        el("option", { value: "", text: "Leave unresolved (priced at $0)" }),
        result.catalog_types.map((t) => el("option", { value: t, text: t, selected: t === current })));
      select.addEventListener("change", scheduleResolve);
      return el("tr", {},
        el("td", {}, el("label", { for: id, class: "typed", text: u.text })),
        el("td", { id: id + "-where", class: "where", text: place({ sheet: u.sheet, rows: u.rows, row: u.rows[0] }) }),
        el("td", {}, select),
        el("td", { class: "state", text: stillOpen.has(u.text) ? "unresolved" : "resolved" }));
    });
    return el("section", { class: "resolve", "aria-labelledby": "resolve-h" },
      el("h3", { id: "resolve-h", text: "Room types to resolve" }),
      el("p", { text: "These room types are not in the catalog. Choose what each one is; the totals update. Download the type map to use next time (sowgen build --types FILE)." }),
      el("table", {},
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "As written" }),
          el("th", { scope: "col", text: "Where" }),
          el("th", { scope: "col", text: "Catalog room type" }),
          el("th", { scope: "col", text: "Status" }))),
        el("tbody", {}, rows)),
      el("p", { class: "actions" },
        el("button", { type: "button", id: "resolve-apply", onclick: applyResolve, text: "Apply and update the totals" }),
        " ",
        el("a", { class: "button secondary", id: "download-types", href: "/api/jobs/" + encodeURIComponent(tab.build) + "/types.toml", download: "" },
          "Download the type map")));
  }

  let resolveTimer = null;
  function scheduleResolve() {
    clearTimeout(resolveTimer);
    resolveTimer = setTimeout(applyResolve, 600);
  }

  async function applyResolve() {
    clearTimeout(resolveTimer);
    const types = {};
    for (const select of document.querySelectorAll(".resolve select")) {
      if (select.value) types[select.dataset.text] = select.value;
    }
    const focused = document.activeElement && document.activeElement.id;
    const progress = progressBar("build");
    let response;
    try {
      response = await fetch("/api/jobs/" + encodeURIComponent(tab.build) + "/types", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ types }),
      });
    } catch (_) {
      showErrors($("build-form"), "build-form-error", [{ field: "", message: "sowgen stopped answering." }]);
      return;
    }
    const body = await json(response);
    if (response.status !== 202) {
      showErrors($("build-form"), "build-form-error", body.errors || []);
      return;
    }
    if (await finishBuild(body.job, progress) && focused && $(focused)) $(focused).focus();
  }

  function renderBuild(job) {
    const result = job.result;
    const box = $("build-result");
    const warnings = result.warnings || [];
    const parts = [
      el("h3", { id: "build-result-h", text: "The package for " + ((result.project && result.project.name) || result.file) }),
    ];
    if (result.draft) {
      parts.push(el("p", { class: "draft", role: "note" },
        el("strong", { text: "Draft. " }),
        "Some room types are not resolved: rooms typed from their names are an assumption, rooms nothing typed are priced at $0, and the documents are marked DRAFT. Resolve them below."));
    }
    parts.push(...totalsBlock(result));
    parts.push(el("h3", { text: "Downloads" }), ...downloads(tab.build, job, "the whole package"));
    const resolve = resolveBlock(result);
    if (resolve) parts.push(resolve);
    parts.push(el("h3", { text: "Findings (" + result.findings.length + ")" }), ...findingsBlock(result.findings));
    parts.push(el("h3", { text: "What was read" }), ...readBlock(result));
    if (warnings.length) {
      parts.push(el("h3", { text: "Warnings (" + warnings.length + ")" }),
        problemTable("Worth a look; none stopped the build", warnings));
    }
    box.replaceChildren(...parts);
    box.hidden = false;
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.id === "build-button") {
      box.focus();
    }
  }

  // ---------------------------------------------------------------- change order

  async function startDiff(event) {
    event.preventDefault();
    const form = $("diff-form");
    clearErrors(form);
    const missing = ["old", "new"].filter((n) => !$(n).files.length)
      .map((n) => ({ field: n, message: "Choose the " + (n === "old" ? "earlier" : "later") + " revision." }));
    if (missing.length) {
      showErrors(form, "diff-form-error", missing);
      return;
    }
    const data = formFor(form, ["old", "new"]);
    const catalog = $("catalog");
    if (catalog.files.length) data.append("catalog", catalog.files[0], catalog.files[0].name);
    const button = $("diff-button");
    button.disabled = true;
    const progress = progressBar("diff");
    $("diff-result").hidden = true;
    try {
      const sent = await send("/api/diff", data, (l, t) => progress.sending(l, t));
      if (sent.status !== 202) {
        progress.done("");
        showErrors(form, "diff-form-error", sent.body.errors || []);
        return;
      }
      progress.show("Starting", 0, 0);
      const job = await follow(sent.body.job, progress);
      if (job.state === "failed") {
        progress.done("The change order could not be made.");
        showErrors(form, "diff-form-error", job.errors || []);
        return;
      }
      progress.done("The change order is ready.");
      renderDiff(sent.body.job, job);
    } finally {
      button.disabled = false;
    }
  }

  function roomTable(caption, rooms, withFields) {
    if (!rooms.length) return null;
    return el("table", {},
      el("caption", { text: caption + " (" + rooms.length + ")" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Room" }),
        el("th", { scope: "col", text: "Name" }),
        el("th", { scope: "col", text: withFields ? "What changed" : "Room type" }),
        el("th", { scope: "col", class: "num", text: "Cost" }))),
      el("tbody", {}, rooms.map((r) => el("tr", {},
        el("td", { text: r.room }),
        el("td", { text: r.name }),
        el("td", { text: withFields
          ? Object.entries(r.fields).map(([k, v]) => (DEVICE_LABELS[k] || k.replace(/_/g, " ")) + " " + v[0] + " → " + v[1]).join("; ")
          : r.room_type }),
        el("td", { class: "num", text: money(r.cost_delta) })))));
  }

  function renderDiff(id, job) {
    const r = job.result;
    const up = !isNegative(r.cost_delta);
    const parts = [
      el("h3", { id: "diff-result-h", text: r.old + " → " + r.new }),
      el("div", { class: "figures" },
        el("div", { class: "figure" }, el("span", { class: "label", text: "Before" }), el("span", { class: "value", text: money(r.old_total) })),
        el("div", { class: "figure" }, el("span", { class: "label", text: "After" }), el("span", { class: "value", text: money(r.new_total) })),
        el("div", { class: "figure main " + (up ? "over" : "under") },
          el("span", { class: "label", text: up ? "Change order adds" : "Change order saves" }),
          el("span", { class: "value", id: "cost-delta", text: money(absolute(r.cost_delta)) }))),
      el("p", { text: count(r.added.length, "room") + " added, " + count(r.removed.length, "room") + " removed, " +
        count(r.changed.length, "room") + " changed." }),
      ...downloads(id, job, "the change order"),
      roomTable("Rooms added", r.added, false),
      roomTable("Rooms removed", r.removed, false),
      roomTable("Rooms changed", r.changed, true),
    ];
    const box = $("diff-result");
    box.replaceChildren(...parts.filter(Boolean));
    box.hidden = false;
    box.focus();
  }

  // ---------------------------------------------------------------- start

  async function start() {
    setupDrops();
    $("build-form").addEventListener("submit", startBuild);
    $("diff-form").addEventListener("submit", startDiff);
    try {
      const info = await (await fetch("/api/info")).json();
      tab.features = info.features || {};
      tab.limits = info.limits || {};
      tab.projectFields = info.project_fields || [];
      for (const node of document.querySelectorAll("[data-feature]")) {
        node.hidden = !tab.features[node.dataset.feature];
      }
      if (tab.features.leveling) {
        $("level-unavailable").hidden = true;
        $("level-form").hidden = false;
      }
      for (const span of document.querySelectorAll(".limit")) {
        if (tab.limits.room_list_bytes) span.textContent = bytes(tab.limits.room_list_bytes);
      }
    } catch (_) {
      $("build-form-error").append(el("p", { text: "sowgen is not answering. Is `sowgen serve` still running?" }));
    }
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
