// Excalidraw's own code, run in Node: a jsdom window standing in for the browser, then the npm
// package bundled with esbuild (it targets bundlers: extensionless imports, CSS and font imports)
// into a temporary folder and imported. Shared by restore-excalidraw.mjs and render-excalidraw.mjs.
import { build } from "esbuild";
import { JSDOM } from "jsdom";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Installs a jsdom window as the globals Excalidraw expects; returns it. */
export function installDom() {
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
  // jsdom has no canvas: text measuring gets a plain monospace-like estimate, enough for restore
  // and for exporting (which draws stored text as it is).
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
    constructor(family, source, descriptors = {}) {
      this.family = family; this.status = "loaded"; this.unicodeRange = descriptors.unicodeRange ?? "U+0-10FFFF";
      Object.assign(this, { style: "normal", weight: "400", display: "swap" }, descriptors);
    }
    load() { return Promise.resolve(this); }
  };
  Object.defineProperty(document, "fonts", {
    value: {
      add() {}, delete() {}, has: () => true, check: () => true, load: async () => [], forEach() {},
      addEventListener() {}, ready: Promise.resolve(), [Symbol.iterator]: function* fonts() {},
    },
  });
  return dom;
}

/** The named exports of @excalidraw/excalidraw, bundled for Node from `resolveDir` (about a second). */
export async function loadExcalidraw(names, resolveDir) {
  const folder = mkdtempSync(join(tmpdir(), "mapbridge-excalidraw-"));
  const bundle = join(folder, "excalidraw.mjs");
  try {
    await build({
      stdin: { contents: `export { ${names.join(", ")} } from "@excalidraw/excalidraw";`, resolveDir },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: bundle,
      logLevel: "error",
      define: { "process.env.NODE_ENV": '"production"' },
      loader: { ".css": "empty", ".woff2": "empty", ".ttf": "empty" },
    });
    return await import(pathToFileURL(bundle).href);
  } finally {
    rmSync(folder, { recursive: true, force: true }); // loaded: the 14 MB bundle is not needed any more
  }
}
