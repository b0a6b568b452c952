// The playground's worker: runs batchlint (WebAssembly) off the page's
// thread. Files are read here in blocks, synchronously (FileReaderSync), as
// the library's reader asks for them: the page stays responsive, and a
// check's memory stays bounded whatever the file's size.
import init, { check, profiles, split, version } from "./pkg/batchlint_wasm.js";

/** Bytes read per block. */
const BLOCK = 4 << 20;
/** Diagnostics drawn in full; the others are counted. */
const MAX_SHOWN = 1000;

const reader = new FileReaderSync();

/** Reads `file` from `start`, `BLOCK` bytes at most. */
function readBlock(file, start) {
  return new Uint8Array(reader.readAsArrayBuffer(file.slice(start, Math.min(start + BLOCK, file.size))));
}

function runCheck({ id, file, name, profile }) {
  let position = 0;
  const read = () => {
    const block = position < file.size ? readBlock(file, position) : new Uint8Array(0);
    position += block.length;
    postMessage({ id, type: "progress", done: position, total: file.size });
    return block;
  };
  const emit = (json) => postMessage({ id, type: "diagnostics", diagnostics: JSON.parse(json) });
  const result = JSON.parse(check(profile, name, MAX_SHOWN, read, emit));
  postMessage({ id, type: "checked", ...result });
}

function runSplit({ id, file, name, profile, prefix, rejects }) {
  // A split needs the whole input: its chunks are copied out of it.
  const input = new Uint8Array(file.size);
  for (let position = 0; position < file.size; ) {
    const block = readBlock(file, position);
    input.set(block, position);
    position += block.length;
    postMessage({ id, type: "progress", done: position, total: file.size });
  }
  const output = split(profile, name, input, prefix, rejects, MAX_SHOWN);
  const zip = output.zip;
  const report = JSON.parse(output.json);
  output.free();
  postMessage({ id, type: "split", ...report, zip }, [zip.buffer]);
}

const ready = init().then(() => {
  postMessage({ type: "ready", profiles: JSON.parse(profiles()), version: version() });
});

onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === "check") runCheck(data);
    else if (data.type === "split") runSplit(data);
  } catch (e) {
    postMessage({ id: data.id, type: "failed", message: String(e && e.message ? e.message : e) });
  }
};
