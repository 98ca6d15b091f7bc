import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import afterPack from "../../../resources/build/afterPack.mjs";

const SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "enclave-fuses-"));
  vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** A file laid out like Electron's fuse wire: sentinel, version 1, 8 fuses all enabled ('1'). */
function fakeElectron(): Buffer {
  return Buffer.concat([
    Buffer.from("\x7fELF padding "),
    Buffer.from(SENTINEL),
    Buffer.from([1, 8]),
    Buffer.from("11111111"),
    Buffer.from(" tail"),
  ]);
}
const fuses = async (file: string): Promise<string> => {
  const bytes = await readFile(file);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
  return bytes.subarray(at, at + 6).toString("latin1");
};
const context = (platform: string, productFilename = "Enclave") => ({
  electronPlatformName: platform,
  appOutDir: dir,
  arch: 1,
  packager: { appInfo: { productFilename }, executableName: "enclave" },
});

describe("the afterPack hook", () => {
  it("turns off run-as-node, NODE_OPTIONS and --inspect and forces loading from the asar", async () => {
    await writeFile(join(dir, "enclave"), fakeElectron());
    await afterPack(context("linux"));
    // Order: RunAsNode, CookieEncryption, NodeOptions, CliInspect, AsarIntegrity, OnlyLoadAppFromAsar.
    expect(await fuses(join(dir, "enclave"))).toBe("010001");
  });

  it("also requires asar integrity on Windows", async () => {
    await writeFile(join(dir, "Enclave.exe"), fakeElectron());
    await afterPack(context("win32"));
    expect(await fuses(join(dir, "Enclave.exe"))).toBe("010011");
  });

  it("leaves a stub binary without a fuse wire untouched", async () => {
    const stub = "#!/bin/sh\necho stub\n";
    await writeFile(join(dir, "enclave"), stub);
    await chmod(join(dir, "enclave"), 0o755);
    await afterPack(context("linux"));
    expect(await readFile(join(dir, "enclave"), "utf8")).toBe(stub);
  });
});
