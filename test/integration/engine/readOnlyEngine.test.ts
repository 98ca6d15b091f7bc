import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyPolicy } from "../../../shared/policy";
import { Engine } from "../../../electron/engine/Engine";
import { ReadOnlyStoreError } from "../../../electron/engine/store/LanceStore";
import { DataFolderInUseError } from "../../../electron/engine/support/DataFolderLock";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-readonly-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an engine beside another on the same data folder", () => {
  it("a writer holds the lock until close; a second writer is refused; a reader reads and changes nothing", async () => {
    const dataDir = path.join(dir, "data");
    const file = path.join(dir, "note.md");
    writeFileSync(file, "# Valves\n\nTighten the flange bolts to forty newton metres.\n");
    const audited = emptyPolicy();
    audited.values.AuditLog = true;

    const writer = await Engine.create({ dataDir, policy: audited, lock: { command: "writer" } });
    const lockFile = path.join(dataDir, "enclave.lock");
    try {
      await writer.createCollection({ name: "manuals" });
      await writer.importPaths({ collection: "manuals", requestId: "r", paths: [file] });
      expect(existsSync(lockFile)).toBe(true);

      await expect(Engine.create({ dataDir, lock: { waitMs: 0 } })).rejects.toThrow(
        new RegExp(`in use by process ${process.pid} \\(writer\\)`),
      );
      await expect(Engine.create({ dataDir })).rejects.toBeInstanceOf(DataFolderInUseError);

      const reader = await Engine.create({ dataDir, access: "read", policy: audited });
      try {
        const hits = await reader.search({
          query: "flange bolts",
          collections: ["manuals"],
          limit: 5,
        });
        expect(hits[0]?.file).toBe("note.md");
        expect((await reader.collectDiagnostics()).audit).toBeNull();
        await expect(
          reader.importPaths({ collection: "manuals", requestId: "x", paths: [file] }),
        ).rejects.toThrow(ReadOnlyStoreError);
        await expect(reader.createCollection({ name: "other" })).rejects.toBeInstanceOf(
          ReadOnlyStoreError,
        );
        await expect(
          reader.ask({
            question: "bolts?",
            collection: "manuals",
            conversationId: null,
            requestId: "a",
          }),
        ).rejects.toBeInstanceOf(ReadOnlyStoreError);
      } finally {
        await reader.close();
      }
      expect(existsSync(lockFile)).toBe(true);
    } finally {
      await writer.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });
});
