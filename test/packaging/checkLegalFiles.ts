/**
 * The legal files every installer carries (written by resources/build/legalFiles.mjs): a
 * CycloneDX SBOM naming each shipped native package and the llama.cpp build, third-party notices
 * with a licence for every component of the SBOM, and Enclave's own licence.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Component {
  name: string;
  group?: string;
  version: string;
}

/** Problems found in `<resources>/legal`, one line each. */
export function checkLegalFiles(resourcesDir: string, nativePackages: string[]): string[] {
  const dir = join(resourcesDir, "legal");
  const problems: string[] = [];
  for (const file of ["sbom.cdx.json", "THIRD_PARTY_NOTICES.txt", "LICENSE.txt"])
    if (!existsSync(join(dir, file))) problems.push(`resources/legal/${file} is missing`);
  if (problems.length > 0) return problems;
  const bom = JSON.parse(readFileSync(join(dir, "sbom.cdx.json"), "utf8")) as {
    bomFormat?: string;
    components?: Component[];
  };
  const notices = readFileSync(join(dir, "THIRD_PARTY_NOTICES.txt"), "utf8");
  if (bom.bomFormat !== "CycloneDX") problems.push("sbom.cdx.json is not a CycloneDX document");
  const components = bom.components ?? [];
  const names = new Set(components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name)));
  for (const native of nativePackages)
    if (!names.has(native))
      problems.push(`the SBOM does not list the shipped native package ${native}`);
  if (!names.has("llama.cpp")) problems.push("the SBOM does not list the llama.cpp build");
  for (const c of components) {
    if (c.name === "llama.cpp") continue;
    const name = c.group ? `${c.group}/${c.name}` : c.name;
    if (!notices.includes(`\n${name} ${c.version} — `))
      problems.push(`THIRD_PARTY_NOTICES.txt has no entry for ${name} ${c.version}`);
  }
  if (!readFileSync(join(dir, "LICENSE.txt"), "utf8").includes("Apache License"))
    problems.push("resources/legal/LICENSE.txt is not Enclave's Apache-2.0 licence");
  return problems;
}
