/** The `enclave` CLI obeys managed policy as the window does (runCli with injected OS facts). */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../../electron/cli/enclave";
import type { CliEngine, CliEngineOptions } from "../../../electron/cli/CliEngine";
import { readManagedPolicy } from "../../../electron/engine/policy/readManagedPolicy";
import { files } from "./policyFixtures";

const policyFile = "/etc/enclave/policy.json";

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    io: {
      stdout: sink((s) => (out += s)),
      stderr: sink((s) => (err += s)) as unknown as NodeJS.WriteStream,
    },
    out: () => out,
    err: () => err,
  };
}

/** An engine that lists no collection, recording where it was opened and with what. */
function recordingOpener(opened: { dataDir: string; options: CliEngineOptions }[]) {
  return (dataDir: string, options: CliEngineOptions): Promise<CliEngine> => {
    opened.push({ dataDir, options });
    return Promise.resolve({
      listCollections: () => Promise.resolve([]),
      guardRefusals: () => [],
      close: () => Promise.resolve(),
    } as unknown as CliEngine);
  };
}

const linuxPolicy = (json: string) => () =>
  readManagedPolicy({ platform: "linux", io: files({ [policyFile]: { bytes: json } }) });

describe("the enclave CLI under managed policy", () => {
  it("stops with a non-zero exit naming the file when root's policy.json is malformed", async () => {
    const { io, err } = capture();
    const opened: unknown[] = [];
    const code = await runCli(
      ["collections"],
      io,
      recordingOpener(opened as never),
      linuxPolicy('{ "DisableExport": tru'),
    );
    expect(code).toBe(78);
    expect(err()).toContain(policyFile);
    expect(err()).toMatch(/not valid JSON/);
    expect(opened).toEqual([]);
  });

  it("stops, naming the file and the key, on an invalid DataDirectory", async () => {
    const { io, err } = capture();
    const opened: { dataDir: string; options: CliEngineOptions }[] = [];
    const code = await runCli(
      ["collections"],
      io,
      recordingOpener(opened),
      linuxPolicy(JSON.stringify({ DataDirectory: "cases" })),
    );
    expect(code).not.toBe(0);
    expect(err()).toContain(`${policyFile}: DataDirectory`);
    expect(opened).toEqual([]);
  });

  it("opens the engine in the administrator's DataDirectory, with the policy", async () => {
    const { io } = capture();
    const opened: { dataDir: string; options: CliEngineOptions }[] = [];
    const code = await runCli(
      ["collections"],
      io,
      recordingOpener(opened),
      linuxPolicy(JSON.stringify({ DataDirectory: "/srv/enclave", DisableExport: true })),
    );
    expect(code).toBe(0);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.dataDir).toBe("/srv/enclave");
    expect(opened[0]?.options.policy.values.DisableExport).toBe(true);
  });

  it("refuses a --data-dir other than the administrator's DataDirectory", async () => {
    const { io, err } = capture();
    const opened: { dataDir: string; options: CliEngineOptions }[] = [];
    const code = await runCli(
      ["--data-dir", "/tmp/elsewhere", "collections"],
      io,
      recordingOpener(opened),
      linuxPolicy(JSON.stringify({ DataDirectory: "/srv/enclave" })),
    );
    expect(code).not.toBe(0);
    expect(err()).toMatch(/DataDirectory/);
    expect(opened).toEqual([]);
  });
});
