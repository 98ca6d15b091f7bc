/** Document import: what the rest of the engine uses from ingest. */
export { parseDocument, type ParseOptions } from "./parseDocument";
export { chunkPages, CHUNK_HARD_LIMIT, ChunkOptionsError, type ChunkOptions } from "./chunkPages";
export { collectImportFiles } from "./collectImportFiles";
export { ImportError, type ImportErrorCode } from "./ImportError";
export { PdfWorkerPool, PdfTaskFailedError, type PdfWorkerPoolOptions } from "./PdfWorkerPool";
export { IMPORT_EXTENSIONS, claimedFormat } from "./sniffFormat";
export type { ChunkDraft, HeadingMark, ParsedDocument, ParsedPage, ParseProgress } from "./types";
