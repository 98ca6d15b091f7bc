import { useEffect, useRef, useState } from "react";
import type { PageText } from "../../../../shared/types";
import { getEnclaveApi } from "../../api";
import { errorMessage } from "../../stores/Store";
import { ocrHighlightBoxes } from "./ocrHighlightBoxes";
import { TextPage } from "./TextPage";
import { HighlightBoxes } from "./HighlightBoxes";

export interface ImagePageProps {
  documentId: string;
  page: number;
  zoom: number;
  /** Width available for the page at zoom 1, in CSS pixels. */
  fitWidth: number;
  range: { start: number; end: number } | null;
}

/** The image types Chromium draws; a TIFF (or anything else) is shown as its OCR text instead. */
function imageType(bytes: Uint8Array): string | null {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8) return "image/jpeg";
  if (b[0] === 0x42 && b[1] === 0x4d) return "image/bmp";
  if (b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45) return "image/webp";
  return null;
}

/**
 * A photo or scan imported as an image, drawn as it is (EXIF orientation applied, as OCR read it)
 * with highlight boxes over the passage's OCR words. A TIFF, which the window cannot draw, and a
 * page without OCR words show as text.
 */
export function ImagePage({ documentId, page, zoom, fitWidth, range }: ImagePageProps) {
  const [url, setUrl] = useState<string | null>(null);
  const [text, setText] = useState<PageText | null>(null);
  const [asText, setAsText] = useState(false);
  const [error, setError] = useState("");
  const [natural, setNatural] = useState({ width: 0, height: 0 });
  const firstBoxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let made: string | null = null;
    const api = getEnclaveApi();
    const load = async () => {
      const [bytes, pageText] = await Promise.all([
        api.getDocumentBytes({ documentId }),
        api.getPageText({ documentId, page }),
      ]);
      if (cancelled) return;
      const type = imageType(bytes);
      // Only single-image files are drawn: page N of a multi-page TIFF is not the file's picture.
      if (type === null || pageText.ocr === undefined || pageText.pageCount > 1) {
        setAsText(true);
        return;
      }
      made = URL.createObjectURL(new Blob([bytes.slice()], { type }));
      setText(pageText);
      setUrl(made);
    };
    load().catch((e: unknown) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
      if (made !== null) URL.revokeObjectURL(made);
    };
  }, [documentId, page]);

  const width = Math.max(200, fitWidth) * zoom;
  const height = natural.width > 0 ? (width * natural.height) / natural.width : 0;
  const boxes =
    text?.ocr !== undefined && range !== null && height > 0
      ? ocrHighlightBoxes(text.ocr.words, { width, height }, range)
      : [];
  const firstTop = boxes[0]?.top;
  useEffect(() => {
    firstBoxRef.current?.scrollIntoView?.({ block: "center" });
  }, [firstTop]);

  if (asText) return <TextPage documentId={documentId} page={page} range={range} />;
  if (error !== "")
    return (
      <p role="alert" className="banner error">
        {error}
      </p>
    );
  if (url === null) return <p className="muted pad">Loading…</p>;
  return (
    <div
      className="pdf-page"
      data-testid="image-page"
      data-page={page}
      style={{ width, height: height || undefined }}
    >
      <img
        src={url}
        alt={`Page ${page}`}
        style={{ display: "block", width, height: height || undefined }}
        onLoad={(e) =>
          setNatural({
            width: e.currentTarget.naturalWidth,
            height: e.currentTarget.naturalHeight,
          })
        }
        onError={() => setAsText(true)}
      />
      <HighlightBoxes boxes={boxes} firstRef={firstBoxRef} />
    </div>
  );
}
