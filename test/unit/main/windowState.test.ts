import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  clampToDisplays,
  DEFAULT_SIZE,
  readWindowState,
  writeWindowState,
} from "../../../electron/main/windowState";

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1415 };
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("window position", () => {
  it("opens a first window at the default size centred on the primary display", () => {
    const state = clampToDisplays(null, [laptop]);
    expect(state).toEqual({
      x: 80,
      y: 43,
      width: DEFAULT_SIZE.width,
      height: DEFAULT_SIZE.height,
      maximized: false,
    });
  });

  it("reopens where it was when that place is still on a display", () => {
    const saved = { x: 1600, y: 100, width: 1000, height: 700, maximized: true };
    expect(clampToDisplays(saved, [laptop, monitor])).toEqual(saved);
  });

  it("comes back to the primary display when its monitor was unplugged", () => {
    const saved = { x: 1600, y: 100, width: 1000, height: 700, maximized: false };
    const state = clampToDisplays(saved, [laptop]);
    expect(state.x).toBeGreaterThanOrEqual(laptop.x);
    expect(state.x + state.width).toBeLessThanOrEqual(laptop.x + laptop.width);
    expect(state.y + state.height).toBeLessThanOrEqual(laptop.y + laptop.height);
  });

  it("shrinks and pulls back a window larger than its display or hanging off its edge", () => {
    const state = clampToDisplays(
      { x: 1400, y: -10, width: 5000, height: 3000, maximized: false },
      [laptop, monitor],
    );
    expect(state).toEqual({ ...monitor, maximized: false });
    const offEdge = clampToDisplays(
      { x: 1000, y: 600, width: 800, height: 600, maximized: false },
      [laptop],
    );
    expect(offEdge).toEqual({ x: 640, y: 300, width: 800, height: 600, maximized: false });
  });

  it("survives a missing or corrupt state file and round-trips a saved one", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "enclave-window-"));
    dirs.push(dir);
    const file = path.join(dir, "window-state.json");
    expect(await readWindowState(file)).toBeNull();
    await writeFile(file, "{ not json");
    expect(await readWindowState(file)).toBeNull();
    await writeFile(file, JSON.stringify({ x: "1", y: 0, width: 10, height: 10 }));
    expect(await readWindowState(file)).toBeNull();
    await writeWindowState(file, { x: 10, y: 20, width: 900, height: 600, maximized: true });
    expect(await readWindowState(file)).toEqual({
      x: 10,
      y: 20,
      width: 900,
      height: 600,
      maximized: true,
    });
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ width: 900 });
  });
});
