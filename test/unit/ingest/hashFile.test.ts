import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashFile } from "../../../electron/engine/ingest/hashFile";

const dir = mkdtempSync(path.join(os.tmpdir(), "enclave-hash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

describe("a document's identity (SHA-256 of its bytes)", () => {
  it.each([
    ["an empty file", 0],
    ["a one-paragraph note", 180],
    ["a file of exactly one read piece", 1 << 20],
    ["a file read in several pieces", (5 << 20) / 2 + 7],
  ])("is the hash of every byte of %s", async (_name, size) => {
    const bytes = randomBytes(size);
    const file = path.join(dir, `f-${size}`);
    writeFileSync(file, bytes);
    expect(await hashFile(file)).toBe(sha256(bytes));
  });

  it("differs when one byte changes", async () => {
    const bytes = randomBytes(3000);
    const file = path.join(dir, "changed");
    writeFileSync(file, bytes);
    const before = await hashFile(file);
    bytes[2999] = (bytes[2999] as number) ^ 1;
    writeFileSync(file, bytes);
    expect(await hashFile(file)).not.toBe(before);
  });

  it("fails for a missing file, naming it", async () => {
    await expect(hashFile(path.join(dir, "gone.md"))).rejects.toThrow(/gone\.md/);
  });
});
