/**
 * E-mail attachments as child documents. The parser saves each attachment in the attachments
 * folder (formats/saveAttachments); the importer then imports it right after its message, through
 * the same path as any file, recording the message as its parent. A file nothing refers to after
 * its import (it failed, or its message failed) is deleted, so the folder holds only what the
 * library cites.
 */
import { rm } from "node:fs/promises";
import { dirname, isAbsolute, join, relative } from "node:path";
import type { Store } from "../store/types";

/** The data folder's attachments folder: e-mail attachments live here as long as the library cites them. */
export function attachmentsDir(dataDir: string): string {
  return join(dataDir, "attachments");
}

/** A file waiting in the importer's queue; `parent` is set for an attachment. */
export interface QueuedFile {
  path: string;
  parent?: { id: string; depth: number };
}

/** Attachments of attachments (forwarded mail) are followed this many levels deep. */
export const MAX_ATTACHMENT_DEPTH = 4;

/** The queue entries for a message's saved attachments (paths), or none once nesting is too deep. */
export function attachmentEntries(
  attachments: readonly string[],
  parentId: string,
  parentDepth: number,
): QueuedFile[] {
  if (parentDepth >= MAX_ATTACHMENT_DEPTH) return [];
  return attachments.map((path) => ({
    path,
    parent: { id: parentId, depth: parentDepth + 1 },
  }));
}

/** Whether `path` lies inside `dir`. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/**
 * Deletes saved attachment files that no ready document was imported from (with their hash
 * folder, which holds nothing else). Files outside `dir` are never touched.
 */
export async function discardAttachments(
  store: Pick<Store, "findByPath">,
  dir: string,
  paths: readonly string[],
): Promise<void> {
  for (const path of paths) {
    if (!isInside(dir, path) || (await store.findByPath(path)).length > 0) continue;
    await rm(dirname(path), { recursive: true, force: true });
  }
}
