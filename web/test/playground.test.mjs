// The playground in a real browser (headless Chromium, driven by
// puppeteer-core): the page built by web/build.sh is served from a local
// static server, files are dropped on it and split, and what it shows is
// compared with what the command line prints for the same files. Nothing
// may be requested once the page has loaded.
//
// Run by web/test/run.sh. Environment: CHROMIUM (the browser, default
// /usr/bin/chromium), BATCHLINT (the command line, default
// target/debug/batchlint), PLAYGROUND_DIST (default web/dist).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const dist = resolve(process.env.PLAYGROUND_DIST || join(root, "web/dist"));
const cli = resolve(process.env.BATCHLINT || join(root, "target/debug/batchlint"));
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "playground-test-"));

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Every request the static server answered, in order. */
const served = [];
let server;
let browser;
let page;
let base;
/** Requests the browser made (page and worker) once the page was ready. */
const late = [];
let ready = false;
/** How many requests the server had answered when the page was ready. */
let servedAtReady = 0;

before(async () => {
  assert.ok(existsSync(join(dist, "index.html")), `${dist}/index.html is missing: run web/build.sh first`);
  assert.ok(existsSync(cli), `${cli} is missing: run cargo build first`);
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    served.push(path);
    const file = resolve(dist, `.${path === "/" ? "/index.html" : path}`);
    if (!file.startsWith(dist) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // Root in CI: Chromium's sandbox needs an unprivileged user.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
  });
  page = await browser.newPage();
  page.on("request", (request) => {
    if (ready) late.push(request.url());
  });
  page.on("pageerror", (error) => console.error("page error:", error));
  // Downloads (the zip) go to a folder of ours.
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: join(work, "downloads") });
  await page.goto(base, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  ready = true;
  servedAtReady = served.length;
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the command line in `cwd`; its stdout, whatever its exit status. */
function batchlint(args, cwd = root) {
  const run = spawnSync(cli, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.ok(run.status === 0 || run.status === 1, `batchlint ${args.join(" ")}: ${run.status}\n${run.stderr}`);
  return run;
}

/** Drops a file with `name` and `content` on the page, as a drag and drop does. */
async function dropFile(name, content) {
  const before = await page.evaluate(() => document.body.dataset.checked || "");
  await page.evaluate(
    (name, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name));
      const drop = document.querySelector("#drop");
      drop.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      drop.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    name,
    Buffer.from(content).toString("base64"),
  );
  await page.waitForFunction((b) => (document.body.dataset.checked || "") !== b, { timeout: 120_000 }, before);
}

/** The diagnostics the page shows. */
function shownDiagnostics() {
  return page.$$eval("#diagnostics li", (items) =>
    items.map((li) => ({
      code: li.dataset.code,
      line: Number(li.dataset.line),
      column: Number(li.dataset.column),
      severity: li.dataset.severity,
      text: li.innerText,
    })),
  );
}

/** What `check --format json` finds in `path` with `profile`. */
function cliDiagnostics(path, profile = "sync") {
  const run = batchlint(["check", "--profile", profile, "--format", "json", path]);
  return JSON.parse(run.stdout).files[0].diagnostics;
}

/** Splits on the page and waits for the plan (or the refusal). */
async function splitOnPage({ rejects = false } = {}) {
  const before = await page.evaluate(() => document.body.dataset.split || "");
  await page.$eval("#rejects", (box, on) => (box.checked = on), rejects);
  await page.click("#split");
  await page.waitForFunction(
    (b) => (document.body.dataset.split || "") !== b || document.body.dataset.failed,
    { timeout: 120_000 },
    before,
  );
  assert.equal(await page.evaluate(() => document.body.dataset.failed), undefined);
  return page.$$eval("#plan tbody tr", (rows) =>
    rows.map((r) => ({
      file: r.dataset.file,
      records: Number(r.dataset.records),
      first_line: Number(r.dataset.firstLine),
      last_line: Number(r.dataset.lastLine),
    })),
  );
}

/** Downloads the split's zip and returns its files: name → bytes. */
async function downloadZip() {
  const folder = join(work, "downloads");
  rmSync(folder, { recursive: true, force: true });
  await page.click("#download");
  const name = await page.$eval("#download", (a) => a.download);
  const zip = join(folder, name);
  for (let i = 0; i < 200 && !existsSync(zip); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(zip), `no ${name} downloaded`);
  const out = join(work, "unzipped");
  rmSync(out, { recursive: true, force: true });
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, out]);
  return Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
}

