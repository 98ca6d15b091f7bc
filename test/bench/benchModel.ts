/** Shared helpers of the model benchmarks: argument parsing and a catalog entry for a GGUF path. */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export function modelArg(extra: Record<string, { type: "string"; default?: string }> = {}): {
  model: string;
  values: Record<string, string | undefined>;
} {
  const { values } = parseArgs({
    options: { model: { type: "string" }, ...extra },
    allowPositionals: false,
  });
  if (!values.model) {
    console.error("Usage: tsx <bench> --model <path to .gguf>");
    process.exit(2);
  }
  return { model: resolve(String(values.model)), values };
}

export { modelEntry } from "../fixtures/gguf/modelEntry";

const WORDS = (
  "the pump valve pressure must be checked before each start of the system; open the service panel, " +
  "remove the filter and inspect the seal for wear. If the warning light stays on, consult chapter 4 " +
  "and the table of error codes. Tighten the bolts to the torque given in the specification"
).split(" ");

/** Deterministic manual-like passages of about `words` words. */
export function passages(count: number, words = 120): string[] {
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: words }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(" "),
  );
}
