import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flipEnclaveFuses as afterPack } from "../../../resources/build/afterPack.mjs";
import { checkFuses } from "../../packaging/checkFuses";

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
  return bytes.subarray(at, at + 8).toString("latin1");
};
const context = (platform: string, productFilename = "Enclave") => ({
  electronPlatformName: platform,
  appOutDir: dir,
  arch: 1,
  packager: { appInfo: { productFilename }, executableName: "enclave" },
});

describe("the afterPack hook", () => {
  // Wire order: RunAsNode, CookieEncryption, NodeOptions, CliInspect, AsarIntegrity,
  // OnlyLoadAppFromAsar, V8Snapshot (left as it was), GrantFileProtocolExtraPrivileges.
  it("turns off run-as-node, NODE_OPTIONS, --inspect and file:// extra privileges, and forces loading from the asar", async () => {
    await writeFile(join(dir, "enclave"), fakeElectron());
    await afterPack(context("linux"));
    expect(await fuses(join(dir, "enclave"))).toBe("01000110");
  });

  it("also requires asar integrity on Windows", async () => {
    await writeFile(join(dir, "Enclave.exe"), fakeElectron());
    await afterPack(context("win32"));
    expect(await fuses(join(dir, "Enclave.exe"))).toBe("01001110");
  });

  it("flips the fuses in the Electron Framework on macOS, where the wire is", async () => {
    const app = join(dir, "Enclave.app", "Contents");
    const framework = join(app, "Frameworks", "Electron Framework.framework");
    await mkdir(join(app, "MacOS"), { recursive: true });
    await mkdir(framework, { recursive: true });
    // The app's own executable is a launcher without the wire, as in a real build.
    await writeFile(join(app, "MacOS", "Enclave"), "launcher without a fuse wire");
    await writeFile(join(framework, "Electron Framework"), fakeElectron());
    await afterPack(context("darwin"));
    expect(await fuses(join(framework, "Electron Framework"))).toBe("01001110");
  });

  it("fails the build when the binary has no fuse wire, rather than ship default fuses", async () => {
    const stub = "#!/bin/sh\necho stub\n";
    await writeFile(join(dir, "enclave"), stub);
    await chmod(join(dir, "enclave"), 0o755);
    await expect(afterPack(context("linux"))).rejects.toThrow(/no fuse wire in .*enclave/);
    expect(await readFile(join(dir, "enclave"), "utf8")).toBe(stub);
  });

  it("leaves fuses that the packaging check reads back as shipped, and the check names any that are not", async () => {
    const binary = join(dir, "enclave");
    await writeFile(binary, fakeElectron());
    expect(await checkFuses(binary, "linux")).toContain(
      "fuse RunAsNode is ENABLE, expected DISABLE",
    );
    await afterPack(context("linux"));
    expect(await checkFuses(binary, "linux")).toEqual([]);
  });
});