/** 1,001 clean sync records (testdata/valid/sync-20.jsonl, the ids renumbered). */
function thousandAndOne() {
  const lines = readFileSync(join(root, "testdata/valid/sync-20.jsonl"), "utf8").trim().split("\n");
  const out = [];
  for (let i = 0; i < 1001; i++) {
    const id = `req-${String(i + 1).padStart(4, "0")}`;
    out.push(lines[i % lines.length].replace(/"request_id":"[^"]*"/, `"request_id":"${id}"`));
  }
  return out.join("\n") + "\n";
}

test("the bundled example: the same diagnostics and summary as the command line", async () => {
  const path = "testdata/examples/requests.jsonl";
  await dropFile("requests.jsonl", readFileSync(join(root, path)));
  const shown = await shownDiagnostics();
  const expected = cliDiagnostics(path);
  assert.ok(expected.length > 0);
  assert.deepEqual(
    shown.map(({ code, line, column, severity }) => ({ code, line, column, severity })),
    expected.map(({ code, line, column, severity }) => ({ code, line, column, severity })),
  );
  // Each shows its message, its help, and its place as `path:line:column`.
  for (const [d, e] of shown.map((d, i) => [d, expected[i]])) {
    assert.ok(d.text.includes(e.message), `${d.text} lacks ${e.message}`);
    if (e.help) assert.ok(d.text.includes(`help: ${e.help}`), `${d.text} lacks ${e.help}`);
    assert.ok(d.text.includes(`[requests.jsonl:${e.line}:${e.column}]`), d.text);
  }
  // The span is marked: BL203 on line 6 marks the misspelt model.
  const marked = await page.$$eval("#diagnostics li[data-line='6'] mark", (m) => m.map((x) => x.textContent));
  assert.deepEqual(marked, ['"lipsync2-pro"']);
  // The summary line, as the command line ends.
  const concise = batchlint(["check", "--format", "concise", path]).stdout.trim().split("\n");
  assert.equal(await page.$eval("#summary", (s) => s.textContent), concise.at(-1));
  // A click on a diagnostic shows its whole line.
  await page.click("#diagnostics li[data-line='6']");
  await page.waitForFunction(() => !document.querySelector("#line-view").hidden && document.querySelector("#line-text mark"));
  const line6 = readFileSync(join(root, path), "utf8").split("\n")[5];
  assert.equal(await page.$eval("#line-text", (t) => t.textContent), line6);
});

test("every built-in profile is offered, and a profile change checks again", async () => {
  const offered = await page.$$eval("#profile option", (o) => o.map((x) => x.value));
  // `batchlint profiles`: a header, one profile a line (its name first), a blank line, a note.
  const table = batchlint(["profiles"]).stdout.split("\n\n")[0].trim().split("\n").slice(1);
  const names = table.map((l) => l.split(/\s+/)[0]);
  assert.ok(names.includes("sync") && names.length > 5, names.join(" "));
  assert.deepEqual(offered.toSorted(), names.toSorted());
  const before = await page.evaluate(() => document.body.dataset.checked);
  await page.select("#profile", "openai");
  await page.waitForFunction((b) => document.body.dataset.checked !== b, {}, before);
  const shown = await shownDiagnostics();
  const expected = cliDiagnostics("testdata/examples/requests.jsonl", "openai");
  assert.deepEqual(
    shown.map(({ code, line, column }) => ({ code, line, column })),
    expected.map(({ code, line, column }) => ({ code, line, column })),
  );
  const again = await page.evaluate(() => document.body.dataset.checked);
  await page.select("#profile", "sync");
  await page.waitForFunction((b) => document.body.dataset.checked !== b, {}, again);
});

test("the bundled example is refused a split as the command line refuses it", async () => {
  const dir = mkdtempSync(join(work, "refused-"));
  writeFileSync(join(dir, "requests.jsonl"), readFileSync(join(root, "testdata/examples/requests.jsonl")));
  await dropFile("requests.jsonl", readFileSync(join(dir, "requests.jsonl")));
  // Without rejects: the same count of records with errors.
  await splitOnPage();
  const refused = await page.$eval("#split-status", (s) => s.textContent);
  const cliRefusal = batchlint(["split", "requests.jsonl", "-o", "out"], dir).stderr.trim().split("\n").at(-1);
  assert.match(cliRefusal, /^batchlint: 6 of 20 records have errors/);
  assert.ok(refused.startsWith("6 of 20 records have errors; nothing was written."), refused);
  // With rejects: too few records are left, which both say in the same words.
  await splitOnPage({ rejects: true });
  const infeasible = await page.$eval("#split-status", (s) => s.textContent);
  const cliInfeasible = batchlint(["split", "requests.jsonl", "-o", "out", "--rejects", "rejects.jsonl"], dir);
  assert.equal(`batchlint: ${infeasible}`, cliInfeasible.stderr.trim().split("\n").at(-1));
});

test("a file of 1,001 records: the same chunks and manifest as `batchlint split`", async () => {
  const dir = mkdtempSync(join(work, "split-"));
  const content = thousandAndOne();
  writeFileSync(join(dir, "big.jsonl"), content);
  // Chosen with the file picker this time.
  const picker = await page.$("#file");
  const before = await page.evaluate(() => document.body.dataset.checked);
  await picker.uploadFile(join(dir, "big.jsonl"));
  await page.waitForFunction((b) => document.body.dataset.checked !== b, { timeout: 120_000 }, before);
  // Too many records for one batch (BL402): what `split` is for.
  const shown = await shownDiagnostics();
  const expected = cliDiagnostics(join(dir, "big.jsonl"));
  assert.deepEqual(
    shown.map(({ code, line, column }) => ({ code, line, column })),
    expected.map(({ code, line, column }) => ({ code, line, column })),
  );
  assert.deepEqual(shown.map((d) => d.code), ["BL402"]);
  const summary = await page.$eval("#summary", (s) => s.textContent);
  const concise = batchlint(["check", "--format", "concise", "big.jsonl"], dir).stdout.trim().split("\n");
  assert.equal(summary, concise.at(-1));

  const plan = await splitOnPage();
  batchlint(["split", "big.jsonl", "-o", "out", "--no-sync"], dir);
  const manifest = JSON.parse(readFileSync(join(dir, "out/manifest.json"), "utf8"));
  assert.equal(manifest.chunks.length, 3);
  assert.deepEqual(
    plan,
    manifest.chunks.map(({ file, records, first_line, last_line }) => ({ file, records, first_line, last_line })),
  );
  const files = await downloadZip();
  assert.deepEqual(Object.keys(files).sort(), [...manifest.chunks.map((c) => c.file), "manifest.json"].sort());
  for (const name of Object.keys(files)) {
    assert.ok(files[name].equals(readFileSync(join(dir, "out", name))), `${name} differs from the command line's`);
  }
});

test("pasted lines are checked like a file without a name", async () => {
  const text = readFileSync(join(root, "testdata/examples/requests.jsonl"), "utf8");
  await page.$eval("#paste-box", (d) => (d.open = true));
  await page.$eval("#paste", (t, v) => (t.value = v), text);
  const before = await page.evaluate(() => document.body.dataset.checked);
  await page.click("#check-paste");
  await page.waitForFunction((b) => document.body.dataset.checked !== b, {}, before);
  const stdin = spawnSync(cli, ["check", "--format", "json", "-"], { input: text, encoding: "utf8" });
  const expected = JSON.parse(stdin.stdout).files[0].diagnostics;
  const shown = await shownDiagnostics();
  assert.deepEqual(
    shown.map(({ code, line, column }) => ({ code, line, column })),
    expected.map(({ code, line, column }) => ({ code, line, column })),
  );
});

test("nothing was requested after the page loaded", () => {
  assert.ok(served.includes("/pkg/batchlint_wasm_bg.wasm"), served.join(" "));
  assert.ok(served.includes("/worker.js"), served.join(" "));
  // Only blob: URLs (the zip offered for download) stay inside the browser.
  assert.deepEqual(late.filter((url) => !url.startsWith("blob:")), []);
  assert.deepEqual(served.slice(servedAtReady), []);
});
