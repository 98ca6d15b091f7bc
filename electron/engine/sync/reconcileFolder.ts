/**
 * One pass over a source folder: compares the files on disk with the collection's documents
 * from that folder and applies the difference. A file whose size and modification time match
 * the last pass is not read; any other is hashed: the same bytes at a new path are a rename or a
 * move (the document keeps its id, so its citations hold), other bytes at a known path are an
 * update (the new version replaces the old in one commit), and a document whose file is gone is
 * deleted for real. The pass is idempotent: after a kill the next one finishes the work, since
 * the library itself, not the snapshot, says what is imported.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { DocumentInfo, ErrorInfo, ImportReport, SyncReport } from "../../../shared/types";
import { collectImportFiles } from "../ingest/collectImportFiles";
import { hashFile } from "../ingest/hashFile";
import type { Store } from "../store/types";
import type { SeenFile, SourceFolder } from "./SourceFolders";

export interface ReconcileDeps {
  store: Pick<Store, "listDocuments" | "movePath">;
  /** Imports files into the folder's collection. */
  importPaths(paths: string[]): Promise<ImportReport>;
  /** Deletes a document from the folder's collection, for real when in no other (as `remove`). */
  removeDocument(documentId: string): Promise<void>;
  /** Files seen at the last pass; updated in place and saved after each slice. */
  seen: Map<string, SeenFile>;
  saveSeen(): Promise<void>;
  /** Files imported per slice, between which the pass may pause. Default: 200. */
  sliceFiles?: number;
  /** Called before each slice; a background pass waits here while the user asks something. */
  beforeSlice?(): Promise<void>;
  /** Called every few files while the folder is compared (hashing), for the same reason. */
  pace?(): Promise<void>;
  /** Files done of those to import, after each slice. */
  onProgress?(done: number, total: number): void;
  /** Set to stop between slices (what is done stays; the next pass does the rest). */
  signal?: AbortSignal;
}

export async function reconcileFolder(
  source: SourceFolder,
  deps: ReconcileDeps,
): Promise<SyncReport> {
  const { folder, collection } = source;
  const report: SyncReport = {
    folder,
    collection,
    added: [],
    updated: [],
    renamed: [],
    removed: [],
    unchanged: 0,
    failed: [],
  };
  await stat(folder); // A missing folder throws here, before anything is deleted.
  const { files } = await collectImportFiles([folder]);
  const onDisk = new Set(files);
  const inFolder = (await deps.store.listDocuments(collection)).filter((d) =>
    isInside(folder, d.path),
  );
  const byPath = new Map(inFolder.map((d) => [d.path, d]));
  const byId = new Map(inFolder.map((d) => [d.id, d]));
  const facts = new Map<string, { size: number; mtimeMs: number }>();
  const toImport: string[] = [];
  const moves: { doc: DocumentInfo; to: string }[] = [];

  for (const [n, file] of files.entries()) {
    if (n % 25 === 0) await deps.pace?.();
    try {
      const { size, mtimeMs } = await stat(file);
      facts.set(file, { size, mtimeMs });
      const doc = byPath.get(file);
      const last = deps.seen.get(file);
      if (doc !== undefined && last?.[0] === size && last[1] === mtimeMs && last[2] === doc.id) {
        report.unchanged++;
        continue;
      }
      const id = await hashFile(file);
      const same = byId.get(id);
      if (doc?.id === id) {
        deps.seen.set(file, [size, mtimeMs, id]);
        report.unchanged++;
      } else if (same !== undefined && !onDisk.has(same.path)) moves.push({ doc: same, to: file });
      else if (same !== undefined) {
        // A copy of a file already here: its bytes are in the library under the first path.
        report.unchanged++;
      } else toImport.push(file);
    } catch (error) {
      report.failed.push({ path: file, error: readError(error, file) });
    }
  }

  for (const { doc, to } of moves) {
    // A rename onto a file that held other bytes: that document's file is gone.
    const displaced = byPath.get(to);
    if (displaced !== undefined && displaced.id !== doc.id) {
      await deps.removeDocument(displaced.id);
      report.removed.push(to);
    }
    await deps.store.movePath(doc.id, to);
    byPath.delete(doc.path);
    byPath.set(to, doc);
    deps.seen.delete(doc.path);
    const f = facts.get(to);
    if (f !== undefined) deps.seen.set(to, [f.size, f.mtimeMs, doc.id]);
    report.renamed.push({ from: doc.path, to });
  }
  if (moves.length > 0) await deps.saveSeen();

  const slice = deps.sliceFiles ?? 200;
  for (let start = 0; start < toImport.length; start += slice) {
    if (deps.signal?.aborted === true) break;
    await deps.beforeSlice?.();
    const paths = toImport.slice(start, start + slice);
    const imported = await deps.importPaths(paths);
    for (const r of imported.results) {
      if (!r.ok || r.documentId === undefined) {
        report.failed.push({ path: r.path, error: r.error ?? unknownError(r.path) });
        continue;
      }
      const old = byPath.get(r.path);
      // New bytes the library already held elsewhere are only added to the collection, so the
      // old version at this path goes here.
      if (old !== undefined && old.id !== r.documentId && r.skipped === true)
        await deps.removeDocument(old.id);
      (old !== undefined ? report.updated : report.added).push(r.path);
      if (old !== undefined) byPath.set(r.path, { ...old, id: r.documentId });
      const f = facts.get(r.path);
      if (f !== undefined) deps.seen.set(r.path, [f.size, f.mtimeMs, r.documentId]);
    }
    await deps.saveSeen();
    deps.onProgress?.(Math.min(start + slice, toImport.length), toImport.length);
  }

  if (deps.signal?.aborted !== true)
    for (const [file, doc] of byPath) {
      if (onDisk.has(file)) continue;
      await deps.removeDocument(doc.id);
      deps.seen.delete(file);
      report.removed.push(file);
    }
  for (const file of deps.seen.keys()) if (!onDisk.has(file)) deps.seen.delete(file);
  await deps.saveSeen();
  return report;
}

/** Whether `file` lies inside `folder` (both absolute). */
export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

function readError(error: unknown, file: string): ErrorInfo {
  const e = error as NodeJS.ErrnoException;
  return e.code === "EACCES" || e.code === "EPERM"
    ? {
        code: "NO_ACCESS",
        message: `"${path.basename(file)}" cannot be read: check its permissions.`,
      }
    : {
        code: "IMPORT_FAILED",
        message: `"${path.basename(file)}" could not be read: ${e.message}`,
      };
}

function unknownError(file: string): ErrorInfo {
  return { code: "IMPORT_FAILED", message: `"${path.basename(file)}" could not be imported.` };
}
