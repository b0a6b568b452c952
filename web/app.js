// The playground's page: takes a file (dropped, chosen or pasted), has the
// worker check or split it with batchlint (WebAssembly), and shows the
// diagnostics as `batchlint check --format human` does. Nothing is sent
// anywhere: the file is read in this browser only.

const $ = (selector) => document.querySelector(selector);
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

/** What is being checked: `{file, name}` (`name` empty for pasted lines). */
let current = null;
/** The id of the latest job: results of older ones are dropped. */
let job = 0;
/** The diagnostics shown, in order. */
let shown = [];
/** The blob URL of the zip offered for download. */
let zipUrl = null;

function setStatus(text) {
  $("#status").textContent = text;
}

function progress(done, total) {
  const bar = $("#progress");
  bar.hidden = false;
  bar.max = Math.max(total, 1);
  bar.value = done;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** Characters (not UTF-16 units) in `text`, as columns count them. */
const width = (text) => [...text].length;

/**
 * One diagnostic as the human format shows it:
 *
 *     BL203(invalid-value)
 *       × `payload.model` is "lipsync2-pro", which is not one of …
 *        ╭─[requests.jsonl:6:70]
 *      6 │ …"payload":{"model":"lipsync2-pro","input":[…
 *        ·                     ───────┬──────
 *        ·                            ╰── not an allowed value
 *        ╰────
 *       help: did you mean `lipsync-2-pro`?
 */
function render(d, path) {
  const pre = element("pre", { class: "snippet" });
  const gutter = String(d.line).length;
  const pad = " ".repeat(gutter + 1);
  const mark = d.severity === "error" ? "×" : "⚠";
  pre.append(`  ${mark} ${d.message}\n${pad} ╭─[${path}:${d.line}:${d.column}]\n`);
  if (d.snippet) {
    const [before, span, after] = d.snippet;
    pre.append(` ${d.line} │ ${before}`, element("mark", {}, span), `${after}\n`);
    const length = Math.max(width(span), 1);
    const middle = Math.floor((length - 1) / 2);
    const indent = " ".repeat(width(before));
    if (d.label) {
      const rule = "─".repeat(middle) + "┬" + "─".repeat(length - middle - 1);
      pre.append(`${pad} · ${indent}${rule}\n${pad} · ${indent}${" ".repeat(middle)}╰── ${d.label}\n`);
    } else {
      pre.append(`${pad} · ${indent}${"─".repeat(length)}\n`);
    }
  } else if (d.label) {
    pre.append(`${pad} · ${d.label}\n`);
  }
  pre.append(`${pad} ╰────`);
  const item = element(
    "li",
    {
      class: d.severity,
      tabindex: "0",
      "data-code": d.code,
      "data-line": String(d.line),
      "data-column": String(d.column),
      "data-severity": d.severity,
    },
    element("div", { class: "head" }, element("span", { class: d.severity }, `${d.code}(${d.name})`)),
    pre,
  );
  if (d.help) item.append(element("div", { class: "help" }, `help: ${d.help}`));
  if (d.related) {
    item.append(element("div", { class: "help" }, `note: line ${d.related.line}:${d.related.column}: ${d.related.message}`));
  }
  const index = shown.length;
  item.addEventListener("click", () => showLine(index));
  item.addEventListener("keydown", (e) => {
    if (e.key === "Enter") showLine(index);
  });
  return item;
}

function addDiagnostics(list) {
  const path = current.name || "<pasted>";
  const fragment = document.createDocumentFragment();
  for (const d of list) {
    fragment.append(render(d, path));
    shown.push(d);
  }
  $("#diagnostics").append(fragment);
}

/** Bytes per read when looking for the ends of a line. */
const WINDOW = 64 << 10;
/** The most of a line shown on each side of a diagnostic. */
const REACH = 1 << 20;

async function bytes(file, start, end) {
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

/** Shows the whole line of diagnostic `index` (up to a megabyte each side of it), its span marked. */
async function showLine(index) {
  const d = shown[index];
  const { file } = current;
  document.querySelectorAll("#diagnostics li.selected").forEach((li) => li.classList.remove("selected"));
  $("#diagnostics").children[index]?.classList.add("selected");
  const view = $("#line-view");
  const text = $("#line-text");
  view.hidden = false;
  $("#line-title").textContent = `Line ${d.line}, column ${d.column}: ${d.code}`;
  if (current.compressed) {
    text.replaceChildren(d.snippet ? d.snippet.join("") : "(the file is compressed: its lines are shown only around a diagnostic)");
    return;
  }
  // The line's start: the byte after the last newline before the span.
  let start = d.offset;
  for (let at = d.offset; at > 0 && d.offset - at < REACH; ) {
    const from = Math.max(0, at - WINDOW);
    const chunk = await bytes(file, from, at);
    const newline = chunk.lastIndexOf(10);
    if (newline >= 0) {
      start = from + newline + 1;
      break;
    }
    at = from;
    start = from;
  }
  // Its end: the first newline from the span's start on.
  let end = Math.min(file.size, d.offset + REACH);
  for (let at = d.offset; at < file.size && at < d.offset + REACH; at += WINDOW) {
    const chunk = await bytes(file, at, Math.min(file.size, at + WINDOW));
    const newline = chunk.indexOf(10);
    if (newline >= 0) {
      end = at + newline;
      break;
    }
  }
  const line = await bytes(file, start, end);
  const decode = (a, b) => new TextDecoder().decode(line.subarray(Math.max(0, a - start), Math.max(0, Math.min(end, b) - start)));
  const spanEnd = Math.max(d.end_offset, d.offset);
  text.replaceChildren(decode(start, d.offset), element("mark", {}, decode(d.offset, spanEnd)), decode(spanEnd, end));
  view.scrollIntoView({ block: "nearest" });
}

function start(file, name) {
  current = { file, name, compressed: false };
  job += 1;
  shown = [];
  $("#diagnostics").replaceChildren();
  $("#hidden-count").hidden = true;
  $("#summary").textContent = "";
  $("#line-view").hidden = true;
  $("#results").hidden = false;
  $("#split-box").hidden = false;
  resetSplit();
  $("#file-name").textContent = name ? `${name} (${file.size.toLocaleString("en-US")} bytes)` : "pasted lines";
  setStatus("Checking…");
  progress(0, file.size);
  worker.postMessage({ type: "check", id: job, file, name, profile: $("#profile").value });
}

function resetSplit() {
  $("#plan").hidden = true;
  $("#plan tbody").replaceChildren();
  $("#download").hidden = true;
  $("#split-status").textContent = "";
  $("#split-status").className = "";
  if (zipUrl) URL.revokeObjectURL(zipUrl);
  zipUrl = null;
}

function startSplit() {
  if (!current) return;
  job += 1;
  resetSplit();
  $("#split-status").textContent = "Splitting…";
  progress(0, current.file.size);
  worker.postMessage({
    type: "split",
    id: job,
    file: current.file,
    name: current.name,
    profile: $("#profile").value,
    prefix: $("#prefix").value.trim(),
    rejects: $("#rejects").checked ? "rejects.jsonl" : "",
  });
}

function showSplit(report) {
  const status = $("#split-status");
  if (report.refusal) {
    status.className = "refused";
    status.textContent = report.refusal;
    return;
  }
  const rows = report.chunks.map((c) =>
    element(
      "tr",
      { "data-file": c.file, "data-records": String(c.records), "data-first-line": String(c.first_line), "data-last-line": String(c.last_line) },
      element("td", {}, c.file),
      element("td", {}, c.records.toLocaleString("en-US")),
      element("td", {}, c.bytes.toLocaleString("en-US")),
      element("td", {}, `${c.first_line}–${c.last_line}`),
    ),
  );
  $("#plan tbody").replaceChildren(...rows);
  $("#plan").hidden = false;
  const records = report.chunks.reduce((n, c) => n + c.records, 0);
  const rejected = report.manifest.rejects ? `; ${report.manifest.rejects.lines.length} set aside in rejects.jsonl` : "";
  status.textContent = `${report.chunks.length} chunks, ${records.toLocaleString("en-US")} records${rejected}.`;
  zipUrl = URL.createObjectURL(new Blob([report.zip], { type: "application/zip" }));
  const link = $("#download");
  link.href = zipUrl;
  link.download = report.zip_name;
  link.hidden = false;
}

worker.onmessage = ({ data }) => {
  if (data.type === "ready") {
    const select = $("#profile");
    for (const p of data.profiles) select.append(element("option", { value: p.name, title: p.title }, `${p.name} — ${p.title}`));
    select.value = "sync";
    select.disabled = false;
    $("#version").textContent = `batchlint ${data.version}, compiled to WebAssembly. Files never leave this browser.`;
    setStatus("Ready: drop a file.");
    document.body.dataset.ready = "true";
    return;
  }
  if (data.id !== job) return;
  switch (data.type) {
    case "progress":
      progress(data.done, data.total);
      break;
    case "diagnostics":
      addDiagnostics(data.diagnostics);
      break;
    case "checked": {
      current.compressed = Boolean(data.summary.compression);
      if (data.hidden > 0) {
        const more = data.hidden.toLocaleString("en-US");
        $("#hidden-count").textContent = `… ${more} more diagnostic${data.hidden === 1 ? "" : "s"} not shown (the first ${shown.length.toLocaleString("en-US")} are)`;
        $("#hidden-count").hidden = false;
      }
      $("#summary").textContent = data.summary_line;
      setStatus(data.summary.errors > 0 ? "Checked: the file has errors." : "Checked.");
      document.body.dataset.checked = String(job);
      break;
    }
    case "split":
      showSplit(data);
      setStatus("Split planned.");
      document.body.dataset.split = String(job);
      break;
    case "failed":
      setStatus(`Failed: ${data.message}`);
      document.body.dataset.failed = String(job);
      break;
  }
};
worker.onerror = (e) => setStatus(`The worker failed: ${e.message}`);

const drop = $("#drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const file = e.dataTransfer.files[0];
  if (file) start(file, file.name);
});
$("#file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (file) start(file, file.name);
});
$("#check-paste").addEventListener("click", () => {
  start(new File([$("#paste").value], "pasted"), "");
});
$("#profile").addEventListener("change", () => {
  if (current) start(current.file, current.name);
});
$("#split").addEventListener("click", startSplit);
