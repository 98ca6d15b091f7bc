/**
 * Packaging check: builds the Linux app folder (`electron-builder --linux --dir`) with a stub
 * Electron, then asserts its contents (inspectPackage.ts) and prints the payload size against
 * the budget. Exit code 1 on any problem.
 * Usage: npx tsx test/packaging/check.ts [--cuda]   (--cuda checks resources/build/electron-builder.cuda.yml)
 * Needs node_modules installed (npm ci); uses the real dist/ when built, a stub otherwise.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  inspectLinuxPackage,
  linuxCudaPayloadBudgetMB,
  linuxPayloadBudgetMB,
} from "./inspectPackage";
import { checkFuses } from "./checkFuses";
import { checkLegalFiles } from "./checkLegalFiles";
import { makeStubAppDist, makeStubElectronDist } from "./stubElectron";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const cuda = process.argv.includes("--cuda");

interface PackageJson {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** Dev dependencies that no production dependency pulls in (those must not ship). */
async function devOnlyPackages(pkg: PackageJson): Promise<string[]> {
  const { stdout } = await run("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  const prod = new Set(stdout.split("\n").map((line) => line.split("node_modules/").pop() ?? ""));
  return Object.keys(pkg.devDependencies).filter((name) => !prod.has(name));
}

async function main(): Promise<number> {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as PackageJson;
  const electronVersion = (
    JSON.parse(await readFile(join(root, "node_modules/electron/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const work = await mkdtemp(join(tmpdir(), "enclave-packaging-"));
  const stubbedDist = !existsSync(join(root, "dist", "electron", "main", "index.js"));
  try {
    if (stubbedDist) {
      console.log(
        "dist/ is not built: packaging a stub dist (run `npm run build` first to check the real bundle).",
      );
      await makeStubAppDist(root);
    }
    const electronDist = await makeStubElectronDist(join(work, "electron"), electronVersion);
    const out = join(work, "out");
    const started = Date.now();
    const builder = join(root, "node_modules", ".bin", "electron-builder");
    const result = await run(
      builder,
      [
        "--linux",
        "--dir",
        "--x64",
        "--config",
        cuda ? "resources/build/electron-builder.cuda.yml" : "electron-builder.yml",
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${out}`,
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          CSC_IDENTITY_AUTO_DISCOVERY: "false",
          ELECTRON_BUILDER_OFFLINE: "true",
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      console.error(e.stdout ?? "", e.stderr ?? "");
      throw new Error(`electron-builder failed: ${e.message}`);
    });
    console.log(result.stdout);
    console.log(
      `electron-builder --linux --dir took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    const report = inspectLinuxPackage(
      join(out, "linux-unpacked"),
      await devOnlyPackages(pkg),
      pkg.main,
      cuda,
    );
    console.log(`asar entries: ${report.asarFiles}`);
    console.log(`native packages: ${report.nativePackages.join(", ")}`);
    console.log(
      `app payload (resources/): ${report.payloadMB} MB (budget ${cuda ? linuxCudaPayloadBudgetMB : linuxPayloadBudgetMB} MB; Electron itself adds ~250 MB unpacked)`,
    );
    // The fuses afterPack flipped, read back from the built app (the stub carries a fuse wire).
    report.problems.push(...(await checkFuses(join(out, "linux-unpacked", "enclave"), "linux")));
    report.problems.push(
      ...checkLegalFiles(join(out, "linux-unpacked", "resources"), report.nativePackages),
    );
    // The first-run sample reads its Markdown from <resources>/guide (sampleGuide.ts).
    if (!existsSync(join(out, "linux-unpacked", "resources", "guide", "enclave-guide.md")))
      report.problems.push("resources/guide/enclave-guide.md (the user guide) is not in the app.");
    for (const problem of report.problems) console.error(`PROBLEM: ${problem}`);
    console.log(
      report.problems.length === 0
        ? "packaging check passed"
        : `packaging check FAILED (${report.problems.length} problems)`,
    );
    return report.problems.length === 0 ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
    if (stubbedDist && existsSync(join(root, "dist", ".packaging-check-stub")))
      await rm(join(root, "dist"), { recursive: true, force: true });
  }
}

process.exitCode = await main();
