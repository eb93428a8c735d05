// Reads Mermaid diagrams with Mermaid's own parser. Input on stdin: a JSON list of diagram texts.
// Output on stdout: a JSON list, one {ok, type, title, sections, tasks, actors} or {ok: false, error}
// per diagram, so tests/test_mermaid.py can check both that Mermaid accepts the text and that it
// reads back the sections, tasks, scores and actors mapbridge meant.
import { JSDOM } from "jsdom";

// Mermaid's browser bundle touches DOM globals on import (DOMPurify, document): give it a jsdom window.
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const diagrams = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const text of diagrams) {
  try {
    await mermaid.parse(text); // throws on a syntax error
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const result = { ok: true, type: diagram.type };
    if (diagram.type === "journey") {
      result.title = db.getDiagramTitle();
      result.sections = [...db.getSections()]; // a copy: the next diagram clears the array in place
      result.tasks = db.getTasks().map((t) => ({
        section: t.section,
        task: t.task,
        score: t.score,
        people: t.people,
      }));
      result.actors = db.getActors();
    }
    results.push(result);
  } catch (error) {
    results.push({ ok: false, error: String(error && error.message ? error.message : error) });
  }
}
process.stdout.write(JSON.stringify(results));
