/**
 * Regenerates resources/policy/* and the policy table in resources/ADMIN.md from shared/policy.ts.
 * Usage: npx tsx resources/build/generatePolicyFiles.ts   (run after changing the schema)
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { policyFiles, spliceTable } from "./policyFiles";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
for (const [path, text] of Object.entries(policyFiles())) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
  console.log(`wrote ${path}`);
}
const adminDoc = join(root, "resources", "ADMIN.md");
await writeFile(adminDoc, spliceTable(await readFile(adminDoc, "utf8")));
console.log("updated the policy table in resources/ADMIN.md");
