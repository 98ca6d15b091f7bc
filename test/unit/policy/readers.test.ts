import { afterEach, describe, expect, it, vi } from "vitest";
import * as plist from "plist";
import { blockingProblems, describePolicyProblem } from "../../../shared/policy";
import { parseRegQuery } from "../../../electron/engine/policy/parseRegQuery";
import { readManagedPolicy } from "../../../electron/engine/policy/readManagedPolicy";
import type { CommandRunner, PolicyIo } from "../../../electron/engine/policy/policyIo";
import { systemRootFromModules } from "../../../electron/engine/policy/policyIo";
import { fakeRegistry, files, regExe, systemRoot } from "./policyFixtures";

const hashA = "1".repeat(64);
const hashB = "2".repeat(64);
const hklm = "HKLM\\Software\\Policies\\Enclave\\Enclave";
const hkcu = "HKCU\\Software\\Policies\\Enclave\\Enclave";

const hklmValues = [
  "DisableExport    REG_DWORD    0x1",
  "GpuBackend    REG_SZ    vulkan",
  `AllowedModelHashes    REG_MULTI_SZ    ${hashA}\\0${hashB}`,
  "ModelsDirectory    REG_EXPAND_SZ    %ProgramData%\\Enclave\\models",
  "MaxImportFileSizeMB    REG_DWORD    0x1f4",
];
const hkcuValues = ["GpuBackend    REG_SZ    cpu", "LockSettings    REG_DWORD    0x0"];

function windows(run: CommandRunner, root: string | null = systemRoot): Partial<PolicyIo> {
  return { run, windowsSystemRoot: () => root };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("reading `reg query` output", () => {
  it("parses strings, DWORDs and multi-strings, and leaves expandable strings as written", () => {
    const output = [
      "",
      `HKEY_LOCAL_MACHINE\\${hklm.slice(5)}`,
      ...hklmValues.map((l) => `    ${l}`),
    ];
    const values = parseRegQuery(output.join("\r\n"));
    expect(values.get("DisableExport")).toEqual({ type: "REG_DWORD", value: 1 });
    expect(values.get("MaxImportFileSizeMB")?.value).toBe(500);
    expect(values.get("AllowedModelHashes")?.value).toEqual([hashA, hashB]);
    expect(values.get("ModelsDirectory")?.value).toBe("%ProgramData%\\Enclave\\models");
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
      io: windows(fakeRegistry({ [hklm]: hklmValues, [hkcu]: hkcuValues })),
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
      io: windows(fakeRegistry({ [hkcu]: hkcuValues })),
    });
    expect(policy.values.GpuBackend).toBe("cpu");
    expect(policy.problems).toEqual([]);
  });

  it("runs reg.exe from the machine's system folder, whatever PATH and %SystemRoot% say", async () => {
    vi.stubEnv("PATH", "C:\\Users\\mallory\\bin");
    vi.stubEnv("SystemRoot", "C:\\Users\\mallory");
    const calls: string[][] = [];
    await readManagedPolicy({
      platform: "win32",
      io: windows(fakeRegistry({ [hklm]: hklmValues }, { calls })),
    });
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c[0]))).toEqual(new Set([regExe]));
  });

  it("learns the system folder from where ntdll.dll was loaded", () => {
    expect(
      systemRootFromModules([
        "C:\\Program Files\\Enclave\\Enclave.exe",
        "C:\\Users\\mallory\\ntdll.dll",
        "D:\\WINNT\\SYSTEM32\\ntdll.dll",
      ]),
    ).toBe("D:\\WINNT");
    expect(systemRootFromModules(["/usr/lib/libc.so.6"])).toBeNull();
  });

  it("refuses to start when the system folder, and so reg.exe, cannot be found", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(fakeRegistry({}), null),
    });
    expect(blockingProblems(policy)[0]?.message).toMatch(/reg\.exe/);
  });

  it("treats a missing key as no policy in any language, by listing its parent key", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(
        fakeRegistry(
          {},
          { notFound: "FEHLER: Der angegebene Registrierungsschlüssel wurde nicht gefunden." },
        ),
      ),
    });
    expect(policy).toMatchObject({ managedKeys: [], problems: [] });
  });

  it("refuses to start when a policy key exists but reg.exe cannot read it, naming the key", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(fakeRegistry({ [hklm]: "denied", [hkcu]: hkcuValues })),
    });
    const blocking = blockingProblems(policy);
    expect(blocking).toHaveLength(1);
    expect(blocking[0]?.key).toBe(hklm);
    expect(blocking[0]?.message).toMatch(/Access is denied/);
  });

  it("refuses to start when neither a policy key nor its parent can be read", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(fakeRegistry({ "HKCU\\Software\\Policies\\Enclave": "denied" })),
    });
    expect(blockingProblems(policy).map((p) => p.key)).toEqual([hkcu]);
  });

  it("makes a value naming a machine folder invalid when HKLM does not say where it is", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(
        fakeRegistry({
          "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList": "denied",
          [hklm]: ["ModelsDirectory    REG_EXPAND_SZ    %ProgramData%\\Enclave\\models"],
        }),
      ),
    });
    expect(policy.values.ModelsDirectory).toBeNull();
    expect(policy.problems[0]?.message).toMatch(/%ProgramData% is not a machine-wide folder/);
  });

  it("fails closed on an invalid registry value", async () => {
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(fakeRegistry({ [hklm]: ["DisableExport    REG_SZ    sometimes"] })),
    });
    expect(policy.values.DisableExport).toBe(true);
    expect(policy.problems.map((p) => p.key)).toEqual(["DisableExport"]);
    expect(policy.problems[0]?.store).toBe(hklm);
  });

  it("expands only machine-wide folders, resolved from the machine, never the user's variables", async () => {
    vi.stubEnv("ProgramData", "C:\\Users\\mallory\\pd");
    vi.stubEnv("USERPROFILE", "C:\\Users\\mallory");
    vi.stubEnv("APPDATA", "C:\\Users\\mallory\\AppData\\Roaming");
    vi.stubEnv("CASES", "C:\\Users\\mallory\\cases");
    const policy = await readManagedPolicy({
      platform: "win32",
      io: windows(
        fakeRegistry({
          [hklm]: [
            "ModelsDirectory    REG_EXPAND_SZ    %ProgramData%\\Enclave\\models",
            "AuditPublicKeyFile    REG_EXPAND_SZ    %ProgramFiles%\\Enclave\\audit.pem",
            "DataDirectory    REG_EXPAND_SZ    %USERPROFILE%\\cases",
            "AuditLog    REG_EXPAND_SZ    %APPDATA%\\audit",
          ],
          [hkcu]: ["DefaultChatModel    REG_EXPAND_SZ    %CASES%"],
        }),
      ),
    });
    expect(policy.values.ModelsDirectory).toBe("C:\\ProgramData\\Enclave\\models");
    expect(policy.values.AuditPublicKeyFile).toBe("C:\\Program Files\\Enclave\\audit.pem");
    // DataDirectory fails closed by refusing to start; AuditLog by logging at the default place.
    expect(policy.values.DataDirectory).toBeNull();
    expect(policy.values.AuditLog).toBe(true);
    expect(policy.values.DefaultChatModel).toBeNull();
    const blocking = blockingProblems(policy);
    expect(blocking.map((p) => p.key)).toEqual(["DataDirectory"]);
    expect(describePolicyProblem(blocking[0]!)).toMatch(
      /^HKLM\\Software\\Policies\\Enclave\\Enclave: DataDirectory: .*%USERPROFILE%/,
    );
  });
});

