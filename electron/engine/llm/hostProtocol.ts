/**
 * Messages between the engine (ModelHostClient) and the model-host process (serveModels), both
 * directions validated with zod: the host trusts nothing it did not parse, and neither does the
 * engine. Each call names the service it is for with everything needed to create that service,
 * so a restarted host rebuilds its generator, embedder or reranker on the first call, unasked.
 * Vectors travel as Float32Array (structured clone: Node's "advanced" serialization, Electron's
 * utility-process ports).
 */
import { z } from "zod";

const modelEntry = z.object({
  id: z.string(),
  path: z.string().min(1),
  file: z.string(),
  contextLength: z.number().int().nonnegative(),
  embeddingLength: z.number().int().nonnegative(),
  hasChatTemplate: z.boolean(),
});
export type HostedModelEntry = z.infer<typeof modelEntry>;

export const serviceSpecSchema = z.object({
  /** Chosen by the client, unique per proxy. */
  sid: z.number().int(),
  role: z.enum(["chat", "embedding", "reranker"]),
  model: modelEntry,
  contextSize: z.number().int().positive().optional(),
  /** Embedding contexts in parallel (embedding only). */
  contexts: z.number().int().positive().optional(),
  speedProbeTokens: z.number().int().positive().optional(),
});
export type ServiceSpec = z.infer<typeof serviceSpecSchema>;

export const runtimeSettingsSchema = z.object({
  gpu: z.union([z.enum(["auto", "cuda", "vulkan", "metal"]), z.literal(false)]).optional(),
  idleUnloadMs: z.number().int().nonnegative().optional(),
  threads: z.number().int().positive().optional(),
  allowedHashes: z.array(z.string()).nullable().optional(),
  calibrationFile: z.string().nullable().optional(),
});
export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;

const message = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

export const hostRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("init"), id: z.number(), runtime: runtimeSettingsSchema }),
  z.object({
    kind: z.literal("generate"),
    id: z.number(),
    service: serviceSpecSchema,
    messages: z.array(message),
    maxTokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).optional(),
    /** The caller's signal had fired before the call: answer as an aborted generation does. */
    aborted: z.boolean().optional(),
  }),
  z.object({ kind: z.literal("promptSpeed"), id: z.number(), service: serviceSpecSchema }),
  z.object({
    kind: z.literal("embed"),
    id: z.number(),
    service: serviceSpecSchema,
    texts: z.array(z.string()),
  }),
  z.object({
    kind: z.literal("rank"),
    id: z.number(),
    service: serviceSpecSchema,
    query: z.string(),
    documents: z.array(z.string()),
  }),
  z.object({ kind: z.literal("release"), id: z.number(), sid: z.number() }),
  /** Stops the request `target` (its reply still comes, marked aborted or as an AbortError). */
  z.object({ kind: z.literal("abort"), id: z.number(), target: z.number() }),
  z.object({ kind: z.literal("shutdown"), id: z.number() }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

const backend = z.enum(["cuda", "vulkan", "metal", "cpu"]).nullable();

export const remoteErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
  path: z.string().optional(),
});
export type RemoteError = z.infer<typeof remoteErrorSchema>;

export const hostReplySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("token"), id: z.number(), text: z.string() }),
  z.object({ kind: z.literal("ok"), id: z.number(), value: z.unknown(), backend }),
  z.object({ kind: z.literal("error"), id: z.number(), error: remoteErrorSchema, backend }),
  /** A connection the host's network guard refused (for the privacy panel's one list). */
  z.object({
    kind: z.literal("refusal"),
    refusal: z.object({
      at: z.string(),
      kind: z.enum(["net", "tls", "dns", "fetch", "udp"]),
      target: z.string(),
    }),
  }),
]);
export type HostReply = z.infer<typeof hostReplySchema>;
/** A connection refused by the host's network guard (the shape of net's NetworkRefusal). */
export type HostNetworkRefusal = Extract<HostReply, { kind: "refusal" }>["refusal"];

/** What each call's `ok` reply carries, checked by the client before it is used. */
export const replyValues = {
  generate: z.object({
    text: z.string(),
    aborted: z.boolean(),
    promptTokens: z.number(),
    generatedTokens: z.number(),
    timeToFirstTokenMs: z.number(),
  }),
  promptSpeed: z.number(),
  embed: z.object({ vectors: z.array(z.instanceof(Float32Array)), truncated: z.number() }),
  rank: z.array(z.number()),
  none: z.unknown(),
};
