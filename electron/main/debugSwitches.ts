/**
 * Command-line switches that would let someone at the keyboard attach a debugger to a packaged
 * Enclave and read case material out of its memory or drive its window. The fuses already turn
 * off Node's `--inspect` family in the main process; Chromium's remote debugging and V8 flags
 * are switches, not fuses, so a packaged build refuses to start when any of them is present.
 * Chromium reads switches anywhere on the command line, including after `--cli`, so the whole
 * argv is checked.
 */
const REFUSED = [
  "--remote-debugging-port",
  "--remote-debugging-pipe",
  "--remote-debugging-address",
  "--remote-allow-origins",
  "--inspect",
  "--inspect-brk",
  "--inspect-port",
  "--inspect-publish-uid",
  "--js-flags",
];

/** The debugging switches present in `argv` (by name, without values), in order. */
export function refusedDebugSwitches(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (const arg of argv) {
    const name = arg.split("=", 1)[0] ?? arg;
    if (REFUSED.includes(name) && !found.includes(name)) found.push(name);
  }
  return found;
}
