/**
 * The durable record of deletions under way: a small JSON file beside the tables, written before
 * any destructive step and cleared only after the rewrite and the prune, so a kill at any point
 * leaves a record that the next open finishes (Janitor.recover). It holds document ids (hashes of
 * bytes), never text. "documents" are deleted for real; "replaced" are versions whose content
 * goes while their row stays as a tombstone.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { readTextIfPresent } from "../support/readTextIfPresent";
import { writeJsonAtomic } from "../support/writeJsonAtomic";

export interface PendingWork {
  documents: string[];
  replaced: string[];
}

const FILE_NAME = "pending-deletions.json";

export class PendingDeletions {
  private constructor(
    private readonly file: string,
    private work: PendingWork,
  ) {}

  static async load(dataDir: string): Promise<PendingDeletions> {
    const file = path.join(dataDir, FILE_NAME);
    const text = await readTextIfPresent(file);
    const parsed = text === null ? {} : (JSON.parse(text) as Partial<PendingWork>);
    return new PendingDeletions(file, {
      documents: parsed.documents ?? [],
      replaced: parsed.replaced ?? [],
    });
  }

  /** What a killed process left unfinished. */
  get current(): PendingWork {
    return { documents: [...this.work.documents], replaced: [...this.work.replaced] };
  }

  /** Records work before it starts (one atomic file write). */
  async add(work: Partial<PendingWork>): Promise<void> {
    await this.save({
      documents: union(this.work.documents, work.documents),
      replaced: union(this.work.replaced, work.replaced),
    });
  }

  /** Clears work once the rewrite and the prune are done. */
  async done(work: Partial<PendingWork>): Promise<void> {
    const documents = new Set(work.documents);
    const replaced = new Set(work.replaced);
    await this.save({
      documents: this.work.documents.filter((id) => !documents.has(id)),
      replaced: this.work.replaced.filter((id) => !replaced.has(id)),
    });
  }

  private async save(work: PendingWork): Promise<void> {
    if (work.documents.length === 0 && work.replaced.length === 0)
      await rm(this.file, { force: true });
    else await writeJsonAtomic(this.file, work);
    this.work = work;
  }
}

function union(a: string[], b: string[] = []): string[] {
  return [...new Set([...a, ...b])];
}
