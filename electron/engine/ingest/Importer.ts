/**
 * engine/ingest — files in, passages out: format sniffing, one parser per format (PDF in a
 * worker pool), headings, chunking, this importer, and the EmbeddingIndexer that gives stored
 * passages their vectors. Layer: above store and llm, beside retrieve.
 *
 * Imports files into the store, one document at a time: hash → dedupe → parse (worker pool) →
 * chunk → one atomic write. Passages are embedded as they are produced (ImportEmbedding, through
 * the indexer), overlapping the parsing of later pages and files; a document's vectors are
 * written once it has committed. A file that fails is reported with its reason and never touches
 * what is already stored; the other files still land.
 */
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { ErrorInfo, ImportEvent, ImportFileResult, ImportReport } from "../../../shared/types";
import type { PageRecord, Store } from "../store/types";
import { chunkPages, type ChunkOptions } from "./chunkPages";
import { collectImportFiles } from "./collectImportFiles";
import { detectLanguage } from "../../../shared/text";
import { hashFile } from "./hashFile";
import { importError, ImportError } from "./ImportError";
import { parseDocument } from "./parseDocument";
import type { ChunkDraft } from "../store/types";
import type { EmbeddingIndexer } from "./EmbeddingIndexer";
import { attachmentEntries, discardAttachments, type QueuedFile } from "./importAttachments";
import type { ImportEmbedding } from "./ImportEmbedding";
import {
  failedResult,
  isAborted,
  notesOf,
  notStartedResult,
  outsideLinkResult,
  replayable,
} from "./importResults";
import {
  SMALL_DOCUMENT_CHUNKS,
  SmallDocuments,
  type SmallDocumentsOptions,
} from "./SmallDocuments";

export interface ImporterOptions {
  /** Chunk sizes. Default: see ChunkOptions. */
  chunking?: ChunkOptions;
  /** Largest file accepted, in bytes. Default: 1 GiB (policy MaxImportFileSizeMB overrides). */
  maxFileBytes?: number;
  /**
   * Embeds the passages as they are produced; the import ends once they are embedded, so that
   * its report counts the passages truncated for embedding. Default: none (full-text only).
   */
  indexer?: Pick<EmbeddingIndexer, "index" | "importEmbedding">;
  /**
   * Where e-mail attachments are kept, to be imported as child documents of their message.
   * Default: none (attachments are listed in the result's notes, not imported).
   */
  attachmentsDir?: string;
  /** How small documents share commits. Default: see SmallDocumentsOptions. */
  smallDocuments?: SmallDocumentsOptions;
  /** Called for every imported or failed file (the audit log). */
  onResult?: (collection: string, result: ImportFileResult) => Promise<void>;
}

/** How a background import makes way for the user (source-folder passes). Default: no pauses. */
export interface ImportPacing {
  /** Awaited before each file: a background import waits here while the user asks something. */
  beforeFile?: () => Promise<void>;
  /** Overrides ImporterOptions.smallDocuments (smaller groups: shorter writes to wait for). */
  smallDocuments?: SmallDocumentsOptions;
  /**
   * False: leave the new rows out of the search indexes (searched flat meanwhile); the caller
   * refreshes later, when the user is not asking. Default: true (refresh at the end).
   */
  refreshIndexes?: boolean;
}

type Batch = { chunks: ChunkDraft[]; pages: PageRecord[] };

export class Importer {
  constructor(
    private readonly store: Store,
    private readonly options: ImporterOptions = {},
  ) {}

