/**
 * Signed packs under policy ManagedLibrariesPublicKey, and new versions of a pack: verified
 * beside the version in use and switched to only once they verify.
 */
import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Engine } from "../../../electron/engine/Engine";
import { verifyPack } from "../../../electron/engine/packs/verifyPack";
import { resolvePolicy } from "../../../shared/policy";
import type { CollectionInfo } from "../../../shared/types";
import { makePdf } from "../../fixtures/documents/makePdf";
import { makePumpManual } from "../../fixtures/documents/pumpManual";
import { cli, lastJson } from "./packHelpers";

let dir: string;
let server: string;
let laptop: string;
const keys = (type: "ed25519" | "rsa"): { pub: string; priv: string } => {
  const pair =
    type === "ed25519"
      ? generateKeyPairSync("ed25519")
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pub = path.join(dir, `${type}-${Math.random().toString(36).slice(2)}.pub.pem`);
  const priv = `${pub.slice(0, -8)}.key.pem`;
  writeFileSync(pub, pair.publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(priv, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  return { pub, priv };
};
const build = (out: string, ...extra: string[]) =>
  cli({ dataDir: server }, "pack", "build", "--collection", "Manuals", "--out", out, ...extra);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-pack-versions-"));
  server = path.join(dir, "server");
  laptop = path.join(dir, "laptop");
  writeFileSync(path.join(dir, "pump.pdf"), await makePumpManual());
  writeFileSync(
    path.join(dir, "impeller.pdf"),
    await makePdf({
      pages: [
        { heading: "Impeller", lines: ["Inspect the impeller blades for cavitation pitting."] },
      ],
    }),
  );
  const run = await cli(
    { dataDir: server },
    "import",
    path.join(dir, "pump.pdf"),
    "--collection",
    "Manuals",
  );
  expect(run.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("signatures under policy ManagedLibrariesPublicKey", () => {
  it("uses a pack signed with IT's key and refuses an unsigned one or one signed with another key", async () => {
    const it1 = keys("ed25519");
    const stranger = keys("ed25519");
    for (const [name, args] of [
      ["unsigned", []],
      ["stranger", ["--sign-key", stranger.priv]],
      ["signed", ["--sign-key", it1.priv]],
    ] as const) {
      const folder = path.join(dir, `managed-${name}`);
      mkdirSync(folder);
      expect((await build(path.join(folder, "pack"), "--version", "1", ...args)).code).toBe(0);
    }
    const search = (name: string) =>
      cli(
        {
          dataDir: laptop,
          policy: {
            ManagedLibrariesDirectory: path.join(dir, `managed-${name}`),
            ManagedLibrariesPublicKey: it1.pub,
          },
        },
        "search",
        "hydraulic oil filter",
        "--collection",
        "Manuals",
        "--json",
      );
    const unsigned = await search("unsigned");
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toMatch(/is not signed \(no manifest\.sig\)/);
    const wrong = await search("stranger");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/manifest\.sig is not a valid signature of manifest\.json/);
    expect(lastJson<{ results: { file: string }[] }>(await search("signed")).results[0]?.file).toBe(
      "pump.pdf",
    );
    // Without the policy key, the unsigned pack is used.
    const open = await cli(
      {
        dataDir: laptop,
        policy: { ManagedLibrariesDirectory: path.join(dir, "managed-unsigned") },
      },
      "search",
      "hydraulic oil filter",
      "--collection",
      "Manuals",
      "--json",
    );
    expect(lastJson<{ results: { file: string }[] }>(open).results[0]?.file).toBe("pump.pdf");
  });

  it("checks RSA signatures too, and a signed manifest changed by one byte fails its signature", async () => {
    const rsa = keys("rsa");
    const out = path.join(dir, "rsa-pack");
    expect((await build(out, "--sign-key", rsa.priv)).code).toBe(0);
    const publicKey = readFileSync(rsa.pub, "utf8");
    await expect(verifyPack(out, { publicKey })).resolves.toMatchObject({ signed: true });
    const manifest = path.join(out, "manifest.json");
    writeFileSync(
      manifest,
      readFileSync(manifest, "utf8").replace(/"createdBy": "./, (m) => m.slice(0, -1) + "X"),
    );
    await expect(verifyPack(out, { publicKey })).rejects.toThrow(
      /manifest\.sig is not a valid signature/,
    );
  });
});

describe("a new version of a pack", () => {
  it("is switched to only once it verifies; until then the previous version keeps answering", async () => {
    const managed = path.join(dir, "managed-versions");
    mkdirSync(managed);
    expect((await build(path.join(managed, "manuals-v1"), "--version", "1")).code).toBe(0);
    const lines: string[] = [];
    const engine = await Engine.create({
      dataDir: laptop,
      policy: resolvePolicy({ ManagedLibrariesDirectory: managed }, "policy-file"),
      log: (line) => lines.push(line),
    });
    const version = async (): Promise<number | undefined> =>
      (await engine.listCollections()).find((c: CollectionInfo) => c.name === "Manuals")?.managed
        ?.version;
    const find = async (q: string): Promise<string[]> =>
      (await engine.search({ query: q, collections: ["Manuals"], limit: 5 })).map((h) => h.file);
    try {
      expect(await version()).toBe(1);
      expect(await find("impeller cavitation")).toEqual([]);

      // Version 2 holds one more document; it reaches the folder damaged (a copy in progress).
      const imported = await cli(
        { dataDir: server },
        "import",
        path.join(dir, "impeller.pdf"),
        "--collection",
        "Manuals",
      );
      expect(imported.code).toBe(0);
      const staging = path.join(dir, "staging-v2");
      expect((await build(staging, "--version", "2")).code).toBe(0);
      const v2 = path.join(managed, "manuals-v2");
      cpSync(staging, v2, { recursive: true });
      const doc = (
        JSON.parse(readFileSync(path.join(v2, "manifest.json"), "utf8")) as {
          files: { path: string }[];
        }
      ).files.find((f) => f.path.startsWith("documents/"));
      const damaged = path.join(v2, doc?.path ?? "");
      const good = readFileSync(damaged);
      writeFileSync(damaged, good.subarray(0, good.length - 1));

      await vi.waitFor(async () => {
        await version();
        expect(lines.join("\n")).toContain(`${doc?.path ?? ""} has`);
      });
      expect(await version()).toBe(1);
      expect(await find("hydraulic oil filter")).toContain("pump.pdf");

      // The copy completes: the next look verifies version 2 and switches to it.
      writeFileSync(damaged, good);
      await vi.waitFor(async () => expect(await version()).toBe(2));
      expect(await find("impeller cavitation")).toContain("impeller.pdf");
      expect(lines.join("\n")).toMatch(/updated to version 2 \(from 1\)/);
    } finally {
      await engine.close();
    }
  });
});
