/** Embeds every passage that has no vector from the embedder's model yet, in batches. */
import type { Embedder } from "./llm/types";
import type { VectorStore } from "./store/types";

const BATCH = 64;

export async function embedPending(store: VectorStore, embedder: Embedder, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<number> {
  let truncated = 0;
  let done = 0;
  for (;;) {
    if (signal?.aborted === true) break;
    const pending = await store.chunksWithoutVectors(embedder.modelId, BATCH);
    if (pending.length === 0) break;
    const texts = pending.map((c) => (c.heading ? `${c.title} — ${c.heading}\n${c.text}` : `${c.title}\n${c.text}`));
    const result = await embedder.embed(texts, signal);
    truncated += result.truncated;
    await store.upsertVectors(
      embedder.modelId,
      pending.flatMap((c, i) => {
        const vector = result.vectors[i];
        return vector === undefined ? [] : [{ chunkId: c.chunkId, vector }];
      }),
    );
    done += pending.length;
    onProgress?.(done, done + (pending.length === BATCH ? BATCH : 0));
  }
  return truncated;
}
