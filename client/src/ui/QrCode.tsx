import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn locally (no network), as an SVG image. */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Encoded after the screen's first frame: the encoder works synchronously (~10 ms), and on
    // the projector's first render the wall's measuring effect would otherwise run it before
    // anything is drawn (issue 18).
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => {
        QRCode.toString(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
          .then((svg) => {
            if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
          })
          .catch(() => setSrc(null));
      }, 0);
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [value]);
  return src ? <img src={src} alt={label} /> : null;
}
