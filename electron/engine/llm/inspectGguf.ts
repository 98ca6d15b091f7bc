/**
 * Reads what the catalog needs from a GGUF header without loading any weights: architecture,
 * size, role (chat / embedding / reranker) and whether the file is complete.
 */
import { open, stat } from "node:fs/promises";
import { GgufFileType, readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import type { ModelInfo, ModelRole } from "../../../shared/types";
import { NotAGgufFileError, TruncatedModelError } from "./errors";

/** The catalog's view of a file (shared ModelInfo fields), plus what only the header knows. */
export type GgufSummary = Pick<
  ModelInfo,
  | "architecture"
  | "parameters"
  | "quantization"
  | "sizeBytes"
  | "contextLength"
  | "embeddingLength"
  | "hasChatTemplate"
  | "role"
> & {
  /** `general.name`, or "" when absent. */
  name: string;
  /** llama.cpp pooling type (0 none, 1 mean, 2 cls, 3 last, 4 rank), null when unspecified. */
  pooling: number | null;
};

/** Bytes per block and elements per block of ggml tensor types, to find where the data must end. */
const GGML_BLOCKS: Record<number, [bytes: number, elements: number]> = {
  0: [4, 1],
  1: [2, 1],
  2: [18, 32],
  3: [20, 32],
  6: [22, 32],
  7: [24, 32],
  8: [34, 32],
  9: [36, 32],
  10: [84, 256],
  11: [110, 256],
  12: [144, 256],
  13: [176, 256],
  14: [210, 256],
  15: [292, 256],
  16: [66, 256],
  17: [74, 256],
  18: [98, 256],
  19: [50, 256],
  20: [18, 32],
  21: [110, 256],
  22: [82, 256],
  23: [136, 256],
  24: [1, 1],
  25: [2, 1],
  26: [4, 1],
  27: [8, 1],
  28: [8, 1],
  29: [56, 256],
  30: [2, 1],
  34: [54, 256],
  35: [66, 256],
  39: [17, 32],
};

const EMBEDDING_ARCHITECTURES = new Set([
  "bert",
  "nomic-bert",
  "nomic-bert-moe",
  "jina-bert-v2",
  "jina-bert-v3",
  "modern-bert",
  "neo-bert",
  "t5encoder",
  "gemma-embedding",
]);
// Tokenizer arrays are large (hundreds of thousands of strings) and unused by the catalog.
const IGNORED_KEYS = [
  "tokenizer.ggml.tokens",
  "tokenizer.ggml.scores",
  "tokenizer.ggml.token_type",
  "tokenizer.ggml.merges",
];

/** Whether the file starts with the GGUF magic bytes (how Ollama's extensionless blobs are found). */
export async function hasGgufMagic(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return bytesRead === 4 && buffer.toString("latin1") === "GGUF";
  } finally {
    await handle.close();
  }
}

/** Where the last tensor's data ends, or null when a tensor type is unknown to this table. */
function expectedFileSize(info: GgufFileInfo): number | null {
  if (info.infoEndOffset == null || info.tensorInfo == null) return null;
  let end = info.infoEndOffset;
  for (const t of info.tensorInfo) {
    const block = GGML_BLOCKS[t.ggmlType];
    const start = Number(t.fileOffset);
    if (!block) {
      end = Math.max(end, start + 1);
      continue;
    }
    const elements = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    end = Math.max(end, start + Math.ceil(elements / block[1]) * block[0]);
  }
  return end;
}

function classify(
  info: GgufFileInfo,
  file: string,
  pooling: number | null,
  hasChatTemplate: boolean,
): ModelRole {
  const architecture = String(info.metadata.general.architecture);
  const label = `${file} ${String(info.metadata.general.name ?? "")}`;
  const hasClassifier = (info.tensorInfo ?? []).some(
    (t) => t.name === "cls.weight" || t.name === "cls.output.weight",
  );
  if (pooling === 4 || hasClassifier || /rerank/i.test(label)) return "reranker";
  if ((pooling !== null && pooling > 0) || EMBEDDING_ARCHITECTURES.has(architecture))
    return "embedding";
  if (!hasChatTemplate && /embed/i.test(label)) return "embedding";
  return "chat";
}

/**
 * Reads and checks a GGUF file's header. Throws NotAGgufFileError or TruncatedModelError for
 * files that cannot be loaded.
 */
export async function inspectGguf(path: string): Promise<GgufSummary> {
  const { size } = await stat(path);
  if (size < 8 || !(await hasGgufMagic(path))) throw new NotAGgufFileError(path);
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(path, {
      sourceType: "filesystem",
      logWarnings: false,
      ignoreKeys: IGNORED_KEYS,
      spliceSplitFiles: false,
    });
  } catch (error) {
    // The magic matched, so a header that cannot be parsed was cut short.
    throw new TruncatedModelError(path, size + 1, size, { cause: error });
  }
  const expected = expectedFileSize(info);
  if (expected !== null && expected > size) throw new TruncatedModelError(path, expected, size);

  const arch = info.architectureMetadata as Record<string, unknown>;
  const tokenizer = (info.metadata.tokenizer ?? {}) as Record<string, unknown>;
  const hasChatTemplate =
    typeof tokenizer.chat_template === "string" && tokenizer.chat_template.length > 0;
  const pooling = typeof arch.pooling_type === "number" ? arch.pooling_type : null;
  const fileType = info.metadata.general.file_type;
  const parameters =
    info.tensorInfo?.reduce(
      (sum, t) => sum + t.dimensions.reduce<number>((a, d) => a * Number(d), 1),
      0,
    ) ?? null;
  const file = path.split(/[\\/]/).pop() ?? path;
  return {
    architecture: String(info.metadata.general.architecture),
    name: String(info.metadata.general.name ?? ""),
    parameters,
    quantization:
      fileType == null
        ? "unknown"
        : (GgufFileType[fileType] ?? `type ${fileType}`).replace(/^(MOSTLY|ALL)_/, ""),
    sizeBytes: size,
    contextLength: typeof arch.context_length === "number" ? arch.context_length : 0,
    embeddingLength: typeof arch.embedding_length === "number" ? arch.embedding_length : 0,
    hasChatTemplate,
    pooling,
    role: classify(info, file, pooling, hasChatTemplate),
  };
}
