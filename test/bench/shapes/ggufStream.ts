/**
 * GGUF v3 for model shapes: reads the metadata of an existing GGUF (to copy a real tokenizer byte
 * for byte) and streams a large file whose tensors are F32, F16, Q8_0 or Q4_0 blocks of random
 * values, so files of a gigabyte are written without holding them in memory.
 */
import { open, readFile } from "node:fs/promises";

/** ggml type ids (ggml.h) and their block layout: elements per block, bytes per block. */
export const GGML = {
  F32: { id: 0, block: 1, bytes: 4 },
  F16: { id: 1, block: 1, bytes: 2 },
  Q4_0: { id: 2, block: 32, bytes: 18 },
  Q8_0: { id: 8, block: 32, bytes: 34 },
} as const;
export type GgmlType = keyof typeof GGML;

/** A metadata entry encoded as GGUF bytes: value type id followed by the value. */
export type RawValue = Buffer;

const ALIGNMENT = 32;
const VALUE_SIZE: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

/** Every metadata entry of a GGUF file, as raw bytes that can be written into another file. */
export async function readGgufMetadata(file: string): Promise<Map<string, RawValue>> {
  const buf = await readFile(file);
  if (buf.toString("ascii", 0, 4) !== "GGUF") throw new Error(`${file} is not a GGUF file`);
  let at = 8;
  const u64 = (): number => {
    const v = Number(buf.readBigUInt64LE(at));
    at += 8;
    return v;
  };
  const u32 = (): number => {
    const v = buf.readUInt32LE(at);
    at += 4;
    return v;
  };
  const string = (): string => {
    const n = u64();
    const s = buf.toString("utf8", at, at + n);
    at += n;
    return s;
  };
  const skipValue = (type: number): void => {
    if (type === 8) {
      const n = u64(); // read before adding: `at += u64()` would add to the old offset
      at += n;
    } else if (type === 9) {
      const of = u32();
      const count = u64();
      for (let i = 0; i < count; i++) skipValue(of);
    } else {
      const size = VALUE_SIZE[type];
      if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
      at += size;
    }
  };
  u64(); // tensor count
  const count = u64();
  const out = new Map<string, RawValue>();
  for (let i = 0; i < count; i++) {
    const key = string();
    const start = at;
    skipValue(u32());
    out.set(key, buf.subarray(start, at));
  }
  return out;
}

/** Encoders for the metadata values a shape writes itself. */
export const value = {
  u32: (n: number): RawValue => typed(4, (b) => b.writeUInt32LE(n), 4),
  f32: (n: number): RawValue => typed(6, (b) => b.writeFloatLE(n), 4),
  bool: (v: boolean): RawValue => typed(7, (b) => b.writeUInt8(v ? 1 : 0), 1),
  string: (s: string): RawValue => {
    const bytes = Buffer.from(s, "utf8");
    return Buffer.concat([typed(8, (b) => b.writeBigUInt64LE(BigInt(bytes.length)), 8), bytes]);
  },
};

function typed(type: number, write: (b: Buffer) => void, size: number): RawValue {
  const b = Buffer.alloc(4 + size);
  b.writeUInt32LE(type);
  write(b.subarray(4));
  return b;
}

export interface ShapeTensor {
  name: string;
  /** ggml order: the fastest-varying dimension (a row's length) first. */
  dims: number[];
  type: GgmlType;
  /** Norm weights are ones, biases zeros; weights are random. Default: "random". */
  fill?: "random" | "ones" | "zeros";
}

function tensorBytes(t: ShapeTensor): number {
  const { block, bytes } = GGML[t.type];
  const elements = t.dims.reduce((a, b) => a * b, 1);
  if (elements % block !== 0)
    throw new Error(`${t.name}: ${elements} elements is not a whole number of ${t.type} blocks`);
  return (elements / block) * bytes;
}

