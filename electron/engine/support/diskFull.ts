/**
 * A full disk, however it is reported: Node's ENOSPC, or LanceDB's Rust text ("No space left on
 * device (os error 28)"). The shell and the CLI turn it into DISK_FULL with a message that says
 * what to do, instead of a generic failure or a raw system message.
 */
export const DISK_FULL_MESSAGE =
  "The disk is full, so Enclave could not finish. Free some space and try again; anything left half-done is completed or rolled back the next time the library opens.";

export function isDiskFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as NodeJS.ErrnoException).code === "ENOSPC") return true;
  return /No space left on device|os error 28/i.test(error.message);
}
