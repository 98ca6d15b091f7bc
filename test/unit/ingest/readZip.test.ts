import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import {
  BoundedZipReader,
  listZip,
  ZipTooLargeError,
} from "../../../electron/engine/ingest/readZip";

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Rewrites every declared unpacked size (local and central headers), as a hostile file may. */
function lieAboutSizes(buf: Buffer, size: number): Buffer {
  const out = Buffer.from(buf);
  for (const e of listZip(out)) out.writeUInt32LE(size, e.localOffset + 22);
  for (let at = 0; at + 4 <= out.length; at++)
    if (out.readUInt32LE(at) === 0x02014b50) out.writeUInt32LE(size, at + 24);
  return out;
}

const limits = { maxEntryBytes: 1000, maxTotalBytes: 1500 };

describe("reading a zip within limits", () => {
  it("reads entries under the limits", async () => {
    const zip = new BoundedZipReader(await zipOf({ a: "x".repeat(900) }), limits);
    expect(zip.read("a")?.toString()).toBe("x".repeat(900));
    expect(zip.read("missing")).toBeNull();
  });

  it("refuses an entry whose declared size is over the limit", async () => {
    const zip = new BoundedZipReader(await zipOf({ a: "x".repeat(1001) }), limits);
    expect(() => zip.read("a")).toThrow(ZipTooLargeError);
  });

  it("stops inflating at the limit when the declared size lies", async () => {
    const buf = lieAboutSizes(await zipOf({ a: "x".repeat(100_000) }), 10);
    const zip = new BoundedZipReader(buf, limits);
    expect(listZip(buf)[0]?.uncompressedSize).toBe(10);
    expect(() => zip.read("a")).toThrow(/a unpacks to more than/);
  });

  it("counts the total across entries, however each one declares itself", async () => {
    const buf = lieAboutSizes(await zipOf({ a: "x".repeat(800), b: "y".repeat(800) }), 1);
    const zip = new BoundedZipReader(buf, limits);
    expect(zip.read("a")?.length).toBe(800);
    const e = (() => {
      try {
        zip.read("b");
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(ZipTooLargeError);
    expect((e as ZipTooLargeError).limit).toBe("total");
  });
});
