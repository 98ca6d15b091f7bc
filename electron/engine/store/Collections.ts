/**
 * Collections and membership. The `collections` table names them; each document row lists the
 * collections it belongs to, so a document shared by two cases is stored once. Leaving its last
 * collection deletes a document for real (Janitor.purge).
 */
import type { Table } from "@lancedb/lancedb";
import type { CollectionInfo } from "../../../shared/types";
import type { DocumentCatalog } from "./DocumentCatalog";
import { CollectionExistsError, CollectionNotFoundError, DocumentNotFoundError } from "./errors";
import type { Janitor } from "./Janitor";
import type { StoreTables } from "./schema";
import { rowsOf, str } from "./rows";
import { eq } from "./where";

export class Collections {
  constructor(
    private readonly tables: Pick<StoreTables, "collections">,
    private readonly catalog: DocumentCatalog,
    private readonly janitor: Janitor,
  ) {}

  /** Read at each use: the store may reconnect and replace its handles (LanceStore.reconnect). */
  private get table(): Table {
    return this.tables.collections;
  }

  async list(): Promise<CollectionInfo[]> {
    const rows = await rowsOf(this.table.query());
    const ready = this.catalog.ready();
    return rows
      .map((r) => ({
        name: str(r.name),
        createdAt: str(r.created_at),
        documentCount: ready.filter((d) => d.collections.includes(str(r.name))).length,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(name: string): Promise<CollectionInfo> {
    if (await this.exists(name)) throw new CollectionExistsError(name);
    const createdAt = new Date().toISOString();
    await this.table.add([{ name, created_at: createdAt }]);
    return { name, createdAt, documentCount: 0 };
  }

  /** Creates the collection unless it exists (an import names its target collection). */
  async ensure(name: string): Promise<void> {
    if (!(await this.exists(name)))
      await this.table.add([{ name, created_at: new Date().toISOString() }]);
  }

  /**
   * Members move before the old name goes: a kill in between leaves documents naming a
   * collection the table lacks, which recover() adds back.
   */
  async rename(from: string, to: string): Promise<CollectionInfo> {
    const row = (await rowsOf(this.table.query().where(nameIs(from))))[0];
    if (row === undefined) throw new CollectionNotFoundError(from);
    if (from !== to && (await this.exists(to))) throw new CollectionExistsError(to);
    const members = this.catalog.members(from);
    await this.catalog.upsert(
      members.map((d) => ({
        ...d,
        collections: d.collections.map((c) => (c === from ? to : c)),
      })),
    );
    await this.table.add([{ name: to, created_at: str(row.created_at) }]);
    await this.table.delete(nameIs(from));
    return {
      name: to,
      createdAt: str(row.created_at),
      documentCount: members.filter((d) => d.status === "ready").length,
    };
  }

  /** Deletes the collection and, for real, its documents that are in no other; returns how many. */
  async delete(name: string): Promise<number> {
    if (!(await this.exists(name))) throw new CollectionNotFoundError(name);
    const members = this.catalog.members(name);
    const orphans = members.filter((d) => d.collections.length === 1);
    const shared = members.filter((d) => d.collections.length > 1);
    await this.catalog.upsert(
      shared.map((d) => ({ ...d, collections: d.collections.filter((c) => c !== name) })),
    );
    await this.janitor.purge(orphans.map((d) => d.id));
    await this.table.delete(nameIs(name));
    return orphans.filter((d) => d.status === "ready").length;
  }

  /** Adds a ready document to a collection (created if needed) without touching its content. */
  async addMember(documentId: string, collection: string): Promise<void> {
    const row = this.catalog.get(documentId);
    if (row === undefined || row.status !== "ready") throw new DocumentNotFoundError(documentId);
    await this.ensure(collection);
    if (row.collections.includes(collection)) return;
    await this.catalog.upsert([{ ...row, collections: [...row.collections, collection] }]);
  }

  /** Takes a document out of a collection; deletes it for real when in no other (returns true). */
  async removeMember(documentId: string, collection: string): Promise<boolean> {
    const row = this.catalog.get(documentId);
    if (row === undefined || !row.collections.includes(collection))
      throw new DocumentNotFoundError(documentId);
    if (row.collections.length > 1) {
      await this.catalog.upsert([
        { ...row, collections: row.collections.filter((c) => c !== collection) },
      ]);
      return false;
    }
    await this.janitor.purge([documentId]);
    return true;
  }

  /** Adds back collections that documents name but the table lacks (a kill during a rename). */
  async recover(): Promise<void> {
    const known = new Set((await rowsOf(this.table.query())).map((r) => str(r.name)));
    const missing = new Set(
      this.catalog
        .all()
        .flatMap((d) => d.collections)
        .filter((c) => !known.has(c)),
    );
    for (const name of missing)
      await this.table.add([{ name, created_at: new Date().toISOString() }]);
  }

  private async exists(name: string): Promise<boolean> {
    return (await this.table.countRows(nameIs(name))) > 0;
  }
}

const nameIs = (name: string): string => eq("name", name);
