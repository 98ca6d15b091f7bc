/**
 * `npm run enclave`: runs the CLI from built JavaScript, never from TypeScript compiled at each
 * start. The build lives in dist/cli-<stamp>/, where the stamp is a hash of every source it is
 * made from (electron/cli, electron/engine, shared, the build scripts, package.json and the lock
 * file), read at each start (~150 files, a few ms): a changed source gives a new stamp, so a
 * stale build is never run. A missing build is made first (buildCli.ts, a few seconds, once per
 * change), into a temporary folder renamed into place, so two starts at once never see half a
 * build; older builds are then removed. Plain JavaScript, so that Node runs it without a loader.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE_DIRS = ["electron/cli", "electron/engine", "electron/build", "shared"];
const SOURCE_FILES = ["package.json", "package-lock.json"];

/** Files under `dir` (relative to root), sorted, skipping nothing but folders. */
function filesUnder(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  if (existsSync(path.join(root, dir))) walk(dir);
  return out;
}

/** Hash of the sources' names and contents (not their times: a checkout or copy keeps the stamp). */
export function sourceStamp() {
  const hash = createHash("sha256");
  const files = [...SOURCE_DIRS.flatMap(filesUnder), ...SOURCE_FILES].sort();
  for (const file of files) {
    const full = path.join(root, file);
    hash.update(`${file}\0`);
    if (existsSync(full)) hash.update(readFileSync(full));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** The built CLI for the current sources, built first when missing. */
export function builtCli() {
  const dist = path.join(root, "dist");
  const name = `cli-${sourceStamp()}`;
  const dir = path.join(dist, name);
  const entry = path.join(dir, "enclave.js");
  if (existsSync(entry)) return entry;
  process.stderr.write("enclave: building the CLI (once after each change of the sources)…\n");
  const tmp = path.join(dist, `${name}.tmp-${process.pid}`);
  const built = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "electron", "build", "buildCli.ts"), tmp],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (built.status !== 0 || !existsSync(path.join(tmp, "enclave.js"))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`building the CLI failed (exit ${built.status ?? built.signal})`);
  }
  try {
    renameSync(tmp, dir);
  } catch {
    // Another start built the same sources first: its build is as good as this one.
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const old of readdirSync(dist))
    if (old.startsWith("cli-") && old !== name && !old.includes(".tmp-"))
      rmSync(path.join(dist, old), { recursive: true, force: true });
  return entry;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const { runCli } = await import(pathToFileURL(builtCli()).href);
  process.exitCode = await runCli(process.argv.slice(2));
}
