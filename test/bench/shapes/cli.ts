/**
 * Writes (or finds in the cache) model-shape GGUF files and prints their paths.
 * Usage: npx tsx test/bench/shapes/cli.ts <shape>... | --all | --list
 */
import { statSync } from "node:fs";
import { SHAPES, shapeModelPath } from "./modelShapes";

const args = process.argv.slice(2);
if (args.length === 0 || args.includes("--list")) {
  for (const [name, shape] of Object.entries(SHAPES)) console.log(`${name}\t${shape.like}`);
  if (args.length === 0)
    console.error("Usage: tsx test/bench/shapes/cli.ts <shape>... | --all | --list");
} else {
  const names = args.includes("--all") ? Object.keys(SHAPES) : args;
  for (const name of names) {
    const start = performance.now();
    const file = await shapeModelPath(name);
    const mb = statSync(file).size / 2 ** 20;
    console.log(
      `${name}\t${file}\t${mb.toFixed(0)} MiB\t${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
  }
}
