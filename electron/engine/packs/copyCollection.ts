/**
 * Copies one collection out of a library (which holds many collections in shared tables) into a
 * fresh LanceDB folder: its ready documents, their pages, passages and vectors, then builds the
 * same indexes the store builds (full-text, scalar, and the ANN index past its threshold) and
 * drops every table's history, so the folder holds exactly one version of the collection.
 */
import path from "node:path";
import type { Connection, Table } from "@lancedb/lancedb";
import { loadLance } from "../store/lanceModule";
import { LanceStore } from "../store/LanceStore";
import { rowsOf, str, toDocumentRow, type DocumentRow, type Row } from "../store/rows";
import { TABLES } from "../store/schema";
import { ensureSearchIndexes, purgeOldVersions } from "../store/searchIndexes";
import { VectorTable, type VectorTableOptions } from "../store/VectorTable";
import { eq, inList } from "../store/where";
import { DOCUMENTS_FOLDER } from "./packManifest";

export interface CopyCollectionOptions {
  /** Snowball language of the full-text index, as the library's. Default: "English". */
  ftsLanguage?: string;
  /** Options of the vectors' ANN index. Default: the store's (VectorTableOptions). */
  vectors?: VectorTableOptions;
  /** Documents whose rows are copied per query. Default: 200. */
  batch?: number;
}

export interface CopiedCollection {
  documents: DocumentRow[];
  passages: number;
  pages: number;
  vectors: number;
  /** The vectors' model and dimension, or null when none of the passages has a vector. */
  embedding: { modelId: string; dimensions: number } | null;
}

/** Relative path of a document's original inside the pack. */
export function packDocumentPath(id: string, file: string): string {
  const ext = path.extname(file).toLowerCase();
  return `${DOCUMENTS_FOLDER}/${id}${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ""}`;
}

export async function copyCollection(
  sourceLibraryDir: string,
  targetLibraryDir: string,
  collection: string,
  options: CopyCollectionOptions = {},
): Promise<CopiedCollection> {
  const lance = await loadLance();
  const source = await lance.connect(sourceLibraryDir);
  const names = new Set(await source.tableNames());
  const documents = names.has(TABLES.documents)
    ? (await rowsOf((await source.openTable(TABLES.documents)).query()))
        .map(toDocumentRow)
        .filter((d) => d.status === "ready" && d.collections.includes(collection))
        .sort((a, b) => a.id.localeCompare(b.id))
    : [];
  if (documents.length === 0)
    throw new Error(
      `The collection "${collection}" holds no imported documents in ${sourceLibraryDir}: check the name with \`enclave collections\`.`,
    );
  const createdAt = names.has(TABLES.collections)
    ? str(
        (
          await rowsOf(
            (await source.openTable(TABLES.collections)).query().where(eq("name", collection)),
          )
        )[0]?.created_at,
      )
    : "";

  // The store creates its own tables and meta (schema and analyser versions), as for a new library.
  await (await LanceStore.open(targetLibraryDir, { ftsLanguage: options.ftsLanguage })).close();
  const target = await lance.connect(targetLibraryDir);
  await (
    await target.openTable(TABLES.collections)
  ).add([{ name: collection, created_at: createdAt || new Date().toISOString() }]);
  await (
    await target.openTable(TABLES.documents)
  ).add(
    documents.map((d) => ({
      ...d,
      collections: [collection],
      path: packDocumentPath(d.id, d.file),
      replaced_by: null,
      error: null,
    })),
  );

  const copy = async (name: string, map: (r: Row) => Row = (r) => r): Promise<number> => {
    if (!names.has(name)) return 0;
    const from = await source.openTable(name);
    let to: Table | null = (await target.tableNames()).includes(name)
      ? await target.openTable(name)
      : null;
    let count = 0;
    const size = options.batch ?? 200;
    for (let i = 0; i < documents.length; i += size) {
      const ids = documents.slice(i, i + size).map((d) => d.id);
      const rows = (await rowsOf(from.query().where(inList("doc_id", ids)))).map(map);
      if (rows.length === 0) continue;
      // The vectors table's column width depends on the model: created from the source's schema.
      to ??= await target.createEmptyTable(name, await from.schema());
      await to.add(rows);
      count += rows.length;
    }
    return count;
  };
  const pages = await copy(TABLES.pages);
  const passages = await copy(TABLES.chunks);
  const vectors = await copy(TABLES.vectors, (r) => ({
    ...r,
    vector: Array.from(r.vector as Iterable<number>),
  }));

  await ensureSearchIndexes(
    lance,
    await target.openTable(TABLES.chunks),
    options.ftsLanguage ?? "English",
  );
  const vectorTable = await VectorTable.open(lance, target, options.vectors ?? {});
  await vectorTable.maintainIndex();
  await vectorTable.close();
  const embedding = vectors === 0 ? null : await embeddingOf(target);
  const tables = await openAll(target);
  await purgeOldVersions(tables);
  for (const t of tables) t.close();
  target.close();
  source.close();
  return { documents, passages, pages, vectors, embedding };
}

async function embeddingOf(db: Connection): Promise<CopiedCollection["embedding"]> {
  const table = await db.openTable(TABLES.vectors);
  const first = (await rowsOf(table.query().select(["model_id"]).limit(1)))[0];
  const field = (await table.schema()).fields.find((f) => f.name === "vector");
  const dimensions = (field?.type as { listSize?: number } | undefined)?.listSize ?? 0;
  table.close();
  return first === undefined ? null : { modelId: str(first.model_id), dimensions };
}

async function openAll(db: Connection): Promise<Table[]> {
  return Promise.all((await db.tableNames()).map((n) => db.openTable(n)));
}
