import { describe, expect, it } from "vitest";
import {
  blockingProblems,
  emptyPolicy,
  policyKeys,
  policySchema,
  resolvePolicy,
} from "../../../shared/policy";

const hash = "a".repeat(64);

describe("the policy schema", () => {
  it("gives every key a description, a default and an example", () => {
    for (const key of policyKeys) {
      const spec = policySchema[key];
      expect(spec.key).toBe(key);
      expect(spec.description.length).toBeGreaterThan(20);
      expect(spec.example).not.toBeNull();
    }
  });

  it("resolves nothing set to the defaults with no managed keys", () => {
    const policy = emptyPolicy();
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems).toEqual([]);
    expect(policy.values.AllowModelDownloads).toBe(false);
    expect(policy.values.AllowedModelHashes).toBeNull();
    expect(policy.values.GpuBackend).toBe("auto");
  });

  it("accepts registry-style 0/1 booleans, plist booleans and numeric strings", () => {
    const policy = resolvePolicy(
      {
        DisableExport: 1,
        LockSettings: false,
        AllowModelDownloads: "true",
        MaxImportFileSizeMB: "500",
      },
      "policy-file",
    );
    expect(policy.values).toMatchObject({
      DisableExport: true,
      LockSettings: false,
      AllowModelDownloads: true,
      MaxImportFileSizeMB: 500,
    });
    expect(policy.problems).toEqual([]);
    expect(policy.managedKeys.sort()).toEqual([
      "AllowModelDownloads",
      "DisableExport",
      "LockSettings",
      "MaxImportFileSizeMB",
    ]);
  });

  it("fails closed on invalid restrictive booleans", () => {
    const policy = resolvePolicy(
      {
        DisableExport: "yes please",
        LockSettings: 7,
        RequireBundledModelManifest: [],
        AllowModelDownloads: "maybe",
      },
      "policy-file",
    );
    expect(policy.values.DisableExport).toBe(true);
    expect(policy.values.LockSettings).toBe(true);
    expect(policy.values.RequireBundledModelManifest).toBe(true);
    expect(policy.values.AllowModelDownloads).toBe(false);
    expect(policy.problems.map((p) => p.key).sort()).toEqual([
      "AllowModelDownloads",
      "DisableExport",
      "LockSettings",
      "RequireBundledModelManifest",
    ]);
  });

  it("allows no model at all when the allowed-hash list is unreadable", () => {
    const policy = resolvePolicy({ AllowedModelHashes: 42 }, "registry-hklm");
    expect(policy.values.AllowedModelHashes).toEqual([]);
    expect(policy.problems[0]?.key).toBe("AllowedModelHashes");
  });

  it("drops malformed hashes from the allowed list and reports them", () => {
    const policy = resolvePolicy(
      { AllowedModelHashes: [hash.toUpperCase(), "not-a-hash"] },
      "managed-preferences",
    );
    expect(policy.values.AllowedModelHashes).toEqual([hash]);
    expect(policy.problems).toHaveLength(1);
    expect(policy.problems[0]?.message).toMatch(/1 entry is not a SHA-256/);
  });

  it("splits an allowed-hash list written as one string", () => {
    expect(
      resolvePolicy({ AllowedModelHashes: `${hash}; ${"b".repeat(64)}` }, "registry-hklm").values
        .AllowedModelHashes,
    ).toEqual([hash, "b".repeat(64)]);
  });

  it("refuses to start on an invalid data directory instead of falling back to the user folder", () => {
    const policy = resolvePolicy({ DataDirectory: "relative/cases" }, "policy-file");
    expect(policy.values.DataDirectory).toBeNull();
    expect(blockingProblems(policy)).toHaveLength(1);
    expect(blockingProblems(policy)[0]?.message).toMatch(/will not start/);
    expect(blockingProblems(resolvePolicy({ DataDirectory: "/srv/cases" }, "policy-file"))).toEqual(
      [],
    );
  });

  it("rejects paths that climb out with '..'", () => {
    expect(
      resolvePolicy({ ModelsDirectory: "/opt/../home/x" }, "policy-file").values.ModelsDirectory,
    ).toBeNull();
    expect(
      resolvePolicy({ ModelsDirectory: "C:\\ProgramData\\Enclave\\models" }, "registry-hklm").values
        .ModelsDirectory,
    ).toBe("C:\\ProgramData\\Enclave\\models");
  });

  it("turns the audit log on at the default location when its value is invalid", () => {
    expect(resolvePolicy({ AuditLog: "somewhere" }, "policy-file").values.AuditLog).toBe(true);
    expect(resolvePolicy({ AuditLog: 0 }, "registry-hklm").values.AuditLog).toBe(false);
    expect(resolvePolicy({ AuditLog: "/var/log/enclave" }, "policy-file").values.AuditLog).toBe(
      "/var/log/enclave",
    );
  });

  it("uses auto for an unknown GPU backend and accepts any letter case", () => {
    expect(resolvePolicy({ GpuBackend: "CUDA" }, "policy-file").values.GpuBackend).toBe("cuda");
    const bad = resolvePolicy({ GpuBackend: "rocm" }, "policy-file");
    expect(bad.values.GpuBackend).toBe("auto");
    expect(bad.problems[0]?.key).toBe("GpuBackend");
  });

  it("reports unknown keys without failing", () => {
    const policy = resolvePolicy({ DisableExprot: true }, "policy-file");
    expect(policy.managedKeys).toEqual([]);
    expect(policy.problems[0]?.message).toMatch(/Unknown policy key "DisableExprot"/);
  });

  it("never throws, whatever the stores hold", () => {
    const weird: unknown[] = [
      null,
      undefined,
      {},
      [],
      NaN,
      Symbol("x"),
      () => 1,
      new Date(),
      -1,
      "",
      "\0",
    ];
    for (const key of policyKeys)
      for (const value of weird)
        expect(() => resolvePolicy({ [key]: value }, "policy-file")).not.toThrow();
  });

  it("keeps a failed-closed key managed, so the user cannot override it", () => {
    const policy = resolvePolicy({ DisableExport: "garbage" }, "registry-hklm");
    expect(policy.managedKeys).toContain("DisableExport");
    expect(policy.values.DisableExport).toBe(true);
  });
});

describe("managed library packs policy", () => {
  it("reads the packs folder and the public key as absolute paths", () => {
    const policy = resolvePolicy(
      {
        ManagedLibrariesDirectory: "/usr/share/enclave/libraries",
        ManagedLibrariesPublicKey: "/etc/enclave/packs-public.pem",
      },
      "policy-file",
    );
    expect(policy.values.ManagedLibrariesDirectory).toBe("/usr/share/enclave/libraries");
    expect(policy.values.ManagedLibrariesPublicKey).toBe("/etc/enclave/packs-public.pem");
    expect(policy.problems).toEqual([]);
  });

  it("refuses every pack when the public key's path is invalid, rather than accept unsigned ones", () => {
    const policy = resolvePolicy({ ManagedLibrariesPublicKey: "keys/../it.pem" }, "policy-file");
    expect(policy.values.ManagedLibrariesPublicKey).toBe("");
    expect(policy.problems[0]?.key).toBe("ManagedLibrariesPublicKey");
  });
});
