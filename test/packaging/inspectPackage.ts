/** Assertions on an unpacked Linux build (`electron-builder --linux --dir`): what must and must not be inside. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { listPackage } from "@electron/asar";

/** Native packages the default Linux x64 installer carries, and nothing else native. */
export const linuxNativeAllowList = [
  "@lancedb/lancedb-linux-x64-gnu",
  "@napi-rs/canvas-linux-x64-gnu",
  "@node-llama-cpp/linux-x64",
  "@node-llama-cpp/linux-x64-vulkan",
  "@parcel/watcher-linux-x64-glibc",
];

/** The CUDA build (resources/build/electron-builder.cuda.yml) adds these. */
export const linuxCudaPackages = [
  "@node-llama-cpp/linux-x64-cuda",
  "@node-llama-cpp/linux-x64-cuda-ext",
];
export const linuxCudaPayloadBudgetMB = 900;

/** Packages that must never ship: network clients, huge optional runtimes, other GPU variants. */
export const forbiddenPackages = [
  "openai",
  "@huggingface/transformers",
  "onnxruntime-node",
  "onnxruntime-web",
  "sharp",
  "@reflink/reflink",
  "electron",
];

/** Size budget of the Linux app payload (resources/: asar, unpacked natives, policy examples), MB. */
export const linuxPayloadBudgetMB = 360;

export interface PackageReport {
  problems: string[];
  payloadMB: number;
  nativePackages: string[];
  asarFiles: number;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** "node_modules/@scope/name/…" or "node_modules/name/…" -> the package name (outermost). */
export function packageOf(path: string): string | null {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return null;
  const first = parts[at + 1];
  if (!first) return null;
  return first.startsWith("@") ? `${first}/${parts[at + 2] ?? ""}` : first;
}

/**
 * @param appDir the `linux-unpacked` folder.
 * @param devOnly dev dependencies that are not also needed in production.
 * @param main package.json's `main`, which must be in the asar.
 * @param cuda true for the CUDA build (more native packages, bigger budget).
 */
export function inspectLinuxPackage(
  appDir: string,
  devOnly: string[],
  main: string,
  cuda = false,
): PackageReport {
  const allowList = cuda ? [...linuxNativeAllowList, ...linuxCudaPackages] : linuxNativeAllowList;
  const budgetMB = cuda ? linuxCudaPayloadBudgetMB : linuxPayloadBudgetMB;
  const problems: string[] = [];
  const resources = join(appDir, "resources");
  const asar = join(resources, "app.asar");
  if (!existsSync(asar))
    return {
      problems: [`${asar} is missing: the app was not packed into an asar archive.`],
      payloadMB: 0,
      nativePackages: [],
      asarFiles: 0,
    };
  const inAsar = listPackage(asar, { isPack: false }).map((p) => p.replace(/\\/g, "/"));
  const unpackedDir = join(resources, "app.asar.unpacked");
  const unpacked = existsSync(unpackedDir)
    ? walk(unpackedDir).map((p) => relative(unpackedDir, p).split(sep).join("/"))
    : [];
  const everything = [...inAsar.map((p) => p.replace(/^\//, "")), ...unpacked];

  for (const required of [
    "package.json",
    main,
    "node_modules/node-llama-cpp/package.json",
    "node_modules/@lancedb/lancedb/package.json",
  ]) {
    if (!inAsar.includes(`/${required}`)) problems.push(`${required} is missing from app.asar.`);
  }
  for (const name of [...forbiddenPackages, ...(cuda ? [] : linuxCudaPackages)]) {
    if (everything.some((p) => packageOf(p) === name))
      problems.push(`Forbidden package ${name} is in the package.`);
  }
  if (everything.some((p) => p.endsWith("node-llama-cpp/llama/gitRelease.bundle")))
    problems.push("llama.cpp's source bundle (gitRelease.bundle) is in the package.");
  // `npm run build:llama` output fits only the machine that built it (and its source checkout).
  if (everything.some((p) => /node-llama-cpp\/llama\/(localBuilds|llama\.cpp)\//.test(p)))
    problems.push(
      "A local llama.cpp build or its source (node-llama-cpp/llama/localBuilds, llama.cpp) is in the package.",
    );
  for (const dev of devOnly) {
    if (everything.some((p) => packageOf(p) === dev))
      problems.push(`Dev dependency ${dev} is in the package.`);
  }
  const own = everything.filter((p) => !p.includes("node_modules/"));
  for (const p of own) {
    if (/\.map$/.test(p)) problems.push(`Source map shipped: ${p}`);
    if (/\.(ts|tsx|mts|cts)$/.test(p)) problems.push(`TypeScript source shipped: ${p}`);
    if (/^(test|electron|renderer|shared|resources)\//.test(p))
      problems.push(`Repository source shipped: ${p}`);
  }
  for (const p of everything) {
    if (/(^|\/)(test|tests|__tests__)\//.test(p) && !p.includes("/dist/"))
      problems.push(`Test files shipped: ${p}`);
    if (p.endsWith(".map")) problems.push(`Source map shipped: ${p}`);
  }
  if (walk(resources).some((p) => p.endsWith("app-update.yml")))
    problems.push("app-update.yml is present: publish must stay null (no update server).");

  const nativeFiles = everything.filter((p) => /\.(node|so(\.\d+)*)$/.test(p));
  const nativePackages = [...new Set(nativeFiles.map((p) => packageOf(p) ?? `(app) ${p}`))].sort();
  for (const name of nativePackages)
    if (!allowList.includes(name)) problems.push(`Native package not on the allow-list: ${name}`);
  for (const name of allowList)
    if (!nativePackages.includes(name)) problems.push(`Expected native package missing: ${name}`);
  for (const p of inAsar) {
    if (/\.node$/.test(p) && !unpacked.includes(p.replace(/^\//, "")))
      problems.push(`Native add-on left inside the asar (cannot load): ${p}`);
  }

  const payloadBytes = walk(resources).reduce((sum, p) => sum + statSync(p).size, 0);
  const payloadMB = Math.round((payloadBytes / 1024 / 1024) * 10) / 10;
  if (payloadMB > budgetMB)
    problems.push(`App payload is ${payloadMB} MB, over the ${budgetMB} MB budget.`);
  return { problems: [...new Set(problems)], payloadMB, nativePackages, asarFiles: inAsar.length };
}
