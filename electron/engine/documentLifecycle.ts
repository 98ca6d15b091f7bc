/**
 * Document lifecycle steps that span the store, conversations and the audit log: deleting a
 * collection or a document for real (quotes leave every conversation too) and re-indexing a
 * document without losing it when the new import fails.
 */
import type { MethodArgs } from "../../shared/contract";
import type { DocumentInfo, ImportReport } from "../../shared/types";
import { DocumentChangedError } from "./errors";
import { hashFile } from "./ingest/hashFile";
import { attachmentsDir, discardAttachments } from "./ingest/importAttachments";
import { parseDocument } from "./ingest/parseDocument";
import { ReindexFailedError } from "./library/ReindexFailedError";
import type { EngineServices } from "./openEngineServices";

export async function deleteCollection(
  s: EngineServices,
  { name }: MethodArgs<"deleteCollection">,
): Promise<{ removedDocuments: number }> {
  // Documents only here are deleted for real: their quotes leave every conversation first, so
  // a kill midway leaves none behind, and again after, for a turn saved meanwhile.
  const doomed = (await s.store.listDocuments(name))
    .filter((d) => d.collections.length === 1)
    .map((d) => d.id);
  await s.conversations.scrubDocuments(doomed);
  const removedDocuments = await s.store.deleteCollection(name);
  await s.conversations.deleteCollection(name);
  await s.conversations.scrubDocuments(doomed);
  await s.audit?.append({ kind: "delete-collection", collection: name, removedDocuments });
  return { removedDocuments };
}

export async function removeDocument(
  s: EngineServices,
  { collection, documentId }: MethodArgs<"removeDocument">,
): Promise<{ deleted: boolean }> {
  // Leaving its last collection deletes the document for real, and its quotes go from every
  // conversation: first, so a kill midway leaves none behind (the store finishes its part at
  // the next open), and again after, for a turn saved meanwhile.
  const doc = await s.store.getDocument(documentId);
  const lastCopy = doc?.collections.length === 1 && doc.collections[0] === collection;
  if (lastCopy) await s.conversations.scrubDocuments([documentId]);
  // An e-mail's attachments leave the collection with it.
  const children = (await s.store.childDocuments(documentId)).filter((c) =>
    c.collections.includes(collection),
  );
  const deleted = await s.store.removeDocument(documentId, collection);
  if (deleted) await s.conversations.scrubDocuments([documentId]);
  await s.audit?.append({ kind: "remove-document", collection, documentId, deleted });
  for (const child of children) await removeDocument(s, { collection, documentId: child.id });
  if (deleted && doc !== null)
    await discardAttachments(s.store, attachmentsDir(s.options.dataDir), [doc.path]);
  return { deleted };
}

export async function reindexDocument(
  s: EngineServices,
  { documentId }: MethodArgs<"reindexDocument">,
  importPaths: (args: {
    collection: string;
    requestId: string;
    paths: string[];
  }) => Promise<ImportReport>,
): Promise<DocumentInfo> {
  const doc = await s.store.getDocument(documentId);
  if (doc === null || doc.status !== "ready") throw new DocumentChangedError(documentId);
  const [first, ...others] = doc.collections;
  if (first === undefined) throw new DocumentChangedError(documentId);
  const requestId = `reindex-${documentId.slice(0, 8)}`;
  const sameBytes = (await hashFile(doc.path).catch(() => null)) === documentId;
  if (sameBytes) {
    // The importer skips bytes it already holds, so same bytes (e.g. after an Enclave upgrade)
    // are parsed once first: a file that no longer parses fails here, the old version intact.
    const parsed = await parseDocument(doc.path);
    for await (const _page of parsed.pages) void _page;
    for (const c of others) await s.store.removeDocument(documentId, c);
    await s.store.removeDocument(documentId, first);
  }
  // Changed bytes: the import replaces the old version in the commit of the new one, and a
  // failure leaves the old one searchable.
  const report = await importPaths({ collection: first, requestId, paths: [doc.path] });
  const result = report.results[0];
  if (result?.ok !== true || result.documentId === undefined)
    throw new ReindexFailedError(doc.file, result?.error);
  for (const c of others) await s.store.addToCollection(result.documentId, c);
  const fresh = await s.store.getDocument(result.documentId);
  if (fresh === null) throw new DocumentChangedError(result.documentId);
  return fresh;
}
