// Loads Excalidraw scenes with Excalidraw's own `restore` (the function the app runs on every file it
// opens). Input on stdin: a JSON list of scenes. Output: a JSON list of {elements, appState} as
// restored. tests/test_excalidraw.py compares them with what mapbridge wrote: an element that
// Excalidraw drops, or a field it has to repair, shows up as a difference.
//
// Excalidraw runs under jsdom, bundled for Node first (excalidraw-node.mjs).
import { installDom, loadExcalidraw } from "./excalidraw-node.mjs";

installDom();
const { restore } = await loadExcalidraw(["restore"], process.cwd());

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
