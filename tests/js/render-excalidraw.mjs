// Draws an Excalidraw board the way Excalidraw draws it, to look at (not used by any test).
//
// Usage (from tests/js/):
//   node render-excalidraw.mjs BOARD.excalidraw OUT.svg [--frames] [--png [WIDTH]] [--inline-fonts]
//
//   OUT.svg         the whole board, from Excalidraw's own `exportToSvg` (white background).
//   --frames        also one SVG per frame, OUT-frame1.svg, OUT-frame2.svg, ... (the frame and the
//                   elements whose frameId is that frame; the frame's name is drawn above it).
//   --png [WIDTH]   also a PNG next to every SVG (OUT.png, OUT-frame1.png, ...), WIDTH pixels wide
//                   (default 2000), with `rsvg-convert` (Debian: apt-get install librsvg2-bin).
//   --inline-fonts  embed the fonts' @font-face rules in the SVG, read from the npm package's
//                   dist/prod/fonts (no network). Off by default: rsvg-convert ignores @font-face and
//                   uses the system's fonts (fontconfig: Helvetica -> Liberation Sans), and the local
//                   fonts (Helvetica, mapbridge's font) are never embedded anyway. A browser showing
//                   the SVG does use them. If embedding fails, the SVG is written without them.
//
// Text is drawn as stored in the file (its line breaks, width and height): jsdom has no canvas, so
// nothing is measured, and Excalidraw is not asked to re-wrap it. The app may re-measure and re-wrap
// text inside shapes when a font finishes loading, so a line that overflows here may wrap there.
// The PNG is drawn with the system's fonts, so compare with the app for anything within a few px.
//
// Excalidraw runs under jsdom, bundled for Node first (excalidraw-node.mjs).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installDom, loadExcalidraw } from "./excalidraw-node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const positional = [];
let pngWidth = null;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === "--png") {
    pngWidth = /^\d+$/.test(args[i + 1] ?? "") ? Number(args[(i += 1)]) : 2000;
  } else if (!args[i].startsWith("--")) {
    positional.push(args[i]);
  }
}
const known = new Set(["--frames", "--png", "--inline-fonts"]);
const unknown = [...flags].filter((f) => !known.has(f));
if (positional.length !== 2 || unknown.length) {
  process.stderr.write(
    "usage: node render-excalidraw.mjs BOARD.excalidraw OUT.svg [--frames] [--png [WIDTH]] [--inline-fonts]\n",
  );
  process.exit(2);
}
const [boardPath, svgPath] = positional;

installDom();
// Font files are asked for by URL (the asset path, else esm.sh): serve them from the npm package.
const fontRoot = join(here, "node_modules/@excalidraw/excalidraw/dist/prod/");
const assetBase = "http://excalidraw-assets.invalid/";
window.EXCALIDRAW_ASSET_PATH = assetBase;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof URL ? input.href : input?.url ?? input);
  const fonts = url.indexOf("/fonts/");
  if (url.startsWith(assetBase) || (url.includes("esm.sh") && fonts >= 0)) {
    const file = join(fontRoot, url.slice(fonts + 1).split(/[?#]/)[0]);
    return new Response(readFileSync(file), { status: 200, headers: { "Content-Type": "font/woff2" } });
  }
  return realFetch(input, init);
};

const { exportToSvg } = await loadExcalidraw(["exportToSvg"], here);

const scene = JSON.parse(readFileSync(boardPath, "utf8"));
const elements = (scene.elements ?? []).filter((e) => !e.isDeleted);
const appState = { exportBackground: true, viewBackgroundColor: "#ffffff" };

async function svgOf(subset) {
  const options = { elements: subset, appState, files: {} };
  if (flags.has("--inline-fonts")) {
    try {
      return (await exportToSvg(options)).outerHTML;
    } catch (error) {
      process.stderr.write(`fonts not embedded (${error?.message ?? error}); writing the SVG without them\n`);
    }
  }
  return (await exportToSvg({ ...options, skipInliningFonts: true })).outerHTML;
}

function write(path, svg) {
  writeFileSync(path, svg);
  const written = [path];
  if (pngWidth) {
    const png = path.replace(/\.svg$/i, "") + ".png";
    // Excalidraw's font lists end in "Segoe UI Emoji"; fontconfig maps it to Noto Color Emoji, and
    // Pango then draws the digits (emoji code points too) as wide emoji glyphs. A browser takes them
    // from the first font. Dropped for the PNG only; real emoji still fall back to an emoji font.
    const raster = svg.replace(/(font-family="[^"]*?),\s*Segoe UI Emoji"/g, '$1"');
    try {
      execFileSync("rsvg-convert", ["--width", String(pngWidth), "--keep-aspect-ratio", "-o", png], { input: raster });
      written.push(png);
    } catch (error) {
      process.stderr.write(`no PNG for ${path}: rsvg-convert failed (${error.code ?? error.message}); apt-get install librsvg2-bin\n`);
    }
  }
  process.stdout.write(`wrote ${written.join(", ")}\n`);
}

write(svgPath, await svgOf(elements));
if (flags.has("--frames")) {
  const frames = elements.filter((e) => e.type === "frame" || e.type === "magicframe");
  const stem = svgPath.replace(/\.svg$/i, "");
  for (const [index, frame] of frames.entries()) {
    const subset = elements.filter((e) => e.id === frame.id || e.frameId === frame.id);
    write(`${stem}-frame${index + 1}.svg`, await svgOf(subset));
  }
  const loose = elements.filter((e) => e.type !== "frame" && !e.frameId).length;
  if (loose) process.stderr.write(`${loose} element(s) outside any frame: only in ${svgPath}\n`);
}
