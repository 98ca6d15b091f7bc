/** What every command gets from `runCli`: output, the engine for one command, and the exit code. */
import type { CliEngine } from "./CliEngine";

/** Exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
}

export interface CliContext {
  io: CliIo;
  /** Writes a line to stdout. */
  print: (line: string) => void;
  /** Writes a line to stderr. */
  warn: (line: string) => void;
  /**
   * Opens the engine as the data folder's one writer (waiting `--wait` seconds for another
   * writer to finish), runs `fn`, closes it. For commands that change the library, conversations,
   * model settings or the audit log.
   */
  withEngine: <T>(fn: (engine: CliEngine) => Promise<T>) => Promise<T>;
  /**
   * Opens the engine read-only (no lock, nothing written; it works while another process
   * writes), with extra model folders to list, runs `fn`, closes it.
   */
  withReader: <T>(
    fn: (engine: CliEngine) => Promise<T>,
    externalModelDirs?: string[],
  ) => Promise<T>;
  /** A request id unique to this process, for import progress and streamed answers. */
  nextRequestId: () => string;
  /** Sets the process's exit code (2: some files failed; 3: the audit log is broken; 130: stopped by Ctrl-C). */
  setExitCode: (code: number) => void;
  /**
   * Calls `listener` on the first Ctrl-C (SIGINT) until the returned function is called, so a
   * command can stop cleanly; a second Ctrl-C exits at once with code 130.
   */
  onInterrupt: (listener: () => void) => () => void;
}
