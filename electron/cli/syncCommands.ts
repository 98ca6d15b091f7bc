/** `sync` and `watch`: collections kept in step with folders, from the command line. */
import path from "node:path";
import type { Command } from "commander";
import type { SourceFolderStatus, SyncReport } from "../../shared/types";
import { DEFAULT_COLLECTION } from "../engine/paths";
import { EXIT_INTERRUPTED, type CliContext } from "./CliContext";
import { ensureCollection } from "./CliEngine";

export function addSyncCommands(
  program: Command,
  { print, warn, withEngine, setExitCode, onInterrupt }: CliContext,
): void {
  program
    .command("sync")
    .description(
      "bring a collection in step with a folder once: import new and changed files, follow renames, delete what is gone",
    )
    .argument("<folder>", "the folder (it becomes one of the collection's source folders)")
    .option("--collection <name>", "collection the folder feeds", DEFAULT_COLLECTION)
    .option("--json", "print the result as JSON")
    .action(async (folder: string, opts: { collection: string; json?: boolean }) => {
      // Ctrl-C stops the pass as Stop stops an import: the file in flight is rolled back, what
      // landed stays, and the next `sync` does the rest.
      const controller = new AbortController();
      const offInterrupt = onInterrupt(() => {
        warn("enclave: stopping the sync (press Ctrl-C again to quit at once)…");
        controller.abort();
      });
      const report = await withEngine(async (engine) => {
        await ensureCollection(engine, opts.collection);
        return engine.syncFolder(
          { collection: opts.collection, folder: path.resolve(folder) },
          controller.signal,
        );
      }).finally(offInterrupt);
      if (opts.json === true) print(JSON.stringify(syncJson(report)));
      else printSyncReport(report, print);
      if (controller.signal.aborted) setExitCode(EXIT_INTERRUPTED);
      else if (report.failed.length > 0) setExitCode(2);
    });

  program
    .command("watch")
    .description(
      "follow every collection's source folders in the foreground, importing changes as they happen, until Ctrl-C",
    )
    .argument("[folders...]", "folders to add as source folders first")
    .option("--collection <name>", "collection the given folders feed", DEFAULT_COLLECTION)
    .action(async (folders: string[], opts: { collection: string }) => {
      await withEngine(async (engine) => {
        if (folders.length > 0) await ensureCollection(engine, opts.collection);
        for (const f of folders)
          await engine.addSourceFolder({ collection: opts.collection, folder: path.resolve(f) });
        const watched = await engine.listSourceFolders({});
        if (watched.length === 0) {
          warn(
            "enclave: no source folders yet: give one (`enclave watch <folder> --collection <c>`) or run `enclave sync <folder>` first.",
          );
          setExitCode(64);
          return;
        }
        const last = new Map<string, string>();
        const off = engine.on("sourceFolderStatus", (s) => {
          const line = describeStatus(s);
          if (last.get(s.id) === line) return;
          last.set(s.id, line);
          print(line);
        });
        print(`Watching ${watched.length} folder(s); press Ctrl-C to stop.`);
        await engine.startSync();
        await new Promise<void>((resolve) => {
          const offInterrupt = onInterrupt(() => {
            offInterrupt();
            resolve();
          });
        });
        off();
        warn("enclave: stopped watching.");
        setExitCode(EXIT_INTERRUPTED);
      });
    });
}

/** The report with counts first, for scripts. */
export function syncJson(report: SyncReport) {
  return {
    ...report,
    counts: {
      added: report.added.length,
      updated: report.updated.length,
      renamed: report.renamed.length,
      removed: report.removed.length,
      unchanged: report.unchanged,
      failed: report.failed.length,
    },
  };
}

function printSyncReport(r: SyncReport, print: (line: string) => void): void {
  print(
    `Synced ${r.folder} into "${r.collection}": ${r.added.length} added, ${r.updated.length} updated, ${r.renamed.length} renamed, ${r.removed.length} removed, ${r.unchanged} unchanged, ${r.failed.length} failed.`,
  );
  for (const p of r.added) print(`  added     ${p}`);
  for (const p of r.updated) print(`  updated   ${p}`);
  for (const m of r.renamed) print(`  renamed   ${m.from} -> ${m.to}`);
  for (const p of r.removed) print(`  removed   ${p}`);
  for (const f of r.failed) print(`  failed    ${f.path}: ${f.error.message}`);
}

function describeStatus(s: SourceFolderStatus): string {
  const where = `${s.folder} (${s.collection})`;
  switch (s.state) {
    case "idle": {
      const l = s.last;
      return l === null
        ? `${where}: up to date`
        : `${where}: up to date (${l.added} added, ${l.updated} updated, ${l.renamed} renamed, ${l.removed} removed, ${l.failed} failed)`;
    }
    case "scanning":
      return `${where}: comparing with the library…`;
    case "indexing":
      return `${where}: ${s.done}/${s.total} files${s.etaSeconds === null ? "" : `, about ${Math.ceil(s.etaSeconds)} s left`}`;
    case "paused":
      return `${where}: paused while a question is answered`;
    case "missing":
    case "error":
      return `${where}: ${s.message ?? s.state}`;
  }
}
