/**
 * The one place LanceDB filter strings are built. Every value reaches SQL through `literal`, so a
 * collection or document name can never change the meaning of a filter.
 */

/** A column name the store itself declares; never user input. */
export type Column =
  | "id"
  | "name"
  | "key"
  | "doc_id"
  | "chunk_id"
  | "model_id"
  | "status"
  | "page"
  | "page_end"
  | "chunk_index";

/** A SQL string literal with single quotes doubled (the only escape Lance's SQL dialect needs). */
export function literal(value: string | number): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new RangeError(`Cannot filter on ${value}: pass a finite number.`);
    return String(value);
  }
  if (value.includes("\u0000")) throw new RangeError("Cannot filter on a value containing NUL.");
  return `'${value.replaceAll("'", "''")}'`;
}

export function eq(column: Column, value: string | number): string {
  return `${column} = ${literal(value)}`;
}

/** `column IN (...)`; an empty list yields a filter that matches nothing. */
export function inList(column: Column, values: readonly (string | number)[]): string {
  if (values.length === 0) return "false";
  return `${column} IN (${values.map(literal).join(", ")})`;
}

export function and(...parts: string[]): string {
  return parts.map((p) => `(${p})`).join(" AND ");
}
