/** A one-line progress bar for import on a TTY; silent elsewhere. */
import type { ImportEvent } from "../../shared/types";

export interface ProgressBarOptions {
  /** Where to draw. Default: process.stderr. */
  stream?: NodeJS.WriteStream;
}

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private label = "";
  private total = 0;
  private index = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = this.stream.isTTY === true;
  }

  onEvent(event: ImportEvent): void {
    if (!this.enabled) return;
    switch (event.kind) {
      case "started":
        this.label = event.file;
        this.index = event.index;
        this.total = event.total;
        this.draw(0, 0);
        break;
      case "progress":
        this.draw(event.pagesDone, event.pagesTotal);
        break;
      case "done":
      case "failed":
      case "finished":
        this.clear();
        break;
    }
  }

  private draw(done: number, total: number): void {
    const width = 24;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const pages = total > 0 ? ` ${done}/${total} pages` : "";
    const line = `[${this.index + 1}/${this.total}] ${bar}${pages}  ${this.label}`;
    const columns = this.stream.columns ?? 100;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
  }

  private clear(): void {
    this.stream.write("\r\x1b[2K");
  }
}