  /**
   * Imports `args.paths`. Aborting `signal` stops the import: the file being parsed stops (its
   * partial write is rolled back by the store), files already imported stay, and files not yet
   * started are reported with code ABORTED, as is the one in flight.
   */
  async import(
    args: { collection: string; requestId: string; paths: string[] },
    emit: (e: ImportEvent) => void,
    signal?: AbortSignal,
    pacing: ImportPacing = {},
  ): Promise<ImportReport> {
    const { collection, requestId } = args;
    const { files, outside } = await collectImportFiles(args.paths);
    const { indexer } = this.options;
    const results: ImportFileResult[] = [];
    for (const link of outside) {
      const result = outsideLinkResult(link);
      emit({ kind: "failed", requestId, file: result.file, path: link.path, error: result.error });
      results.push(result);
      await this.options.onResult?.(collection, result);
    }
    let truncatedChunks = 0;
    // A skipped document's passages may still lack vectors from the selected model (a re-embed
    // under way, or cut short by a close): the import makes sure they have them before it ends.
    let unindexed = false;
    // Progress counts a page once its passages are embedded too, so the bar does not sit at the
    // end while embedding catches up (and measures the whole import's rate, for an ETA).
    let current = { id: "", file: "", path: "", parsed: 0, embedded: 0, total: 0 };
    const report = (): void => {
      const { file, path, parsed, embedded, total } = current;
      const both = embedding?.active === true && current.id !== "";
      const pagesDone = both ? Math.min(parsed, embedded) : parsed;
      emit({ kind: "progress", requestId, file, path, pagesDone, pagesTotal: total });
    };
    const embedding = indexer?.importEmbedding({
      signal,
      onEmbedded: (documentId, page) => {
        if (documentId !== current.id || page <= current.embedded) return;
        current.embedded = page;
        report();
      },
    });
    // E-mail attachments join the queue right after their message; `saved` collects the files
    // their parsers wrote, so the ones no document came from can be deleted at the end.
    const queue: QueuedFile[] = files.map((path) => ({ path }));
    const saved: string[] = [];
    // Small documents wait here for a shared commit; they are reported once it is on disk.
    const small = new SmallDocuments(this.store, embedding, {
      ...this.options.smallDocuments,
      ...pacing.smallDocuments,
    });
    const landed = async (result: ImportFileResult): Promise<void> => {
      const { file, path } = result;
      if (result.ok)
        emit({
          kind: "done",
          requestId,
          file,
          path,
          documentId: result.documentId ?? "",
          pages: result.pages ?? 0,
          chunks: result.chunks ?? 0,
          skipped: result.skipped === true,
          truncatedChunks,
        });
      else emit({ kind: "failed", requestId, file, path, error: result.error as ErrorInfo });
      results.push(result);
      await this.options.onResult?.(collection, result);
    };
    const flushSmall = async (): Promise<void> => {
      for (const r of await small.flush((e, p) => failedResult(e, p.write.doc.path)))
        await landed(r);
    };
    for (const [index, { path, parent }] of queue.entries()) {
      const file = basename(path);
      await pacing.beforeFile?.();
      if (isAborted(signal)) {
        await landed(notStartedResult(path));
        continue;
      }
      emit({ kind: "started", requestId, file, path, index, total: queue.length });
      let result: ImportFileResult;
      current = { id: "", file, path, parsed: 0, embedded: 0, total: 0 };
      try {
        const outcome = await this.importOne(
          path,
          collection,
          (pagesDone, pagesTotal, id) => {
            if (id !== undefined) current.id = id;
            current.parsed = Math.max(current.parsed, pagesDone);
            current.total = pagesTotal;
            report();
          },
          signal,
          embedding,
          parent,
          saved,
          small,
        );
        if (outcome === "parked" || outcome === "due") {
          if (outcome === "due") await flushSmall();
          continue;
        }
        result = outcome;
        const children = result.ok ? (result.attachments ?? []) : [];
        queue.splice(
          index + 1,
          0,
          ...attachmentEntries(children, result.documentId ?? "", parent?.depth ?? 0),
        );
        if (result.skipped === true) unindexed = true;
      } catch (error) {
        result = failedResult(error, path);
      }
      await landed(result);
    }
    await flushSmall();
    // A document written before the stop stays imported; its embedding finishes first.
    if (embedding !== undefined) {
      truncatedChunks += await embedding.finish();
      unindexed ||= embedding.incomplete;
    }
    // Every file landed either way; the indexer reports its own failures (backgroundProgress).
    // After a stop, passages still without vectors are embedded at the engine's next open.
    if (unindexed && indexer !== undefined && !isAborted(signal))
      truncatedChunks += await indexer.index().catch(() => 0);
    // Saved attachments no document was imported from (failed, or their message failed) go.
    if (this.options.attachmentsDir !== undefined)
      await discardAttachments(this.store, this.options.attachmentsDir, saved);
    if (pacing.refreshIndexes !== false) await this.store.refreshIndexes();
    const stopped = results.filter((r) => r.error?.code === "ABORTED").length;
    const failed = results.filter((r) => !r.ok).length - stopped;
    const skipped = results.filter((r) => r.skipped === true).length;
    emit({
      kind: "finished",
      requestId,
      imported: results.length - failed - stopped - skipped,
      failed,
      skipped,
      stopped,
    });
    return { requestId, results, truncatedChunks };
  }

