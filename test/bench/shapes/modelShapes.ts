/**
 * Model shapes: GGUF files with the architecture, hyper-parameters, tensor names and shapes,
 * vocabulary and quantisation of real models, and random weights. Speed does not depend on the
 * weights' values, so benchmarks measure what users would see without shipping real models.
 * The vocabularies are real: llama.cpp's own models/ggml-vocab-*.gguf (Llama 3, Qwen2 and BERT
 * uncased tokenizers), from the source node-llama-cpp ships. Files are generated on demand and
 * cached outside the repository (see benchCache.ts).
 *
 *   const file = await shapeModelPath("bge-small");
 *   npx tsx test/bench/shapes/cli.ts bge-small llama-3.2-1b-q4_0   (or --all, --list)
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { benchCacheDir, llamaCppSource } from "./benchCache";
import {
  readGgufMetadata,
  value,
  writeShapeGguf,
  type GgmlType,
  type RawValue,
  type ShapeTensor,
} from "./ggufStream";

/** Bumped when the files a shape writes change, so stale cached files are not reused. */
const SHAPE_VERSION = 1;

interface DecoderShape {
  kind: "decoder";
  arch: "llama" | "qwen2";
  /** The real model this file is shaped like. */
  like: string;
  vocab: "llama-bpe" | "qwen2";
  embd: number;
  layers: number;
  ff: number;
  heads: number;
  kvHeads: number;
  ctx: number;
  ropeBase: number;
  rmsEps: number;
  /** Matrices' type; the tied token embedding (also the output) is Q8_0 in both, as a stand-in for Q6_K. */
  quant: "Q4_0" | "Q8_0";
  eos: number;
  chatTemplate?: string;
}

interface EncoderShape {
  kind: "encoder";
  like: string;
  embd: number;
  layers: number;
  ff: number;
  heads: number;
  ctx: number;
  /** llama.cpp pooling: 1 mean, 2 CLS. */
  pooling: 1 | 2;
  /** Matrices' and token embedding's type: F16 as llama.cpp converts it (default), or Q8_0. */
  quant?: "F16" | "Q8_0";
}

type Shape = DecoderShape | EncoderShape;

const LLAMA3_TEMPLATE =
  "{{- bos_token }}{%- for message in messages %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{%- endfor %}" +
  "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}";

const llama32_1b = (quant: "Q4_0" | "Q8_0"): DecoderShape => ({
  kind: "decoder",
  arch: "llama",
  like: "meta-llama/Llama-3.2-1B-Instruct",
  vocab: "llama-bpe",
  embd: 2048,
  layers: 16,
  ff: 8192,
  heads: 32,
  kvHeads: 8,
  ctx: 131072,
  ropeBase: 500000,
  rmsEps: 1e-5,
  quant,
  eos: 128009, // <|eot_id|>
  chatTemplate: LLAMA3_TEMPLATE,
});

const qwen25_05b = (quant: "Q4_0" | "Q8_0"): DecoderShape => ({
  kind: "decoder",
  arch: "qwen2",
  like: "Qwen/Qwen2.5-0.5B-Instruct",
  vocab: "qwen2",
  embd: 896,
  layers: 24,
  ff: 4864,
  heads: 14,
  kvHeads: 2,
  ctx: 32768,
  ropeBase: 1000000,
  rmsEps: 1e-6,
  quant,
  eos: 151645, // <|im_end|>
});

const bgeSmall = (quant: "F16" | "Q8_0"): EncoderShape => ({
  kind: "encoder",
  like: quant === "F16" ? "BAAI/bge-small-en-v1.5" : "BAAI/bge-small-en-v1.5, quantised to Q8_0",
  embd: 384,
  layers: 12,
  ff: 1536,
  heads: 12,
  ctx: 512,
  pooling: 2,
  quant,
});

export const SHAPES: Record<string, Shape> = {
  "minilm-l6": {
    kind: "encoder",
    like: "sentence-transformers/all-MiniLM-L6-v2",
    embd: 384,
    layers: 6,
    ff: 1536,
    heads: 12,
    ctx: 512,
    pooling: 1,
  },
  "bge-small": bgeSmall("F16"),
  "bge-small-q8_0": bgeSmall("Q8_0"),
  "qwen2.5-0.5b-q4_0": qwen25_05b("Q4_0"),
  "qwen2.5-0.5b-q8_0": qwen25_05b("Q8_0"),
  "llama-3.2-1b-q4_0": llama32_1b("Q4_0"),
  "llama-3.2-1b-q8_0": llama32_1b("Q8_0"),
};

