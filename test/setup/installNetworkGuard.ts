// Placeholder until the engine's network guard lands (electron/engine/net); replaced by it.
export {};
