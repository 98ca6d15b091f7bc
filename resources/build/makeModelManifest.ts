/**
 * Writes models.manifest.json (file name -> SHA-256 and size) for every .gguf file in a folder,
 * for IT to ship with the models. Usage: npx tsx resources/build/makeModelManifest.ts <folder>
 */
import { resolve } from "node:path";
import { manifestFileName, writeModelManifest } from "../../electron/engine/llm/bundledModels";

const dir = process.argv[2];
if (!dir) {
  console.error("Usage: npx tsx resources/build/makeModelManifest.ts <folder of .gguf files>");
  process.exit(2);
}
const manifest = await writeModelManifest(resolve(dir));
for (const [file, { sha256, size }] of Object.entries(manifest.files))
  console.log(`${sha256}  ${size}  ${file}`);
console.log(
  `Wrote ${resolve(dir, manifestFileName)} (${Object.keys(manifest.files).length} files).`,
);
