/**
 * `rebuild`: the way out of a damaged library (LIBRARY_DAMAGED). The damaged `library` folder is
 * renamed aside (`library.corrupt-<time>`, kept until the user deletes it) and every document is
 * imported again, into the same collections, from the path it was imported from. Files that have
 * moved or changed since are reported, not guessed at.
 */
import { rename } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "./CliContext";
import { ensureCollection, listAllDocuments } from "./CliEngine";

interface Recorded {
  path: string;
  collections: string[];
}

export function addRebuildCommand(
  program: Command,
  { print, warn, withEngine, nextRequestId, setExitCode }: CliContext,
): void {
  program
    .command("rebuild")
    .description(
      "set a damaged library aside and import every document again from its original file",
    )
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { dataDir, documents, collections } = await withEngine(async (engine) => {
        const info = await engine.getAppInfo({});
        try {
          const names = (await engine.listCollections({})).map((c) => c.name);
          const docs = await listAllDocuments(engine, undefined);
          return {
            dataDir: info.dataDir,
            collections: names,
            // An e-mail attachment comes back with its message (as its child), not on its own.
            documents: docs
              .filter((d) => d.parentId === undefined || !docs.some((p) => p.id === d.parentId))
              .map((d): Recorded => ({ path: d.path, collections: d.collections })),
          };
        } catch (error) {
          throw new Error(
            `The library's list of documents cannot be read either (${error instanceof Error ? error.message : String(error)}), so it cannot be rebuilt automatically: move ${path.join(info.dataDir, "library")} aside and import your documents again.`,
            { cause: error },
          );
        }
      });
      const library = path.join(dataDir, "library");
      const aside = `${library}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      await rename(library, aside);
      warn(
        `The damaged library was set aside as ${aside}; importing ${documents.length} documents again.`,
      );

      const failed: { path: string; error: string }[] = [];
      let imported = 0;
      await withEngine(async (engine) => {
        for (const name of collections) await ensureCollection(engine, name);
        for (const doc of documents) {
          for (const collection of doc.collections) {
            // A file that is gone or unreadable is reported, and the rest go on.
            const error = await engine
              .importPaths({ collection, requestId: nextRequestId(), paths: [doc.path] })
              .then(
                (report) =>
                  report.results[0]?.ok === true
                    ? null
                    : (report.results[0]?.error?.message ?? "not imported"),
                (e: unknown) => (e instanceof Error ? e.message : String(e)),
              );
            if (error !== null) {
              failed.push({ path: doc.path, error });
              break;
            }
            if (collection === doc.collections[0]) imported++;
          }
        }
      });
      if (opts.json === true) print(JSON.stringify({ setAside: aside, imported, failed }));
      else {
        print(`${imported} of ${documents.length} documents imported again.`);
        for (const f of failed) print(`not imported: ${f.path}: ${f.error}`);
      }
      if (failed.length > 0) setExitCode(2);
    });
}
