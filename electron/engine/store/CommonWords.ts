/**
 * Which words of a search scope are too common to look up (commonTerms.ts explains why), kept
 * current in the background: the word sample is retaken after open and after every index change.
 * Only the first search after open waits for the first sample (see ready); later ones use the
 * previous sample while the next is taken.
 */
import type { Table } from "@lancedb/lancedb";
import type { StoreTables } from "./schema";
import { SerialQueue } from "../support/serialQueue";
import { TermSample, type CommonTermOptions } from "./commonTerms";
import type { DocumentCatalog } from "./DocumentCatalog";
import type { SearchScope } from "./types";

export class CommonWords {
  private sample: TermSample | undefined;
  /** The first sample's taking (see ready). */
  private first: Promise<void> | undefined;
  private readonly upkeep = new SerialQueue();
  /** The last scope's words, valid while neither the sample nor the catalog changes. */
  private cache: { key: string; sample: TermSample; words: ReadonlySet<string> } | undefined;

  constructor(
    private readonly tables: Pick<StoreTables, "chunks">,
    private readonly catalog: DocumentCatalog,
    private readonly options: CommonTermOptions | undefined,
  ) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get chunks(): Table {
    return this.tables.chunks;
  }

  /** Retakes the sample in the background; a failure keeps the previous one. */
  resample(): void {
    const taking = this.upkeep
      .run(async () => {
        this.sample = await TermSample.take(this.chunks, this.options);
      })
      .catch(() => undefined);
    this.first ??= taking;
  }

  /**
   * Resolves once the first sample is taken (or has failed). The first search after open waits
   * for it (about 100 ms at 6,000 passages), so that a question ranks the same as a moment later,
   * and in a one-shot CLI search as in the app; later samples never hold a search up.
   */
  async ready(): Promise<void> {
    await this.first;
  }

  /** Resolves once the sample queued so far is taken (or has failed). */
  idle(): Promise<void> {
    return this.upkeep.idle();
  }

  /** Words common in the scope's passages, which the body query may leave out (ftsQuery.ts). */
  of(scope: SearchScope): ReadonlySet<string> {
    const sample = this.sample;
    if (sample === undefined) return new Set();
    // The documents are part of the key: a scoped search's words are not its collection's.
    const key = [
      this.catalog.version,
      [...new Set(scope.collections)].sort().join("\n"),
      [...new Set(scope.documents ?? [])].sort().join(","),
    ].join("\n\n");
    if (this.cache?.key === key && this.cache.sample === sample) return this.cache.words;
    const words = sample.commonWords(this.catalog.inScope(scope).map((d) => d.id));
    this.cache = { key, sample, words };
    return words;
  }
}
