// The PDF worker as the pool starts it, plus a connection attempt of the kind a dependency
// (or a malicious file exploiting one) might make from inside a parse worker.
import "../../../../electron/engine/ingest/pdfWorker";
import net from "node:net";

// 203.0.113.0/24 is TEST-NET-3: never routed, so even an unguarded attempt reaches nobody.
const socket = net.connect(443, "203.0.113.7");
socket.on("error", () => undefined);
