/** What the source viewer shows: a document, a page and the passage to highlight. */
import type { Passage } from "../../../shared/types";
import { Store } from "./Store";

export interface ViewerTarget {
  documentId: string;
  title: string;
  file: string;
  /** Page shown now. */
  page: number;
  /** The passage to highlight, or null when browsing without one. */
  passage: {
    page: number;
    pageEnd: number;
    charStart: number;
    charEnd: number;
    span: string;
  } | null;
}

export interface ViewerState {
  target: ViewerTarget | null;
  /** Zoom factor, 1 = fit width. */
  zoom: number;
}

export class ViewerStore extends Store<ViewerState> {
  constructor() {
    super({ target: null, zoom: 1 });
  }

  /** Opens the passage's document at the page where the passage starts. */
  open(passage: Passage & { span?: string }): void {
    this.set({
      target: {
        documentId: passage.documentId,
        title: passage.title,
        file: passage.file,
        page: passage.page,
        passage: {
          page: passage.page,
          pageEnd: passage.pageEnd,
          charStart: passage.charStart,
          charEnd: passage.charEnd,
          span: passage.span ?? "",
        },
      },
    });
  }

  goTo(page: number, pageCount: number): void {
    const target = this.get().target;
    if (target === null) return;
    this.set({ target: { ...target, page: Math.min(Math.max(1, page), Math.max(1, pageCount)) } });
  }

  zoomBy(factor: number): void {
    this.set((s) => ({
      zoom: Math.min(4, Math.max(0.25, Math.round(s.zoom * factor * 100) / 100)),
    }));
  }

  resetZoom(): void {
    this.set({ zoom: 1 });
  }

  close(): void {
    this.set({ target: null });
  }
}
