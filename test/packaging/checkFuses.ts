/**
 * Reads the fuse wire back from a built Enclave and compares it with the fuses afterPack is
 * meant to flip (resources/build/afterPack.mjs). The packaging check runs it on the Linux build;
 * the release workflow runs it on each OS's real build:
 *
 *   npx tsx test/packaging/checkFuses.ts <app binary or .app> <linux|darwin|win32>
 */
import { FuseState, FuseV1Options, getCurrentFuseWire } from "@electron/fuses";
import { enclaveFuses } from "../../resources/build/afterPack.mjs";

/** The problems found: one line per fuse that is not as shipped, or why the wire is unreadable. */
export async function checkFuses(binary: string, platform: string): Promise<string[]> {
  let wire: Record<number, FuseState | string>;
  try {
    wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, FuseState | string>;
  } catch (error) {
    return [`no fuse wire readable in ${binary}: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  for (const [index, wanted] of Object.entries(enclaveFuses(platform))) {
    const state = wire[Number(index)];
    const expected = wanted ? FuseState.ENABLE : FuseState.DISABLE;
    if (state !== expected)
      problems.push(
        `fuse ${FuseV1Options[Number(index)]} is ${FuseState[Number(state)] ?? String(state)}, expected ${wanted ? "ENABLE" : "DISABLE"}`,
      );
  }
  return problems;
}

const [binary, platform] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}` && binary !== undefined) {
  const problems = await checkFuses(binary, platform ?? process.platform);
  for (const p of problems) console.error(`PROBLEM: ${p}`);
  console.log(problems.length === 0 ? `fuses as shipped in ${binary}` : "fuse check FAILED");
  process.exitCode = problems.length === 0 ? 0 : 1;
}
