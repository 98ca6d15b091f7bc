import { inflateRawSync } from "node:zlib";

/** A damaged or non-zip archive. */
export class ZipFormatError extends Error {
  override readonly name = "ZipFormatError";
}

/** An entry, or the entries read so far, would unpack to more than the limit allows. */
export class ZipTooLargeError extends Error {
  override readonly name = "ZipTooLargeError";
  constructor(
    /** The entry being read when the limit was reached. */
    readonly entry: string,
    /** Which limit: one entry's, or the whole archive's. */
    readonly limit: "entry" | "total",
    readonly limitBytes: number,
  ) {
    super(
      `${entry} unpacks to more than ${Math.floor(limitBytes / 2 ** 20)} MiB` +
        (limit === "total" ? " together with the parts read before it" : ""),
    );
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As the central directory declares it: a hostile archive may lie, so reads also count. */
  uncompressedSize: number;
  localOffset: number;
}

export interface ZipLimits {
  /** Largest unpacked size of one entry, in bytes. */
  maxEntryBytes: number;
  /** Largest unpacked size of all entries read through one reader, in bytes. */
  maxTotalBytes: number;
}

/** Lists a zip archive's entries from its central directory (enough to read DOCX metadata). */
export function listZip(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new ZipFormatError("no zip end-of-central-directory record: the archive is truncated");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50)
      throw new ZipFormatError("damaged zip central directory");
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    entries.push({
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
      name: buf.toString("utf8", at + 46, at + 46 + nameLen),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Reads entries of a zip archive held in memory, never unpacking more than `limits` allow: an
 * entry's declared size is checked before it is inflated, and inflation itself stops at the
 * limit, because a zip bomb's declared sizes are whatever its author wrote.
 */
export class BoundedZipReader {
  private readonly entries: Map<string, ZipEntry>;
  private used = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: ZipLimits,
  ) {
    this.entries = new Map(listZip(buf).map((e) => [e.name, e]));
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Unpacked bytes read so far. */
  get bytesRead(): number {
    return this.used;
  }

  /** The bytes of one entry, or null when the archive has no such entry. */
  read(name: string): Buffer | null {
    const entry = this.entries.get(name);
    if (entry === undefined) return null;
    const left = this.limits.maxTotalBytes - this.used;
    const cap = Math.min(this.limits.maxEntryBytes, left);
    const which = cap === left ? "total" : "entry";
    const capBytes = which === "total" ? this.limits.maxTotalBytes : this.limits.maxEntryBytes;
    if (entry.uncompressedSize > cap) throw new ZipTooLargeError(name, which, capBytes);
    const data = this.rawData(entry);
    let out: Buffer;
    if (entry.method === 0) out = data;
    else if (entry.method === 8) {
      try {
        // maxOutputLength makes zlib stop (and throw) once the output would pass the cap.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, cap) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
          throw new ZipTooLargeError(name, which, capBytes);
        throw new ZipFormatError(`damaged zip entry ${name}: ${(error as Error).message}`);
      }
    } else
      throw new ZipFormatError(
        `zip entry ${name} uses unsupported compression method ${entry.method}`,
      );
    if (out.length > cap) throw new ZipTooLargeError(name, which, capBytes);
    this.used += out.length;
    return out;
  }

  private rawData(entry: ZipEntry): Buffer {
    const at = entry.localOffset;
    const buf = this.buf;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50)
      throw new ZipFormatError(`damaged zip entry ${entry.name}`);
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    return buf.subarray(start, start + entry.compressedSize);
  }
}
