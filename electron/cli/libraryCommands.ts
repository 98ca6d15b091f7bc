/** `import`, `docs`, `remove`, `collections`: the library from the command line. */
import path from "node:path";
import type { Command } from "commander";
import type { DocumentInfo, ImportReport } from "../../shared/types";
import { SAMPLE_QUESTIONS } from "../../shared/sampleGuide";
import { DEFAULT_COLLECTION } from "../engine/paths";
import { EXIT_INTERRUPTED, type CliContext } from "./CliContext";
import { catalogId, CliUsageError, ensureCollection, listAllDocuments } from "./CliEngine";
import { ProgressBar } from "./progressBar";

export function addLibraryCommands(
  program: Command,
  { io, print, warn, withEngine, withReader, nextRequestId, setExitCode, onInterrupt }: CliContext,
): void {
  program
    .command("import")
    .description("import files and folders (recursively) into a collection")
    .argument("[paths...]", "files or folders")
    .option("--collection <name>", "collection to import into", DEFAULT_COLLECTION)
    .option("--embedding-model <gguf>", "embed passages with this GGUF embedding model")
    .option("--sample", "import Enclave's own user guide, to try a question on it")
    .option("--json", "print the result as JSON")
    .action(
      async (
        paths: string[],
        opts: { collection: string; embeddingModel?: string; sample?: boolean; json?: boolean },
      ) => {
        const sample = opts.sample === true;
        if (sample === paths.length > 0)
          throw new CliUsageError(
            sample
              ? "Give files and folders to import, or --sample for the user guide, not both."
              : "Name the files or folders to import (or --sample to import the user guide).",
          );
        // Ctrl-C stops the import as the window's Stop button does: the file in flight is rolled
        // back, what landed stays, and the report lists the rest as stopped.
        const requestId = nextRequestId();
        let interrupted = false;
        let abort = (): void => undefined;
        const offInterrupt = onInterrupt(() => {
          interrupted = true;
          warn("enclave: stopping the import (press Ctrl-C again to quit at once)…");
          abort();
        });
        const report = await withEngine(async (engine) => {
          if (opts.embeddingModel !== undefined)
            await engine.selectModel({
              role: "embedding",
              modelId: await catalogId(engine, opts.embeddingModel),
            });
          const bar = new ProgressBar({ stream: io.stderr });
          const off = engine.on("importProgress", (e) => bar.onEvent(e));
          try {
            await ensureCollection(engine, opts.collection);
            const running = sample
              ? engine.importSample({ collection: opts.collection, requestId })
              : engine.importPaths({
                  collection: opts.collection,
                  requestId,
                  paths: paths.map((p) => path.resolve(p)),
                });
            // The engine knows the request id once importPaths is called, before it first awaits.
            abort = () => void engine.abortImport({ requestId });
            if (interrupted) abort();
            return await running;
          } finally {
            off();
          }
        }).finally(offInterrupt);
        printImportReport(report, opts.json === true, print);
        if (sample && opts.json !== true && report.results.every((r) => r.ok))
          printSampleQuestions(opts.collection, print);
        if (interrupted) setExitCode(EXIT_INTERRUPTED);
        else if (report.results.some((r) => !r.ok)) setExitCode(2);
      },
    );

  program
    .command("docs")
    .description("list documents with pages, chunks, collections and status")
    .option("--collection <name>", "only this collection")
    .option("--json", "print JSON")
    .action(async (opts: { collection?: string; json?: boolean }) => {
      await withReader(async (engine) => {
        const docs = await listAllDocuments(engine, opts.collection);
        if (opts.json === true) {
          print(JSON.stringify({ documents: docs }));
          return;
        }
        if (docs.length === 0) print("No documents.");
        for (const d of docs) {
          print(
            `${d.id.slice(0, 12)}  ${d.status.padEnd(7)} ${String(d.pages).padStart(5)} pp ${String(d.chunks).padStart(6)} chunks  ${d.file}  [${d.collections.join(", ")}]`,
          );
        }
      });
    });

  program
    .command("remove")
    .description(
      "remove a document (by id, id prefix, file name or path); deleted for real when in no other collection",
    )
    .argument("<document>", "document id (or prefix), file name or path")
    .option(
      "--collection <name>",
      "remove only from this collection (default: from every collection)",
    )
    .option("--json", "print JSON")
    .action(async (ref: string, opts: { collection?: string; json?: boolean }) => {
      await withEngine(async (engine) => {
        const docs = await listAllDocuments(engine, opts.collection);
        const matches = docs.filter(
          (d) =>
            d.id === ref ||
            (ref.length >= 6 && d.id.startsWith(ref)) ||
            d.file === ref ||
            d.path === path.resolve(ref),
        );
        if (matches.length === 0)
          throw new CliUsageError(
            `No document matches "${ref}". Run \`enclave docs\` to list them.`,
          );
        if (matches.length > 1)
          throw new CliUsageError(
            `"${ref}" matches ${matches.length} documents; use the id from \`enclave docs\`.`,
          );
        const doc = matches[0] as DocumentInfo;
        let deleted = false;
        for (const collection of opts.collection !== undefined
          ? [opts.collection]
          : doc.collections) {
          deleted =
            (await engine.removeDocument({ collection, documentId: doc.id })).deleted || deleted;
        }
        if (opts.json === true)
          print(JSON.stringify({ documentId: doc.id, file: doc.file, deleted }));
        else
          print(
            deleted
              ? `Deleted ${doc.file} (its text is gone from the data folder).`
              : `Removed ${doc.file} from ${opts.collection ?? "its collections"}.`,
          );
      });
    });

  program
    .command("collections")
    .description("list collections")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withReader(async (engine) => {
        const list = await engine.listCollections({});
        if (opts.json === true) print(JSON.stringify({ collections: list }));
        else for (const c of list) print(`${c.name}  (${c.documentCount} documents)`);
      });
    });
}

function printImportReport(report: ImportReport, json: boolean, print: (l: string) => void): void {
  const stopped = report.results.filter((r) => r.error?.code === "ABORTED").length;
  if (json) {
    print(
      JSON.stringify({
        results: report.results,
        truncatedChunks: report.truncatedChunks,
        stopped,
      }),
    );
    return;
  }
  for (const r of report.results) {
    if (r.ok)
      print(
        `${r.skipped === true ? "unchanged" : "imported "}  ${r.file}  (${r.pages ?? 0} pages, ${r.chunks ?? 0} passages${r.parentId === undefined ? "" : ", an attachment"})`,
      );
    else if (r.error?.code === "ABORTED") print(`STOPPED    ${r.file}: ${r.error.message}`);
    else print(`FAILED     ${r.file}: ${r.error?.message ?? "unknown error"}`);
    for (const note of r.notes ?? []) print(`  note: ${note}`);
  }
  const failed = report.results.filter((r) => !r.ok).length - stopped;
  print(
    `${report.results.length - failed - stopped} imported, ${failed} failed${stopped > 0 ? `, ${stopped} stopped` : ""}.`,
  );
  if (report.truncatedChunks > 0)
    print(
      `${report.truncatedChunks} passages were longer than the embedding model's context and were truncated for embedding.`,
    );
}

/** What to try after `import --sample`: the guide's questions, as `ask` arguments to paste. */
function printSampleQuestions(collection: string, print: (l: string) => void): void {
  const scope =
    collection === DEFAULT_COLLECTION ? "" : ` --collection ${JSON.stringify(collection)}`;
  print("Ask the guide a question, for example:");
  for (const q of SAMPLE_QUESTIONS) print(`  ask ${JSON.stringify(q)}${scope}`);
}
