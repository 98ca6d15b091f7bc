/**
 * Sends audit records to the OS log without making anyone wait: one tool runs at a time, and
 * records that arrive meanwhile go together in the next call. Starting a process holds the event
 * loop for milliseconds (test/bench/auditMirror.ts), so the first record of a call waits
 * `delayMs` for company: a burst of lines costs a few process starts, not one each.
 */
import type { AuditMirror, AuditMirrorRecord } from "./mirror/AuditMirror";

export type MirrorOutcome = { ok: true } | { ok: false; error: unknown };

export interface MirrorWriterOptions {
  /** Records per call to the OS tool. Default: 64. */
  batchSize?: number;
  /** How long the first record of a call waits for others, in ms. Default: 100. */
  delayMs?: number;
  /** Called once per failed call, with the records that did not reach the OS log. Required. */
  onFailure: (records: AuditMirrorRecord[], error: unknown) => void;
}

export class MirrorWriter {
  private pending: { record: AuditMirrorRecord; settle: (o: MirrorOutcome) => void }[] = [];
  private running: Promise<void> | null = null;

  constructor(
    readonly mirror: AuditMirror,
    private readonly options: MirrorWriterOptions,
  ) {}

  /** Queues a record; the promise says whether it reached the OS log (it never rejects). */
  send(record: AuditMirrorRecord): Promise<MirrorOutcome> {
    return new Promise((settle) => {
      this.pending.push({ record, settle });
      this.running ??= this.drain().finally(() => {
        this.running = null;
      });
    });
  }

  /** Resolves when every queued record has been sent or has failed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const size = this.options.batchSize ?? 64;
    const delayMs = this.options.delayMs ?? 100;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, size);
      const records = batch.map((p) => p.record);
      let outcome: MirrorOutcome;
      try {
        await this.mirror.write(records);
        outcome = { ok: true };
      } catch (error) {
        outcome = { ok: false, error };
        this.options.onFailure(records, error);
      }
      for (const p of batch) p.settle(outcome);
    }
  }
}
