/** Loads each model shape in node-llama-cpp and tokenizes, then embeds or generates: npx tsx test/bench/shapes/verify.ts <shape>... */
import { getLlama, LlamaChatSession } from "node-llama-cpp";
import { shapeModelPath } from "./modelShapes";
const llama = await getLlama({ gpu: false, build: "never" });
for (const name of process.argv.slice(2)) {
  const model = await llama.loadModel({ modelPath: await shapeModelPath(name) });
  const toks = model.tokenize("The pump valve pressure must be checked before each start.");
  console.log(name, "tokens", toks.length, model.detokenize(toks));
  if (name.includes("bge") || name.includes("minilm")) {
    const ctx = await model.createEmbeddingContext({ threads: 2 });
    const t = performance.now();
    const e = await ctx.getEmbeddingFor(
      "The pump valve pressure must be checked before each start.",
    );
    console.log(
      " dims",
      e.vector.length,
      e.vector.slice(0, 3),
      (performance.now() - t).toFixed(0),
      "ms",
    );
    await ctx.dispose();
  } else {
    const ctx = await model.createContext({ contextSize: 512, threads: 2 });
    const s = new LlamaChatSession({ contextSequence: ctx.getSequence() });
    const t = performance.now();
    let n = 0;
    const r = await s.prompt("How is the pump checked?", {
      maxTokens: 24,
      temperature: 0.8,
      onTextChunk: () => n++,
    });
    console.log(
      " wrapper",
      s.chatWrapper.wrapperName,
      "chunks",
      n,
      JSON.stringify(r.slice(0, 80)),
      (performance.now() - t).toFixed(0),
      "ms",
    );
    await ctx.dispose();
  }
  await model.dispose();
}
