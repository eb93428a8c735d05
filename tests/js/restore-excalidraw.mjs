// Loads Excalidraw scenes with Excalidraw's own `restore` (the function the app runs on every file it
// opens). Input on stdin: a JSON list of scenes. Output: a JSON list of {elements, appState} as
// restored. tests/test_excalidraw.py compares them with what mapbridge wrote: an element that
// Excalidraw drops, or a field it has to repair, shows up as a difference.
//
// The npm package targets bundlers (extensionless imports, CSS and font imports), so it is bundled
// for Node with esbuild first (about a second), into a temporary folder.
import { build } from "esbuild";
import { JSDOM } from "jsdom";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dom = new JSDOM("<!doctype html><html><body></body></html>", {
  pretendToBeVisual: true,
  url: "http://localhost/",
});
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in globalThis)) {
    try { globalThis[key] = dom.window[key]; } catch { /* read-only global */ }
  }
}
globalThis.window = dom.window;
globalThis.document = dom.window.document;
// jsdom has no canvas: text measuring gets a plain monospace-like estimate, enough for restore.
dom.window.HTMLCanvasElement.prototype.getContext = function getContext() {
  const context = {
    filter: "none",
    font: "16px sans-serif",
    measureText: (text) => ({ width: String(text).length * 8, actualBoundingBoxAscent: 12, actualBoundingBoxDescent: 4 }),
  };
  return new Proxy(context, {
    get: (target, key) => (key in target ? target[key] : () => {}),
    set: (target, key, value) => { target[key] = value; return true; },
  });
};
globalThis.FontFace = class FontFace {
  constructor(family) { this.family = family; this.status = "loaded"; }
  load() { return Promise.resolve(this); }
};
Object.defineProperty(document, "fonts", {
  value: {
    add() {}, delete() {}, check: () => true, load: async () => [], forEach() {},
    addEventListener() {}, ready: Promise.resolve(), [Symbol.iterator]: function* fonts() {},
  },
});

const folder = mkdtempSync(join(tmpdir(), "mapbridge-excalidraw-"));
const bundle = join(folder, "excalidraw.mjs");
await build({
  stdin: { contents: 'export { restore } from "@excalidraw/excalidraw";', resolveDir: process.cwd() },
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: bundle,
  logLevel: "error",
  define: { "process.env.NODE_ENV": '"production"' },
  loader: { ".css": "empty", ".woff2": "empty", ".ttf": "empty" },
});
const { restore } = await import(pathToFileURL(bundle).href);
rmSync(folder, { recursive: true, force: true }); // loaded: the 14 MB bundle is not needed any more

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const scenes = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = scenes.map((scene) => {
  const restored = restore(scene, null, null, { repairBindings: true, refreshDimensions: false });
  return {
    elements: restored.elements,
    appState: { viewBackgroundColor: restored.appState.viewBackgroundColor },
  };
});
process.stdout.write(JSON.stringify(results));
