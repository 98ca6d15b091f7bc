import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseXml } from "node-html-parser";
import * as plist from "plist";
import { describe, expect, it } from "vitest";
import {
  bundleId,
  policyFiles,
  registryKey,
  tableEnd,
  tableStart,
} from "../../../resources/build/policyFiles";
import { policyKeys, resolvePolicy } from "../../../shared/policy";

const root = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFile(join(root, path), "utf8");
const regenerate = "run `npx tsx resources/build/generatePolicyFiles.ts` and commit the result";

/** Keys named in the first column of the Markdown table between the policy-table markers. */
function tableKeys(markdown: string): string[] {
  const start = markdown.indexOf(tableStart);
  const end = markdown.indexOf(tableEnd);
  expect(start, "policy-table markers").toBeGreaterThanOrEqual(0);
  return markdown
    .slice(start, end)
    .split("\n")
    .map((line) => /^\| `([A-Za-z]+)` \|/.exec(line)?.[1])
    .filter((k): k is string => k !== undefined);
}

describe("the administrator policy files", () => {
  it("are up to date with the schema", async () => {
    for (const [path, text] of Object.entries(policyFiles()))
      expect(await read(path), `${path} is stale: ${regenerate}`).toBe(text);
  });

  it("declare every key in the ADMX template under the policies registry key", async () => {
    const doc = parseXml(await read("resources/policy/enclave.admx"), { lowerCaseTagName: false });
    const policies = doc.querySelectorAll("policy");
    expect(policies.map((p) => p.getAttribute("name")).sort()).toEqual([...policyKeys].sort());
    for (const policy of policies) {
      const name = policy.getAttribute("name") ?? "";
      expect(policy.getAttribute("key")).toBe(registryKey);
      const valueNames = [
        policy.getAttribute("valueName"),
        ...policy.querySelectorAll("[valueName]").map((e) => e.getAttribute("valueName")),
      ];
      expect(valueNames, `${name} writes a value named after itself`).toContain(name);
    }
  });

  it("give every key a name, an explanation and any presentation it refers to in the ADML", async () => {
    const admx = parseXml(await read("resources/policy/enclave.admx"), { lowerCaseTagName: false });
    const adml = parseXml(await read("resources/policy/en-US/enclave.adml"), {
      lowerCaseTagName: false,
    });
    const strings = new Set(adml.querySelectorAll("string").map((s) => s.getAttribute("id")));
    const presentations = new Set(
      adml.querySelectorAll("presentation").map((s) => s.getAttribute("id")),
    );
    for (const key of policyKeys) {
      expect(strings.has(key) && strings.has(`${key}_Explain`), `${key} strings`).toBe(true);
    }
    for (const policy of admx.querySelectorAll("policy")) {
      const ref = /^\$\(presentation\.(.+)\)$/.exec(policy.getAttribute("presentation") ?? "")?.[1];
      if (ref) expect(presentations.has(ref), `presentation ${ref}`).toBe(true);
    }
    for (const ref of admx.toString().matchAll(/\$\(string\.([^)]+)\)/g))
      expect(strings.has(ref[1]), `string ${ref[1]}`).toBe(true);
  });

  it("set every key, with valid values, in the macOS configuration profile", async () => {
    const profile = plist.parse(await read(`resources/policy/${bundleId}.mobileconfig`)) as {
      PayloadContent: Record<string, unknown>[];
    };
    const payload = profile.PayloadContent[0] ?? {};
    expect(payload.PayloadType).toBe(bundleId);
    const keys = Object.fromEntries(
      Object.entries(payload).filter(([k]) => !k.startsWith("Payload")),
    );
    expect(Object.keys(keys).sort()).toEqual([...policyKeys].sort());
    expect(resolvePolicy(keys, "managed-preferences").problems).toEqual([]);
  });

  it("set every key, with valid values, in the example policy.json", async () => {
    const json = JSON.parse(await read("resources/policy/policy.json")) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([...policyKeys].sort());
    expect(resolvePolicy(json, "policy-file").problems).toEqual([]);
  });

  it("list every key in the ADMIN.md table and in the README block", async () => {
    expect(tableKeys(await read("resources/ADMIN.md")).sort()).toEqual([...policyKeys].sort());
    expect(tableKeys(await read("resources/policy/README-policy-table.md")).sort()).toEqual(
      [...policyKeys].sort(),
    );
    const readme = await read("README.md");
    // The README carries the table once the lead pastes the block; from then on it must stay complete.
    if (readme.includes(tableStart))
      expect(tableKeys(readme).sort()).toEqual([...policyKeys].sort());
  });

  it("use the same bundle id as the installer's appId", async () => {
    const yml = await read("electron-builder.yml");
    expect(/^appId:\s*(\S+)\s*$/m.exec(yml)?.[1]).toBe(bundleId);
  });
});
