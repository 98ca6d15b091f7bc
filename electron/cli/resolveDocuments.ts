/** `--document <id-or-file-name>`: the documents a question is scoped to, named as a user would. */
import path from "node:path";
import type { DocumentInfo } from "../../shared/types";
import type { EngineApi } from "../engine/EngineApi";
import { CliUsageError } from "./CliEngine";

/** How many candidates an error lists before saying how many more there are. */
const LISTED = 10;

function describe(d: DocumentInfo): string {
  return `  ${d.file}  (${d.id.slice(0, 12)}…, ${d.path})`;
}

function candidates(docs: readonly DocumentInfo[]): string {
  const shown = docs.slice(0, LISTED).map(describe);
  if (docs.length > LISTED) shown.push(`  … and ${docs.length - LISTED} more`);
  return shown.join("\n");
}

/**
 * One --document value: a document id (whole, or a prefix of at least 8 hex digits), a file name
 * (with or without its folder), or a title, within the collection. Unknown or ambiguous names
 * throw a CliUsageError that lists the candidates.
 */
export function resolveDocument(
  value: string,
  docs: readonly DocumentInfo[],
  collection: string,
): DocumentInfo {
  const wanted = value.trim();
  const lower = wanted.toLowerCase();
  const base = path.basename(wanted).toLowerCase();
  const tiers: ((d: DocumentInfo) => boolean)[] = [
    (d) => d.id === lower || (/^[0-9a-f]{8,63}$/.test(lower) && d.id.startsWith(lower)),
    (d) => d.path === path.resolve(wanted),
    (d) => d.file.toLowerCase() === base,
    (d) => d.title.toLowerCase() === lower,
    (d) => path.parse(d.file).name.toLowerCase() === base,
  ];
  for (const match of tiers) {
    const found = docs.filter(match);
    if (found.length === 1) return found[0] as DocumentInfo;
    if (found.length > 1)
      throw new CliUsageError(
        `--document ${wanted} matches ${found.length} documents in collection "${collection}"; name one by its id or full path:\n${candidates(found)}`,
      );
  }
  const near = docs.filter(
    (d) => d.file.toLowerCase().includes(base) || d.title.toLowerCase().includes(lower),
  );
  throw new CliUsageError(
    near.length > 0
      ? `No document in collection "${collection}" is named ${wanted}. Did you mean:\n${candidates(near)}`
      : docs.length === 0
        ? `Collection "${collection}" has no documents: import some first.`
        : `No document in collection "${collection}" is named ${wanted}. Its documents:\n${candidates(docs)}`,
  );
}

/** Every --document value resolved to a document id (undefined when none was given). */
export async function resolveDocuments(
  engine: Pick<EngineApi, "listDocuments">,
  collection: string,
  values: readonly string[] | undefined,
): Promise<string[] | undefined> {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 50) throw new CliUsageError("--document can be given at most 50 times.");
  const docs = await engine.listDocuments({ collection });
  return [...new Set(values.map((v) => resolveDocument(v, docs, collection).id))];
}

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