describe("managed policy on macOS", () => {
  const machine = "/Library/Managed Preferences/com.enclave.app.plist";
  const user = "/Library/Managed Preferences/alice/com.enclave.app.plist";

  it("reads the logged-in user's profile beside the machine one, machine scope winning", async () => {
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
    vi.stubEnv("USER", "mallory");
    const policy = await readManagedPolicy({
      platform: "darwin",
      io: { ...io, userName: () => "alice" },
    });
    expect(policy.values).toMatchObject({
      DisableExport: true,
      AllowedModelHashes: [hashA],
      GpuBackend: "metal",
      MaxImportFileSizeMB: 100,
    });
    expect(policy.problems).toEqual([]);
  });

  it("converts a binary plist with /usr/bin/plutil, never a plutil found through PATH", async () => {
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
    expect(calls).toEqual([["/usr/bin/plutil", "-convert", "xml1", "-o", "-", machine]]);
    expect(policy.values.LockSettings).toBe(true);
  });

  it("refuses to start on a malformed profile, naming the file", async () => {
    const policy = await readManagedPolicy({
      platform: "darwin",
      io: files({ [machine]: { bytes: "<plist><dict><key>" } }),
    });
    expect(policy.managedKeys).toEqual([]);
    const blocking = blockingProblems(policy);
    expect(blocking.map((p) => p.key)).toEqual([machine]);
  });

  it("refuses to start when plutil cannot convert a binary profile", async () => {
    const run: CommandRunner = () => Promise.resolve({ code: 1, stdout: "", stderr: "corrupt" });
    const io = files(
      { [user]: { bytes: Buffer.concat([Buffer.from("bplist00"), Buffer.alloc(20)]) } },
      run,
    );
    const policy = await readManagedPolicy({
      platform: "darwin",
      io: { ...io, userName: () => "alice" },
    });
    expect(blockingProblems(policy).map((p) => p.key)).toEqual([user]);
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
    expect(blockingProblems(policy)).toEqual([]);
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

  it("refuses to start on malformed JSON in a root-owned file, naming the file", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: "{ DisableExport: true" } }),
    });
    expect(policy.managedKeys).toEqual([]);
    const blocking = blockingProblems(policy);
    expect(blocking.map((p) => p.key)).toEqual([file]);
    expect(blocking[0]?.message).toMatch(/not valid JSON/);
  });

  it("refuses to start when the file holds no JSON object", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: "[1, 2]" } }),
    });
    expect(blockingProblems(policy).map((p) => p.key)).toEqual([file]);
  });

  it("refuses to start when the root-owned file cannot be read", async () => {
    const io = files({ [file]: { bytes: json } });
    io.readFile = () =>
      Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }));
    const policy = await readManagedPolicy({ platform: "linux", io });
    expect(blockingProblems(policy)[0]?.message).toMatch(/EACCES/);
  });

  it("names the file beside the key of an invalid value", async () => {
    const policy = await readManagedPolicy({
      platform: "linux",
      io: files({ [file]: { bytes: JSON.stringify({ DataDirectory: "relative/dir" }) } }),
    });
    const blocking = blockingProblems(policy);
    expect(blocking.map(describePolicyProblem)).toEqual([
      expect.stringMatching(/^\/etc\/enclave\/policy\.json: DataDirectory: /),
    ]);
  });
});
