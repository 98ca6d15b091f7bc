/**
 * The real Linux OS log (journald or syslog), opt-in because it writes to this machine's log:
 *   ENCLAVE_TEST_OS_LOG=1 npx vitest run test/integration/audit/realLinuxMirror.test.ts
 * Skipped, saying why, off Linux, without the variable, or where no journald or syslog runs.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { platformAuditMirror } from "../../../electron/engine/audit/mirror/platformMirror";

const found = process.platform === "linux" ? platformAuditMirror() : { unavailable: "not Linux" };
const why =
  process.env.ENCLAVE_TEST_OS_LOG !== "1"
    ? "set ENCLAVE_TEST_OS_LOG=1 to write to this machine's journal or syslog"
    : "unavailable" in found
      ? found.unavailable
      : null;

describe.skipIf(why !== null)(`the real Linux OS log${why ? ` (skipped: ${why})` : ""}`, () => {
  it("holds a record written through it, read back by the same module", async () => {
    if (!("mirror" in found)) throw new Error("unreachable");
    const record = {
      log: randomBytes(8).toString("hex"),
      chain: randomBytes(8).toString("hex"),
      seq: 1,
      hash: randomBytes(32).toString("hex"),
    };
    await found.mirror.write([record]);
    // journald indexes asynchronously: give it a moment.
    for (let i = 0; i < 20; i++) {
      const records = await found.mirror.readAll();
      if (records.some((r) => r.log === record.log)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await found.mirror.readAll()).filter((r) => r.log === record.log)).toEqual([record]);
  });
});
