/** What the empty states need to know about the library and the first-run sample (the user guide). */
import { SAMPLE_GUIDE_FILE } from "../../../shared/sampleGuide";
import type { CollectionInfo, DocumentInfo } from "../../../shared/types";

/** No collection holds a document yet: the first run, when the guide is offered (not while loading). */
export function libraryIsEmpty(collections: readonly CollectionInfo[]): boolean {
  return collections.length > 0 && collections.every((c) => c.documentCount === 0);
}

/** The collection holds the imported user guide, so its suggested questions make sense. */
export function hasSampleGuide(documents: readonly DocumentInfo[]): boolean {
  return documents.some((d) => d.file === SAMPLE_GUIDE_FILE);
}
