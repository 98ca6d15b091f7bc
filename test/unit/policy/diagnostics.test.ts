import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  collectDiagnostics,
  redactLogLine,
  writeDiagnostics,
} from "../../../electron/engine/diagnostics";
import { resolvePolicy } from "../../../shared/policy";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "enclave-diag-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const secret = "The suspect met the informant at Pier 39 on 4 March";
const secretTitle = "Operation Nightjar witness statements";

describe("the diagnostics bundle", () => {
  it("carries versions, settings and the effective policy but no document text", async () => {
    await mkdir(join(dataDir, "settings"), { recursive: true });
    await mkdir(join(dataDir, "store", "chunks.lance"), { recursive: true });
    await mkdir(join(dataDir, "logs"), { recursive: true });
    await mkdir(join(dataDir, "models"), { recursive: true });
    await writeFile(join(dataDir, "store", "chunks.lance", "data.txt"), `${secret}\n`);
    await writeFile(
      join(dataDir, "settings", "app.json"),
      JSON.stringify({
        theme: "dark",
        lastQuestion: `${secret}. ${secret}. ${secret}.`,
        recentTitles: [secretTitle],
      }),
    );
    await writeFile(
      join(dataDir, "logs", "main.log"),
      [
        "2026-01-01T00:00:00Z INFO started",
        `2026-01-01T00:00:01Z ERROR could not import "${secretTitle}.pdf": page 3 text '${secret}'`,
      ].join("\n"),
    );
    await writeFile(join(dataDir, "models", "chat.gguf"), "GGUF");
    const policy = resolvePolicy({ DisableExport: "bogus", GpuBackend: "cpu" }, "policy-file");
    const bundle = await collectDiagnostics({
      dataDir,
      appVersion: "0.1.0",
      policy,
      modelFolders: [{ path: join(dataDir, "models"), source: "user" }],
    });
    const file = join(dataDir, "diagnostics.json");
    await writeDiagnostics(bundle, file);
    const text = await readFile(file, "utf8");

    expect(text).not.toContain(secret);
    expect(text).not.toContain("Pier 39");
    expect(bundle.appVersion).toBe("0.1.0");
    expect(bundle.versions.node).toBe(process.versions.node);
    expect(bundle.settings["app.json"]).toMatchObject({
      theme: "dark",
      lastQuestion: expect.stringMatching(/^\[omitted/) as unknown,
    });
    expect(bundle.policy.values.DisableExport).toBe(true);
    expect(bundle.policy.problems.map((p) => p.key)).toEqual(["DisableExport"]);
    expect(bundle.models[0]?.files).toEqual([{ file: "chat.gguf", bytes: 4 }]);
    expect(bundle.dataDir.folders.store).toBeGreaterThan(0);
    expect(bundle.logs["main.log"]?.[1]).toMatch(/ERROR could not import "\[redacted\]"/);
  });

  it("redacts quoted text in log lines and caps their length", () => {
    expect(redactLogLine(`WARN search for "${secret}" took 9 s`)).toBe(
      'WARN search for "[redacted]" took 9 s',
    );
    expect(redactLogLine("x".repeat(1000))).toHaveLength(300);
  });
});