export type ShapeName = keyof typeof SHAPES;

export function isShapeName(name: string): name is ShapeName {
  return Object.hasOwn(SHAPES, name);
}

/** The path of the cached GGUF for `name`, writing it first when it is not there yet. */
export async function shapeModelPath(name: string): Promise<string> {
  const shape = SHAPES[name];
  if (!shape)
    throw new Error(`Unknown model shape "${name}"; known: ${Object.keys(SHAPES).join(", ")}`);
  const file = path.join(benchCacheDir("shapes"), `${name}.v${SHAPE_VERSION}.gguf`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial-${process.pid}`;
  try {
    const vocabFile = path.join(
      llamaCppSource(),
      "models",
      `ggml-vocab-${shape.kind === "encoder" ? "bert-bge" : shape.vocab}.gguf`,
    );
    const vocab = await readGgufMetadata(vocabFile);
    const { metadata, tensors } =
      shape.kind === "encoder" ? encoder(name, shape, vocab) : decoder(name, shape, vocab);
    await writeShapeGguf(partial, metadata, tensors);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return file;
}

/** The tokenizer.* entries of the vocabulary file, less those the shape sets itself. */
function tokenizer(vocab: Map<string, RawValue>, except: string[] = []): [string, RawValue][] {
  return [...vocab].filter(([k]) => k.startsWith("tokenizer.") && !except.includes(k));
}

function vocabSize(vocab: Map<string, RawValue>): number {
  const raw = vocab.get("tokenizer.ggml.tokens");
  if (!raw) throw new Error("vocabulary has no tokens");
  return Number(raw.readBigUInt64LE(8)); // value type u32, item type u32, then the count
}

function decoder(name: string, s: DecoderShape, vocab: Map<string, RawValue>) {
  const a = s.arch;
  const headDim = s.embd / s.heads;
  const kv = headDim * s.kvHeads;
  const V = vocabSize(vocab);
  const metadata: [string, RawValue][] = [
    ["general.architecture", value.string(a)],
    ["general.name", value.string(`${name} (random weights shaped like ${s.like})`)],
    ["general.file_type", value.u32(s.quant === "Q4_0" ? 2 : 7)],
    ["general.alignment", value.u32(32)],
    [`${a}.context_length`, value.u32(s.ctx)],
    [`${a}.embedding_length`, value.u32(s.embd)],
    [`${a}.block_count`, value.u32(s.layers)],
    [`${a}.feed_forward_length`, value.u32(s.ff)],
    [`${a}.attention.head_count`, value.u32(s.heads)],
    [`${a}.attention.head_count_kv`, value.u32(s.kvHeads)],
    [`${a}.rope.freq_base`, value.f32(s.ropeBase)],
    [`${a}.attention.layer_norm_rms_epsilon`, value.f32(s.rmsEps)],
    ...(a === "llama"
      ? ([
          [`${a}.rope.dimension_count`, value.u32(headDim)],
          [`${a}.attention.key_length`, value.u32(headDim)],
          [`${a}.attention.value_length`, value.u32(headDim)],
          [`${a}.vocab_size`, value.u32(V)],
        ] as [string, RawValue][])
      : []),
    ...tokenizer(vocab, [
      "tokenizer.ggml.eos_token_id",
      ...(s.chatTemplate ? ["tokenizer.chat_template"] : []),
    ]),
    ["tokenizer.ggml.eos_token_id", value.u32(s.eos)],
    ...(s.chatTemplate
      ? ([["tokenizer.chat_template", value.string(s.chatTemplate)]] as [string, RawValue][])
      : []),
  ];
  const q = s.quant as GgmlType;
  const tensors: ShapeTensor[] = [{ name: "token_embd.weight", dims: [s.embd, V], type: "Q8_0" }];
  // Llama 3's rope scaling factors; the real file stores them once.
  if (a === "llama")
    tensors.push({ name: "rope_freqs.weight", dims: [headDim / 2], type: "F32", fill: "ones" });
  tensors.push({ name: "output_norm.weight", dims: [s.embd], type: "F32", fill: "ones" });
  for (let i = 0; i < s.layers; i++) {
    const b = `blk.${i}`;
    tensors.push({ name: `${b}.attn_norm.weight`, dims: [s.embd], type: "F32", fill: "ones" });
    tensors.push({ name: `${b}.attn_q.weight`, dims: [s.embd, s.embd], type: q });
    tensors.push({ name: `${b}.attn_k.weight`, dims: [s.embd, kv], type: q });
    tensors.push({ name: `${b}.attn_v.weight`, dims: [s.embd, kv], type: q });
    if (a === "qwen2") {
      tensors.push({ name: `${b}.attn_q.bias`, dims: [s.embd], type: "F32", fill: "zeros" });
      tensors.push({ name: `${b}.attn_k.bias`, dims: [kv], type: "F32", fill: "zeros" });
      tensors.push({ name: `${b}.attn_v.bias`, dims: [kv], type: "F32", fill: "zeros" });
    }
    tensors.push({ name: `${b}.attn_output.weight`, dims: [s.embd, s.embd], type: q });
    tensors.push({ name: `${b}.ffn_norm.weight`, dims: [s.embd], type: "F32", fill: "ones" });
    tensors.push({ name: `${b}.ffn_gate.weight`, dims: [s.embd, s.ff], type: q });
    tensors.push({ name: `${b}.ffn_up.weight`, dims: [s.embd, s.ff], type: q });
    tensors.push({ name: `${b}.ffn_down.weight`, dims: [s.ff, s.embd], type: q });
  }
  return { metadata, tensors };
}

/** BERT as llama.cpp converts it (F16 matrices, F32 norms and biases), with the bert-base-uncased WordPiece vocabulary. */
function encoder(name: string, s: EncoderShape, vocab: Map<string, RawValue>) {
  const V = vocabSize(vocab);
  const q: GgmlType = s.quant ?? "F16";
  const metadata: [string, RawValue][] = [
    ["general.architecture", value.string("bert")],
    ["general.name", value.string(`${name} (random weights shaped like ${s.like})`)],
    ["general.file_type", value.u32(q === "Q8_0" ? 7 : 1)],
    ["general.alignment", value.u32(32)],
    ["bert.context_length", value.u32(s.ctx)],
    ["bert.embedding_length", value.u32(s.embd)],
    ["bert.feed_forward_length", value.u32(s.ff)],
    ["bert.block_count", value.u32(s.layers)],
    ["bert.attention.head_count", value.u32(s.heads)],
    ["bert.attention.layer_norm_epsilon", value.f32(1e-12)],
    ["bert.attention.causal", value.bool(false)],
    ["bert.pooling_type", value.u32(s.pooling)],
    ...tokenizer(vocab),
  ];
  const vec = (n: string, fill: "ones" | "zeros"): ShapeTensor => ({
    name: n,
    dims: [s.embd],
    type: "F32",
    fill,
  });
  const tensors: ShapeTensor[] = [
    { name: "token_embd.weight", dims: [s.embd, V], type: q },
    { name: "token_types.weight", dims: [s.embd, 2], type: "F32" },
    { name: "position_embd.weight", dims: [s.embd, s.ctx], type: "F16" },
    vec("token_embd_norm.weight", "ones"),
    vec("token_embd_norm.bias", "zeros"),
  ];
  for (let i = 0; i < s.layers; i++) {
    const b = `blk.${i}`;
    for (const m of ["attn_q", "attn_k", "attn_v", "attn_output"]) {
      tensors.push({ name: `${b}.${m}.weight`, dims: [s.embd, s.embd], type: q });
      tensors.push(vec(`${b}.${m}.bias`, "zeros"));
    }
    tensors.push(
      vec(`${b}.attn_output_norm.weight`, "ones"),
      vec(`${b}.attn_output_norm.bias`, "zeros"),
    );
    tensors.push({ name: `${b}.ffn_up.weight`, dims: [s.embd, s.ff], type: q });
    tensors.push({ name: `${b}.ffn_up.bias`, dims: [s.ff], type: "F32", fill: "zeros" });
    tensors.push({ name: `${b}.ffn_down.weight`, dims: [s.ff, s.embd], type: q });
    tensors.push(vec(`${b}.ffn_down.bias`, "zeros"));
    tensors.push(
      vec(`${b}.layer_output_norm.weight`, "ones"),
      vec(`${b}.layer_output_norm.bias`, "zeros"),
    );
  }
  return { metadata, tensors };
}
