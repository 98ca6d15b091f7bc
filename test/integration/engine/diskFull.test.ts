/**
 * Disk full during import, on a size-limited tmpfs in a user+mount namespace (no root needed).
 * Each case is one shell script in the namespace, so the tmpfs lives across the CLI runs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const probe = spawnSync("unshare", ["-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"]);
const unshareWorks = probe.status === 0;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "enclave-diskfull-"));
  mkdirSync(path.join(dir, "mnt"));
  writeFileSync(path.join(dir, "small.txt"), "The pump valve pressure is 40 bar.\n");
  writeFileSync(
    path.join(dir, "secret.txt"),
    "Witness Qzxvmorptaq saw the van at the pump station.\n".repeat(40),
  );
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
  let n = 0;
  const paragraphs = Array.from({ length: 3000 }, () =>
    Array.from({ length: 200 }, () => `${words[n % 8]}${(n++ * 7919 + n * n) % 1_000_003}`).join(
      " ",
    ),
  );
  writeFileSync(path.join(dir, "big.txt"), paragraphs.join("\n\n"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function inNamespace(script: string): { code: number | null; out: string } {
  const cli = `${process.execPath} --import tsx ${path.join(repo, "electron", "cli", "enclave.ts")} --data-dir ${dir}/mnt/data`;
  const r = spawnSync(
    "unshare",
    ["-rm", "sh", "-c", `mount -t tmpfs -o size=3m tmpfs ${dir}/mnt && CLI="${cli}" && ${script}`],
    { cwd: repo, encoding: "utf8", timeout: 240_000 },
  );
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!unshareWorks)(
  `disk full (${unshareWorks ? "tmpfs in a user namespace" : "skipped: `unshare -rm` is not permitted on this machine"})`,
  () => {
    it("an import that fills the disk fails naming the file and the full disk, and earlier documents stay searchable", () => {
      const r = inNamespace(
        `$CLI import ${dir}/small.txt >/dev/null 2>&1; $CLI import ${dir}/big.txt; echo "import-exit=$?"; $CLI import ${dir}/big.txt --json | grep -o '"code":"[A-Z_]*"';  $CLI search valve; echo "search-exit=$?"`,
      );
      expect(r.out).toContain("import-exit=2");
      expect(r.out).toMatch(/big\.txt.*the disk is full/i);
      expect(r.out).toContain('"code":"DISK_FULL"');
      expect(r.out).toContain("search-exit=0");
      expect(r.out).toContain("small.txt");
    }, 300_000);

    it("a deletion that hits a full disk fails cleanly, and once space is freed the document is deleted for real", () => {
      // Fill the disk after importing, so the deletion's table rewrite has no room; then free it.
      const r = inNamespace(
        [
          `$CLI import ${dir}/small.txt ${dir}/secret.txt >/dev/null 2>&1`,
          `dd if=/dev/zero of=${dir}/mnt/filler bs=4k 2>/dev/null`,
          `$CLI remove secret.txt; echo "remove-full-exit=$?"`,
          `$CLI search valve >/dev/null 2>&1; echo "search-full-exit=$?"`,
          `rm ${dir}/mnt/filler`,
          `$CLI remove secret.txt >/dev/null 2>&1; $CLI docs; echo "after=$?"`,
          `grep -rl Qzxvmorptaq ${dir}/mnt/data; echo "grep-exit=$?"`,
        ].join("; "),
      );
      // Full disk: the removal fails and says why, in words, not as a raw system error.
      expect(r.out).toContain("remove-full-exit=1");
      expect(r.out).toMatch(/The disk is full, so Enclave could not finish/);
      expect(r.out).not.toContain("ENOSPC");
      expect(r.out).toContain("search-full-exit=0");
      // With space again: the document is gone from the listing and its text from every file.
      expect(r.out).toContain("after=0");
      expect(r.out).toContain("small.txt");
      expect(r.out).not.toMatch(/secret\.txt\s+\[/);
      expect(r.out).toContain("grep-exit=1");
    }, 300_000);
  },
);