  private async importOne(
    path: string,
    collection: string,
    progress: (done: number, total: number, documentId?: string) => void,
    signal: AbortSignal | undefined,
    embedding: ImportEmbedding | undefined,
    parent?: QueuedFile["parent"],
    saved: string[] = [],
    small?: SmallDocuments,
  ): Promise<ImportFileResult | "parked" | "due"> {
    const file = basename(path);
    const info = await stat(path);
    const maxFileBytes = this.options.maxFileBytes;
    if (maxFileBytes !== undefined && info.size > maxFileBytes) {
      throw new ImportError(
        "TOO_LARGE",
        path,
        `"${file}" is ${Math.ceil(info.size / 2 ** 20)} MiB; this installation accepts files up to ${Math.floor(maxFileBytes / 2 ** 20)} MiB. Split it, or ask IT to raise MaxImportFileSizeMB.`,
      );
    }
    const id = await hashFile(path);
    const existing = await this.store.getDocument(id);
    if (small?.holds(id) === true) return { file, path, ok: true, documentId: id, skipped: true };
    if (existing !== null && existing.status === "ready") {
      if (!existing.collections.includes(collection))
        await this.store.addToCollection(id, collection);
      return {
        file,
        path,
        ok: true,
        documentId: id,
        pages: existing.pages,
        chunks: existing.chunks,
        skipped: true,
      };
    }
    const previous = (await this.store.findByPath(path)).find((d) => d.id !== id);
    if (isAborted(signal)) throw importError("ABORTED", path);
    const parsed = await parseDocument(path, {
      maxFileBytes,
      signal,
      onProgress: (p) => progress(p.pagesDone, p.pagesTotal),
      attachmentsDir: this.options.attachmentsDir,
    });
    const attachments = (parsed.attachments ?? []).map((a) => a.path);
    saved.push(...attachments);
    progress(0, parsed.pageCount, id);
    const batches = chunkPages(parsed.pages, this.options.chunking)[Symbol.asyncIterator]();
    // The language decides stemming, so read a little text before the write begins.
    const head: Batch[] = [];
    let sample = "";
    let whole = false;
    while (sample.length < 4000) {
      const next = await batches.next();
      if (next.done === true) {
        whole = true;
        break;
      }
      head.push(next.value);
      sample += next.value.pages.map((p) => p.text).join("\n");
    }
    let chunks = 0;
    // Each batch is queued for embedding as it goes to the store (waiting while the queue is full).
    async function* all(): AsyncGenerator<Batch> {
      for (const b of head) {
        chunks += b.chunks.length;
        await embedding?.add(id, parsed.title, b.chunks);
        yield b;
      }
      for (let n = await batches.next(); n.done !== true; n = await batches.next()) {
        chunks += n.value.chunks.length;
        await embedding?.add(id, parsed.title, n.value.chunks);
        const last = n.value.pages.at(-1);
        if (last !== undefined) progress(last.page, parsed.pageCount, id);
        yield n.value;
      }
    }
    const doc = {
      id,
      title: parsed.title,
      file,
      path,
      format: parsed.format,
      bytes: info.size,
      language: detectLanguage(sample),
      collection,
      ...(parent === undefined ? {} : { parent: parent.id }),
    };
    const headChunks = head.reduce((n, b) => n + b.chunks.length, 0);
    if (
      small !== undefined &&
      whole &&
      headChunks <= SMALL_DOCUMENT_CHUNKS &&
      !parent &&
      !attachments.length
    ) {
      // Parsed whole and small: it waits for a shared commit (SmallDocuments).
      for (const b of head) await embedding?.add(id, parsed.title, b.chunks);
      const write = { doc, pageCount: parsed.pageCount, chunks: replayable(head) };
      const result = { file, path, ok: true, documentId: id, pages: parsed.pageCount };
      return small.park(
        {
          write: previous === undefined ? write : { ...write, replaces: previous.id },
          result: { ...result, chunks: headChunks, skipped: false, ...notesOf(parsed.notes) },
          previous,
        },
        headChunks,
      )
        ? "due"
        : "parked";
    }
    try {
      await this.store.writeDocument({
        doc,
        pageCount: parsed.pageCount,
        chunks: all(),
        replaces: previous?.id,
      });
    } catch (error) {
      embedding?.discard(id);
      throw error;
    }
    // Committed: its vectors are written once all its passages are embedded.
    embedding?.commit(id);
    if (previous !== undefined)
      for (const c of previous.collections)
        if (c !== collection) await this.store.addToCollection(id, c);
    return {
      file,
      path,
      ok: true,
      documentId: id,
      pages: parsed.pageCount,
      chunks,
      skipped: false,
      ...(parent === undefined ? {} : { parentId: parent.id }),
      ...notesOf(parsed.notes),
      ...(attachments.length > 0 ? { attachments } : {}),
    };
  }
}
