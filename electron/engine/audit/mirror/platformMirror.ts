/** The OS log of the machine Enclave runs on, or why there is none. */
import { defaultPolicyIo } from "../../policy/policyIo";
import type { AuditMirror, MirrorIo } from "./AuditMirror";
import { linuxMirror, linuxTools } from "./linuxMirror";
import { macMirror, macTools } from "./macMirror";
import { defaultMirrorIo } from "./runProcess";
import { windowsMirror } from "./windowsMirror";

export type PlatformMirror = { mirror: AuditMirror } | { unavailable: string };

export interface PlatformMirrorOptions {
  /** Default: process.platform. */
  platform?: NodeJS.Platform;
  /** Default: real processes and files (runProcess.ts). */
  io?: MirrorIo;
  /** Windows folder. Default: learnt from the loaded ntdll.dll (policyIo.ts), never from %SystemRoot%. */
  windowsSystemRoot?: () => string | null;
}

export function platformAuditMirror(options: PlatformMirrorOptions = {}): PlatformMirror {
  const io = options.io ?? defaultMirrorIo;
  const platform = options.platform ?? process.platform;
  switch (platform) {
    case "linux": {
      const mirror = linuxMirror(io);
      return mirror
        ? { mirror }
        : {
            unavailable: `neither the systemd journal (${linuxTools.journalSocket}, ${linuxTools.systemdCat}) nor syslog (${linuxTools.syslogSocket}, ${linuxTools.logger}) is running on this machine`,
          };
    }
    case "darwin": {
      const mirror = macMirror(io);
      return mirror
        ? { mirror }
        : { unavailable: `${macTools.logger} or ${macTools.log} is missing` };
    }
    case "win32": {
      const root = (options.windowsSystemRoot ?? defaultPolicyIo.windowsSystemRoot)();
      if (root === null) return { unavailable: "the Windows folder could not be determined" };
      const mirror = windowsMirror(io, root);
      return mirror
        ? { mirror }
        : { unavailable: `eventcreate.exe or wevtutil.exe is missing from ${root}\\System32` };
    }
    default:
      return { unavailable: `no OS log is supported on ${platform}` };
  }
}
