// The installer's legal files, written by the afterPack hook into <app>/resources/legal/:
// - sbom.cdx.json: a CycloneDX SBOM of what this installer ships. The registry's
//   @cyclonedx/cyclonedx-npm describes the production dependency tree; it is narrowed to the
//   packages actually inside the app's asar (the build leaves out optional helpers and other
//   platforms' native builds), and the native llama.cpp build node-llama-cpp ships is added.
// - THIRD_PARTY_NOTICES.txt: each shipped package's name, version, licence and licence text.
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import { promisify } from "node:util";
import { extractFile, listPackage } from "@electron/asar";

const run = promisify(execFile);
const PACKAGE_JSON = /^\/(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/;
const LICENSE_FILE = /^(?:licen[cs]e|copying|notice)(?:[.-].*)?$/i;

/**
 * Every npm package inside the app's asar (nested copies included), with its licence text.
 * @param {string} asarPath
 */
export function shippedPackages(asarPath) {
  const files = listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll("\\", "/"));
  const packages = [];
  for (const file of files) {
    const match = PACKAGE_JSON.exec(file);
    if (match === null) continue;
    const meta = JSON.parse(extractFile(asarPath, file.slice(1)).toString("utf8"));
    if (typeof meta.name !== "string" || typeof meta.version !== "string") continue;
    const dir = file.slice(0, -"package.json".length);
    const licenseFiles = files
      .filter((f) => f.startsWith(dir) && !f.slice(dir.length).includes("/"))
      .filter((f) => LICENSE_FILE.test(f.slice(dir.length)));
    packages.push({
      name: meta.name,
      version: meta.version,
      license: licenseOf(meta),
      licenseText: licenseFiles
        .map((f) => extractFile(asarPath, f.slice(1)).toString("utf8").trim())
        .join("\n\n"),
      buildMetadata: nativeBuildMetadata(asarPath, files, dir),
    });
  }
  return packages.sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`));
}

function licenseOf(meta) {
  if (typeof meta.license === "string") return meta.license;
  if (typeof meta.license?.type === "string") return meta.license.type;
  if (Array.isArray(meta.licenses)) return meta.licenses.map((l) => l.type ?? l).join(" OR ");
  return "UNKNOWN";
}

/** node-llama-cpp's prebuilt binaries say which llama.cpp release they were built from. */
function nativeBuildMetadata(asarPath, files, dir) {
  const meta = files.find((f) => f.startsWith(dir) && f.endsWith("/_nlcBuildMetadata.json"));
  return meta === undefined
    ? null
    : JSON.parse(extractFile(asarPath, meta.slice(1)).toString("utf8"));
}

const keyOf = (c) => `${c.group ? `${c.group}/` : ""}${c.name}@${c.version}`;

/**
 * The SBOM of the production tree (cyclonedx-npm), narrowed to what ships, plus llama.cpp.
 * @param {object} bom a CycloneDX JSON document
 * @param {{ name: string, version: string, buildMetadata: any }[]} shipped
 */
export function narrowSbom(bom, shipped) {
  const wanted = new Set(shipped.map((p) => `${p.name}@${p.version}`));
  const components = (bom.components ?? []).filter((c) => wanted.has(keyOf(c)));
  const refs = new Set(components.map((c) => c["bom-ref"]));
  const root = bom.metadata?.component?.["bom-ref"];
  const dependencies = (bom.dependencies ?? [])
    .filter((d) => d.ref === root || refs.has(d.ref))
    .map((d) => ({ ...d, dependsOn: (d.dependsOn ?? []).filter((r) => refs.has(r)) }));
  for (const p of shipped) {
    const llama = p.buildMetadata?.buildOptions?.llamaCpp;
    if (llama === undefined) continue;
    const o = p.buildMetadata.buildOptions;
    const ref = `llama.cpp@${llama.release}#${p.name}`;
    components.push({
      type: "library",
      "bom-ref": ref,
      name: "llama.cpp",
      version: llama.release,
      description: `Native llama.cpp build shipped in ${p.name}@${p.version} (${o.platform} ${o.arch}${o.gpu ? `, ${o.gpu}` : ""})`,
      licenses: [{ license: { id: "MIT" } }],
      externalReferences: [{ type: "vcs", url: `https://github.com/${llama.repo}` }],
    });
    const owner = components.find((c) => keyOf(c) === `${p.name}@${p.version}`);
    const dep = dependencies.find((d) => d.ref === owner?.["bom-ref"]);
    if (dep !== undefined) dep.dependsOn.push(ref);
  }
  return { ...bom, components, dependencies };
}

/** @param {ReturnType<typeof shippedPackages>} shipped */
export function noticesText(shipped, product) {
  const parts = [
    `${product} includes the following third-party software. Each is listed with its version and`,
    "licence; the licence text follows where the package ships one.",
    "",
  ];
  for (const p of shipped) {
    parts.push("=".repeat(78), `${p.name} ${p.version} — ${p.license}`, "=".repeat(78));
    parts.push(
      p.licenseText === ""
        ? `(No licence file in the package; licence: ${p.license}.)`
        : p.licenseText,
      "",
    );
  }
  return `${parts.join("\n")}\n`;
}

/**
 * Writes resources/legal/{sbom.cdx.json,THIRD_PARTY_NOTICES.txt} for a packed app.
 * @param {{ resourcesDir: string, projectDir: string, product: string }} options
 */
export async function writeLegalFiles({ resourcesDir, projectDir, product }) {
  const shipped = shippedPackages(join(resourcesDir, "app.asar"));
  const cli = join(
    projectDir,
    "node_modules",
    ".bin",
    process.platform === "win32" ? "cyclonedx-npm.cmd" : "cyclonedx-npm",
  );
  const { stdout } = await run(
    cli,
    [
      "--omit",
      "dev",
      "--flatten-components",
      "--short-PURLs",
      "--output-format",
      "JSON",
      "--spec-version",
      "1.6",
      "--output-reproducible",
      "--output-file",
      "-",
    ],
    { cwd: projectDir, maxBuffer: 64 * 1024 * 1024, shell: process.platform === "win32" },
  );
  const bom = narrowSbom(JSON.parse(stdout), shipped);
  const listed = new Set(bom.components.map(keyOf));
  const unlisted = shipped.filter((p) => !listed.has(`${p.name}@${p.version}`));
  if (unlisted.length > 0)
    throw new Error(
      `legal files: the SBOM would miss shipped packages: ${unlisted.map((p) => `${p.name}@${p.version}`).join(", ")}`,
    );
  const dir = join(resourcesDir, "legal");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "sbom.cdx.json"), `${JSON.stringify(bom, null, 2)}\n`);
  await writeFile(join(dir, "THIRD_PARTY_NOTICES.txt"), noticesText(shipped, product));
  const license = await readFile(join(projectDir, "LICENSE"), "utf8");
  await writeFile(join(dir, "LICENSE.txt"), license);
  return { packages: shipped.length, components: bom.components.length };
}
