/**
 * Entry point of the model-host process: the process that loads chat, embedding and reranker
 * models (see llm/host/ModelHostClient.ts for why models run in their own process). Started by
 * the engine's launcher: `child_process.fork` under plain Node (forkModelHost.ts) or Electron's
 * `utilityProcess.fork` in the app (electron/main/modelHostProcess.ts), in both cases with
 * UV_THREADPOOL_SIZE=1 so every decode runs on the same libuv thread.
 *
 * It installs the network guard before anything else, like every worker the engine starts, and
 * reports each refusal to the engine so the privacy panel's one list shows it.
 */
import { serveModels, type HostPort } from "./llm/serveModels";
import { installNetworkGuard } from "./net/networkGuard";

/** Electron's utility-process port, read structurally: the engine never imports Electron. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): void;
}

function connect(): HostPort {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort)
    return {
      send: (reply) => parentPort.postMessage(reply),
      onMessage: (listener) => parentPort.on("message", (event) => listener(event.data)),
    };
  const send = process.send?.bind(process);
  if (!send)
    throw new Error("The model host must be started by the engine (a forked or utility process).");
  return {
    send: (reply) => void send(reply),
    onMessage: (listener) => process.on("message", listener),
  };
}

const port = connect();
installNetworkGuard({ onRefusal: (refusal) => port.send({ kind: "refusal", refusal }) });
// An engine that goes away (crash, kill) takes its models with it.
process.on("disconnect", () => process.exit(0));
serveModels(port, () => process.exit(0));