const pad = (n: number): number => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/** Streams a GGUF v3 file with `metadata` (in order) and `tensors` filled with seeded random values. */
export async function writeShapeGguf(
  file: string,
  metadata: [string, RawValue][],
  tensors: ShapeTensor[],
  seed = 1,
): Promise<void> {
  const head: Buffer[] = [
    Buffer.from("GGUF", "ascii"),
    u32le(3),
    u64le(tensors.length),
    u64le(metadata.length),
  ];
  for (const [key, raw] of metadata) head.push(str(key), raw);
  let offset = 0;
  for (const t of tensors) {
    head.push(
      str(t.name),
      u32le(t.dims.length),
      ...t.dims.map(u64le),
      u32le(GGML[t.type].id),
      u64le(offset),
    );
    offset += pad(tensorBytes(t));
  }
  let header = Buffer.concat(head);
  header = Buffer.concat([header, Buffer.alloc(pad(header.length) - header.length)]);
  const handle = await open(file, "w");
  try {
    await handle.write(header);
    const rand = xorshift(seed);
    for (const t of tensors) {
      const size = tensorBytes(t);
      // Float pools are converted value by value: a smaller pool, repeated more often.
      const poolBytes = t.type === "F32" || t.type === "F16" ? 256 << 10 : 4 << 20;
      const pool = fillPool(t, Math.min(size, poolBytes), rand);
      for (let done = 0; done < size; done += pool.length)
        await handle.write(pool, 0, Math.min(pool.length, size - done));
      if (pad(size) > size) await handle.write(Buffer.alloc(pad(size) - size));
    }
  } finally {
    await handle.close();
  }
}

/**
 * Up to `bytes` (whole blocks) of the tensor's values, repeated through the tensor: quantised
 * blocks have a fixed fp16 scale of about 1/sqrt(row length) and random quants; F16/F32 weights
 * are uniform in ±1/sqrt(row length). Speed does not depend on the values.
 */
function fillPool(t: ShapeTensor, bytes: number, rand: () => number): Buffer {
  const blockBytes = GGML[t.type].bytes;
  const blocks = Math.max(1, Math.floor(bytes / blockBytes));
  const out = Buffer.alloc(blocks * blockBytes);
  const fill = t.fill ?? "random";
  const spread = 1 / Math.sqrt(t.dims[0] ?? 1);
  if (t.type === "F32" || t.type === "F16") {
    const n = out.length / blockBytes;
    for (let i = 0; i < n; i++) {
      const v =
        fill === "ones" ? 1 : fill === "zeros" ? 0 : (((rand() >>> 0) / 2 ** 32) * 2 - 1) * spread;
      if (t.type === "F32") out.writeFloatLE(v, i * 4);
      else out.writeUInt16LE(toHalf(v), i * 2);
    }
    return out;
  }
  if (fill !== "random") throw new Error(`${t.name}: only random ${t.type} tensors are supported`);
  const q8 = t.type === "Q8_0";
  const scale = toHalf(spread / (q8 ? 73 : 4.6)); // quants' spread: ±127 or ±8 uniform
  for (let b = 0; b < blocks; b++) {
    const at = b * blockBytes;
    out.writeUInt16LE(scale, at);
    for (let i = 2; i < blockBytes; i += 4) {
      const r = rand();
      for (let k = 0; k < 4 && i + k < blockBytes; k++) out[at + i + k] = (r >>> (k * 8)) & 0xff;
    }
  }
  return out;
}

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** IEEE 754 binary16 bits of a float (round to nearest; the values here are small and finite). */
const f32 = new Float32Array(1);
const f32bits = new Uint32Array(f32.buffer);
export function toHalf(v: number): number {
  f32[0] = v;
  const u = f32bits[0] as number;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign; // flush tiny values to zero
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | Math.round(mant / 0x2000);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u64le(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
function str(s: string): Buffer {
  const bytes = Buffer.from(s, "utf8");
  return Buffer.concat([u64le(bytes.length), bytes]);
}
