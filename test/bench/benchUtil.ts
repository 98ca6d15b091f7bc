/** Small helpers shared by the benchmark scripts (they print figures; they are not tests). */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
/** ../shared beside the repository: reference material for benchmarks only. */
export const referenceDir = path.resolve(here, "..", "..", "..", "shared");
export const defaultCorpusDir = path.join(referenceDir, "corpus");
export const defaultDevset = path.join(referenceDir, "eval", "devset.jsonl");

export function pdfFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(".pdf"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Physical page count as pdfinfo reports it. */
export function pdfPageCount(file: string): number {
  const out = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const m = /^Pages:\s+(\d+)/m.exec(out);
  if (!m) throw new Error(`pdfinfo gave no page count for ${file}`);
  return Number(m[1]);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

/** Options "--name value" and positionals from argv. */
export function parseArgs(argv: string[]): { flags: Map<string, string>; positionals: string[] } {
  const flags = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith("--")) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        flags.set(a.slice(2), next);
        i++;
      } else flags.set(a.slice(2), "true");
    } else positionals.push(a);
  }
  return { flags, positionals };
}
