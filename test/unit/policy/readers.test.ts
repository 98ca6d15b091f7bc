import { describe, expect, it } from "vitest";
import * as plist from "plist";
import { parseRegQuery } from "../../../electron/main/policy/parseRegQuery";
import { readManagedPolicy } from "../../../electron/main/policy/readManagedPolicy";
import type {
  CommandRunner,
  FileOwnership,
  PolicyIo,
} from "../../../electron/main/policy/policyIo";

const hashA = "1".repeat(64);
const hashB = "2".repeat(64);

const hklmOutput = [
  "",
  "HKEY_LOCAL_MACHINE\\Software\\Policies\\Enclave\\Enclave",
  "    DisableExport    REG_DWORD    0x1",
  "    GpuBackend    REG_SZ    vulkan",
  `    AllowedModelHashes    REG_MULTI_SZ    ${hashA}\\0${hashB}`,
  "    ModelsDirectory    REG_EXPAND_SZ    %ProgramData%\\Enclave\\models",
  "    MaxImportFileSizeMB    REG_DWORD    0x1f4",
  "",
].join("\r\n");
const hkcuOutput = [
  "",
  "HKEY_CURRENT_USER\\Software\\Policies\\Enclave\\Enclave",
  "    GpuBackend    REG_SZ    cpu",
  "    LockSettings    REG_DWORD    0x0",
  "",
].join("\r\n");
const notFound = {
  code: 1,
  stdout: "",
  stderr: "ERROR: The system was unable to find the specified registry key or value.\r\n",
};

function registry(hklm: string | null, hkcu: string | null): CommandRunner {
  return (file, args) => {
    expect(file).toBe("reg");
    const out = args[1]?.startsWith("HKLM") ? hklm : hkcu;
    return Promise.resolve(out === null ? notFound : { code: 0, stdout: out, stderr: "" });
  };
}

function files(
  entries: Record<string, { bytes: Buffer | string; stat?: Partial<FileOwnership> }>,
  run?: CommandRunner,
): Partial<PolicyIo> {
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  return {
    readFile: (path) =>
      entries[path]
        ? Promise.resolve(Buffer.from(entries[path].bytes))
        : Promise.reject(missing(path)),
    stat: (path) => {
      const entry = entries[path];
      if (entry) return Promise.resolve({ uid: 0, mode: 0o100644, isFile: true, ...entry.stat });
      // Folders holding a fixture file exist, root-owned, 0755.
      if (Object.keys(entries).some((p) => p.startsWith(`${path}/`)))
        return Promise.resolve({ uid: 0, mode: 0o40755, isFile: false });
      return Promise.reject(missing(path));
    },
    run: run ?? (() => Promise.reject(new Error("no command expected"))),
  };
}

describe("reading `reg query` output", () => {
  it("parses strings, DWORDs, multi-strings and expandable strings", () => {
    const values = parseRegQuery(hklmOutput, { PROGRAMDATA: "C:\\ProgramData" });
    expect(values.get("DisableExport")).toEqual({ type: "REG_DWORD", value: 1 });
    expect(values.get("MaxImportFileSizeMB")?.value).toBe(500);
    expect(values.get("AllowedModelHashes")?.value).toEqual([hashA, hashB]);
    expect(values.get("ModelsDirectory")?.value).toBe("C:\\ProgramData\\Enclave\\models");
    expect(values.get("GpuBackend")?.value).toBe("vulkan");
  });

  it("keeps value names that contain spaces and empty strings", () => {
    const values = parseRegQuery(
      "HKEY_LOCAL_MACHINE\\X\r\n    Odd Name    REG_SZ    a b\r\n    Empty    REG_SZ    \r\n",
    );
    expect(values.get("Odd Name")?.value).toBe("a b");
    expect(values.get("Empty")?.value).toBe("");
  });
});

