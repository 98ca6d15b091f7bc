/** `pack build` and `pack verify`: library packs that IT builds once and ships to every machine. */
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { buildPack } from "../engine/packs/buildPack";
import { verifyPack } from "../engine/packs/verifyPack";
import type { CliContext } from "./CliContext";
import { CliUsageError } from "./CliEngine";

interface BuildOptions {
  collection: string;
  out: string;
  signKey?: string;
  hashesOnly?: boolean;
  name?: string;
  version?: number;
  json?: boolean;
}

export function addPackCommands(program: Command, { print, warn, withReader }: CliContext): void {
  const pack = program
    .command("pack")
    .description(
      "library packs: one collection, indexed once, verified and read-only on every machine",
    );

  pack
    .command("build")
    .description(
      "write a pack of one collection: its tables, indexes and vectors, documents (or hashes), a hashed manifest",
    )
    .requiredOption("--collection <name>", "the collection to pack")
    .requiredOption("--out <dir>", "a new folder for the pack")
    .option("--sign-key <pem>", "sign the manifest with this private key (Ed25519 or RSA, PEM)")
    .option(
      "--hashes-only",
      "ship only the documents' hashes, not the files (citations still show the text)",
    )
    .option("--name <name>", "the pack's name, shared by its versions (default: the collection's)")
    .option(
      "--version <n>",
      "a whole number above the last version's (default: the build time, YYYYMMDDhhmmss)",
      parseVersion,
    )
    .option("--json", "print JSON")
    .action(async (opts: BuildOptions) => {
      const signingKey =
        opts.signKey === undefined
          ? null
          : await readFile(opts.signKey, "utf8").catch(() => {
              throw new CliUsageError(`--sign-key ${opts.signKey} cannot be read.`);
            });
      const started = performance.now();
      const report = await withReader(async (engine) => {
        const info = await engine.getAppInfo({});
        const collections = await engine.listCollections({});
        const source = collections.find((c) => c.name === opts.collection);
        if (source === undefined)
          throw new CliUsageError(
            `There is no collection "${opts.collection}". Run \`enclave collections\`.`,
          );
        if (source.managed !== undefined)
          throw new CliUsageError(
            `"${opts.collection}" is itself a managed pack: build from the library it came from.`,
          );
        const models = (await engine.listModels({})).models;
        return buildPack({
          libraryDir: path.join(info.dataDir, "library"),
          collection: opts.collection,
          out: opts.out,
          name: opts.name,
          version: opts.version,
          includeDocuments: opts.hashesOnly !== true,
          signingKey,
          createdBy: `${os.userInfo().username}@${os.hostname()} (Enclave ${info.version})`,
          describeModel: (id) => {
            const m = models.find((x) => x.id === id);
            return m === undefined ? null : { file: m.file, sha256: null };
          },
        });
      });
      const seconds = (performance.now() - started) / 1000;
      const { manifest } = report;
      if (opts.json === true) {
        print(
          JSON.stringify({
            ...report,
            manifest: undefined,
            name: manifest.name,
            version: manifest.version,
            files: manifest.files.length,
            documents: manifest.documents.length,
            signed: signingKey !== null,
            seconds,
          }),
        );
        return;
      }
      for (const file of report.missingOriginals)
        warn(
          `enclave: ${file} changed or is gone since it was imported: the pack holds only its hash.`,
        );
      print(
        `Wrote pack "${manifest.name}" version ${manifest.version} to ${report.dir}: ${manifest.documents.length} documents, ${report.pages} pages, ${report.passages} passages, ${report.vectors} vectors${manifest.embeddingModel === null ? "" : ` (${manifest.embeddingModel.file ?? manifest.embeddingModel.id})`}; ${manifest.files.length} files, ${(report.bytes / 1e6).toFixed(1)} MB; ${signingKey === null ? "unsigned" : "signed"}; ${seconds.toFixed(1)} s.`,
      );
    });

  pack
    .command("verify")
    .description(
      "check a pack folder as the app does before using it (every file's SHA-256, the signature)",
    )
    .argument("<dir>", "the pack folder")
    .option(
      "--public-key <pem>",
      "require a signature by this public key (as policy ManagedLibrariesPublicKey does)",
    )
    .option("--json", "print JSON")
    .action(async (dir: string, opts: { publicKey?: string; json?: boolean }) => {
      const publicKey =
        opts.publicKey === undefined
          ? null
          : await readFile(opts.publicKey, "utf8").catch(() => {
              throw new CliUsageError(`--public-key ${opts.publicKey} cannot be read.`);
            });
      const started = performance.now();
      const verified = await verifyPack(path.resolve(dir), { publicKey });
      const seconds = (performance.now() - started) / 1000;
      const { manifest } = verified;
      if (opts.json === true)
        print(
          JSON.stringify({
            ok: true,
            name: manifest.name,
            version: manifest.version,
            files: manifest.files.length,
            bytes: verified.bytes,
            signed: verified.signed,
            seconds,
          }),
        );
      else
        print(
          `OK: pack "${manifest.name}" version ${manifest.version}, ${manifest.files.length} files, ${(verified.bytes / 1e6).toFixed(1)} MB verified${verified.signed ? ", signature valid" : ""} in ${seconds.toFixed(2)} s.`,
        );
    });
}

function parseVersion(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CliUsageError("--version takes a whole number from 1.");
  return n;
}
