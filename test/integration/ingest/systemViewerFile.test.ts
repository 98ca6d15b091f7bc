import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { makePdf } from "../../fixtures/documents/makePdf";

let dir: string;
let engine: Engine;
const file = (name: string): string => path.join(dir, "docs", name);

async function importOne(name: string, bytes: Uint8Array | string): Promise<string> {
  writeFileSync(file(name), bytes);
  const report = await engine.importPaths({
    collection: "c",
    requestId: name,
    paths: [file(name)],
  });
  const id = report.results[0]?.documentId;
  if (id === undefined) throw new Error(`${name} did not import: ${JSON.stringify(report)}`);
  return id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-viewer-"));
  writeFileSync(path.join(dir, "elsewhere.txt"), "not what was imported");
  mkdirSync(file(""));
  engine = await Engine.create({ dataDir: path.join(dir, "data") });
  await engine.createCollection({ name: "c" });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the file handed to the system viewer", () => {
  it("is the original PDF while it still holds the imported bytes", async () => {
    const id = await importOne(
      "manual.pdf",
      await makePdf({ pages: [{ lines: ["Replace the filter every 250 hours."] }] }),
    );
    expect(await engine.getDocumentPath({ documentId: id })).toBe(file("manual.pdf"));
  });

  it("is refused once the file was replaced, or swapped for a link to another file", async () => {
    const id = await importOne("notes.txt", "Notes about the pump, long enough to be text.");
    writeFileSync(file("notes.txt"), "Something else now.");
    await expect(engine.getDocumentPath({ documentId: id })).rejects.toMatchObject({
      code: "DOCUMENT_CHANGED",
    });
    const id2 = await importOne("linked.pdf", await makePdf({ pages: [{ lines: ["Linked."] }] }));
    rmSync(file("linked.pdf"));
    symlinkSync(path.join(dir, "elsewhere.txt"), file("linked.pdf"));
    await expect(engine.getDocumentPath({ documentId: id2 })).rejects.toMatchObject({
      code: "DOCUMENT_CHANGED",
    });
  });

  it("is a read-only text copy for HTML, and for text whose name would launch a program", async () => {
    const html =
      "<!doctype html><html><body><h1>Page</h1><script>fetch('https://x')</script><p>Body text.</p></body></html>";
    const id = await importOne("page.html", html);
    const opened = await engine.getDocumentPath({ documentId: id });
    expect(opened.endsWith("page.html.txt")).toBe(true);
    expect(readFileSync(opened, "utf8")).toBe(html);
    expect(statSync(opened).mode & 0o222).toBe(0);
    const bat = await importOne("run.bat", "echo this text was imported as a plain text file");
    expect((await engine.getDocumentPath({ documentId: bat })).endsWith("run.bat.txt")).toBe(true);
  });

  describe("the bytes the in-app viewer shows", () => {
    it("are the imported bytes, and are refused once the file changed", async () => {
      const bytes = await makePdf({ pages: [{ lines: ["Torque the bolts to 40 Nm."] }] });
      const id = await importOne("torque.pdf", bytes);
      expect(Buffer.from(await engine.getDocumentBytes({ documentId: id }))).toEqual(
        Buffer.from(bytes),
      );
      writeFileSync(file("torque.pdf"), await makePdf({ pages: [{ lines: ["Something else."] }] }));
      await expect(engine.getDocumentBytes({ documentId: id })).rejects.toMatchObject({
        code: "DOCUMENT_CHANGED",
      });
    });
  });
});
