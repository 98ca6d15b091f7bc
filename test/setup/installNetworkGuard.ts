// Every test runs behind the engine's network guard, so a test (or a dependency) that tries to
// reach the network fails instead of passing on a connected machine and breaking air-gapped CI.
import { installNetworkGuard } from "../../electron/engine/net/networkGuard";

installNetworkGuard();