describe("managed policy on Windows", () => {
  it("applies HKLM over HKCU and marks the keys from both as managed", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: { run: registry(hklmOutput, hkcuOutput) },
      env: { ProgramData: "C:\\ProgramData" },
    });
    expect(policy.values.GpuBackend).toBe("vulkan");
    expect(policy.sources.GpuBackend).toBe("registry-hklm");
    expect(policy.values.LockSettings).toBe(false);
    expect(policy.sources.LockSettings).toBe("registry-hkcu");
    expect(policy.values.DisableExport).toBe(true);
    expect(policy.values.AllowedModelHashes).toEqual([hashA, hashB]);
    expect(policy.values.ModelsDirectory).toBe("C:\\ProgramData\\Enclave\\models");
    expect(policy.problems).toEqual([]);
  });

  it("uses the user key alone when no machine policy exists", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: { run: registry(null, hkcuOutput) },
    });
    expect(policy.values.GpuBackend).toBe("cpu");
    expect(policy.problems).toEqual([]);
  });

  it("reports a failing reg.exe instead of throwing", async () => {
    const run: CommandRunner = () =>
      Promise.resolve({ code: 5, stdout: "", stderr: "Access is denied." });
    const policy = await readManagedPolicy({ platform: "win32", io: { run } });
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems[0]?.message).toMatch(/Access is denied/);
  });

  it("fails closed on an invalid registry value", async () => {
    const out =
      "HKEY_LOCAL_MACHINE\\Software\\Policies\\Enclave\\Enclave\r\n    DisableExport    REG_SZ    sometimes\r\n";
    const policy = await readManagedPolicy({ platform: "win32", io: { run: registry(out, null) } });
    expect(policy.values.DisableExport).toBe(true);
    expect(policy.problems.map((p) => p.key)).toEqual(["DisableExport"]);
  });
});

describe("managed policy on macOS", () => {
  const machine = "/Library/Managed Preferences/com.enclave.app.plist";
  const user = "/Library/Managed Preferences/alice/com.enclave.app.plist";

  it("reads an XML plist, machine scope over user scope", async () => {
    const io = files({
      [machine]: {
        bytes: plist.build({
          DisableExport: true,
          AllowedModelHashes: [hashA],
          GpuBackend: "metal",
          PayloadUUID: "x",
        }),
      },
      [user]: { bytes: plist.build({ GpuBackend: "cpu", MaxImportFileSizeMB: 100 }) },
    });
    const policy = await readManagedPolicy({ platform: "darwin", io, userName: "alice" });
    expect(policy.values).toMatchObject({
      DisableExport: true,
      AllowedModelHashes: [hashA],
      GpuBackend: "metal",
      MaxImportFileSizeMB: 100,
    });
    expect(policy.problems).toEqual([]);
  });

  it("converts a binary plist with plutil", async () => {
    const calls: string[][] = [];
    const run: CommandRunner = (file, args) => {
      calls.push([file, ...args]);
      return Promise.resolve({ code: 0, stdout: plist.build({ LockSettings: true }), stderr: "" });
    };
    const io = files(
      { [machine]: { bytes: Buffer.concat([Buffer.from("bplist00"), Buffer.alloc(20)]) } },
      run,
    );
    const policy = await readManagedPolicy({ platform: "darwin", io });
    expect(calls).toEqual([["plutil", "-convert", "xml1", "-o", "-", machine]]);
    expect(policy.values.LockSettings).toBe(true);
  });

  it("reports an unreadable plist and applies nothing from it", async () => {
    const policy = await readManagedPolicy({
      platform: "darwin",
      io: files({ [machine]: { bytes: "<plist><dict><key>" } }),
    });
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems[0]?.key).toBe(machine);
  });
});

describe("managed policy on Linux", () => {
  const file = "/etc/enclave/policy.json";
  const json = JSON.stringify({ DisableExport: true, DataDirectory: "/srv/enclave" });

  it("applies a root-owned file that only root can write", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: json } }),
    });
    expect(policy.values.DisableExport).toBe(true);
    expect(policy.values.DataDirectory).toBe("/srv/enclave");
    expect(policy.sources.DataDirectory).toBe("policy-file");
  });

  it("ignores the file when it is not owned by root", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: json, stat: { uid: 1000 } } }),
    });
    expect(policy.managedKeys).toEqual([]);
    expect(policy.values.DisableExport).toBe(false);
    expect(policy.problems[0]?.message).toMatch(/not owned by root/);
  });

  it("ignores the file when group or others can write it", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: json, stat: { mode: 0o100666 } } }),
    });
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems[0]?.message).toMatch(/chmod go-w/);
  });

  it("ignores the file when its folder is writable by others", async () => {
    const io = files({ [file]: { bytes: json } });
    const stat = io.stat!;
    io.stat = (path) =>
      path === "/etc/enclave"
        ? Promise.resolve({ uid: 0, mode: 0o40777, isFile: false })
        : stat(path);
    const policy = await readManagedPolicy({ platform: "linux", io });
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems[0]?.message).toMatch(/\/etc\/enclave is ignored/);
  });

  it("treats a missing file as no policy, without a problem", async () => {
    const policy = await readManagedPolicy({ platform: "linux", io: files({}) });
    expect(policy).toMatchObject({ managedKeys: [], problems: [] });
  });

  it("reports malformed JSON and applies nothing", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: "{ DisableExport: true" } }),
    });
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems[0]?.message).toMatch(/not valid JSON/);
  });
});
