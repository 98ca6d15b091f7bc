/** The window's remembered size and position: read, clamped to a visible display, written. */
import { readTextIfPresent } from "../engine/support/readTextIfPresent";
import { writeJsonAtomic } from "../engine/support/writeJsonAtomic";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

/** The size a first window gets, centred on the primary display. */
export const DEFAULT_SIZE = { width: 1280, height: 840 };
export const MIN_SIZE = { width: 720, height: 480 };

/** How much of the saved window must overlap a display for it to count as reachable. */
const MIN_VISIBLE = 64;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: Math.round(area.x + (area.width - w) / 2),
    y: Math.round(area.y + (area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Where to open the window. The saved rectangle is kept when enough of it lies on one of the
 * displays' work areas (a monitor may have been unplugged since), shrunk to fit the display
 * that shows most of it;
 * otherwise the window opens at the default size centred on the primary display (areas[0]).
 */
export function clampToDisplays(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): WindowState {
  const primary = workAreas[0] ?? {
    x: 0,
    y: 0,
    width: DEFAULT_SIZE.width,
    height: DEFAULT_SIZE.height,
  };
  if (saved !== null) {
    // The display showing most of the window is the one it belongs to.
    let host: Rect | undefined;
    let best = 0;
    for (const area of workAreas) {
      const o = overlap(saved, area);
      if (o.width >= MIN_VISIBLE && o.height >= MIN_VISIBLE && o.width * o.height > best) {
        best = o.width * o.height;
        host = area;
      }
    }
    if (host !== undefined) {
      const width = Math.max(
        Math.min(saved.width, host.width),
        Math.min(MIN_SIZE.width, host.width),
      );
      const height = Math.max(
        Math.min(saved.height, host.height),
        Math.min(MIN_SIZE.height, host.height),
      );
      const x = Math.min(Math.max(saved.x, host.x), host.x + host.width - width);
      const y = Math.min(Math.max(saved.y, host.y), host.y + host.height - height);
      return { x, y, width, height, maximized: saved.maximized };
    }
  }
  return { ...centred(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: false };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The saved state, or null when there is none or it is unreadable (the window then opens centred). */
export async function readWindowState(file: string): Promise<WindowState | null> {
  const text = await readTextIfPresent(file);
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // A half-written or hand-edited file only costs the user their window position.
    return null;
  }
  const s = data as Partial<Record<keyof WindowState, unknown>>;
  if (
    !isFiniteNumber(s.x) ||
    !isFiniteNumber(s.y) ||
    !isFiniteNumber(s.width) ||
    !isFiniteNumber(s.height)
  )
    return null;
  if (s.width <= 0 || s.height <= 0) return null;
  return { x: s.x, y: s.y, width: s.width, height: s.height, maximized: s.maximized === true };
}

/** Writes atomically, so a crash mid-write cannot leave half a file. */
export function writeWindowState(file: string, state: WindowState): Promise<void> {
  return writeJsonAtomic(file, state);
}
