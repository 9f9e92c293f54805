import type { Page } from '@playwright/test';

/**
 * JPEG fixtures for the photo specs: a photo drawn by the browser's canvas, given an EXIF block
 * with a GPS position (as a phone camera writes it), and a reader of the segments that matter.
 */

/** A width×height JPEG with some detail, encoded by the page's canvas. */
export async function drawnJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const c = canvas.getContext('2d')!;
      const sky = c.createLinearGradient(0, 0, w, h);
      sky.addColorStop(0, '#87a9d8');
      sky.addColorStop(1, '#e9c46a');
      c.fillStyle = sky;
      c.fillRect(0, 0, w, h);
      for (let i = 0; i < 400; i += 1) {
        c.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
        c.fillRect((i * 97) % w, (i * 53) % h, 40 + (i % 7) * 10, 30 + (i % 5) * 12);
      }
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.9));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      return btoa(text);
    },
    [width, height] as const,
  );
  return Buffer.from(base64, 'base64');
}

/** The same JPEG with an APP1 EXIF segment right after SOI: IFD0 → GPS IFD (43°46'N). */
export function withExifGps(jpeg: Buffer): Buffer {
  const tiff = Buffer.alloc(80);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10); // GPSInfo, LONG, 1, → 26
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(2, 26); // GPS IFD
  tiff.writeUInt16BE(1, 28); // GPSLatitudeRef, ASCII, 2, "N"
  tiff.writeUInt16BE(2, 30);
  tiff.writeUInt32BE(2, 32);
  tiff.write('N\0', 36, 'latin1');
  tiff.writeUInt16BE(2, 40); // GPSLatitude, RATIONAL, 3, → 56
  tiff.writeUInt16BE(5, 42);
  tiff.writeUInt32BE(3, 44);
  tiff.writeUInt32BE(56, 48);
  tiff.writeUInt32BE(0, 52);
  [43, 1, 46, 1, 0, 1].forEach((v, i) => tiff.writeUInt32BE(v, 56 + i * 4));
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

export interface JpegInfo {
  /** An APP1 segment holding EXIF. */
  exif: boolean;
  width: number;
  height: number;
}

/** Walks the JPEG's segments up to the image data. */
export function jpegInfo(bytes: Buffer): JpegInfo {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  const info: JpegInfo = { exif: false, width: 0, height: 0 };
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe1 && bytes.subarray(at + 4, at + 8).toString('latin1') === 'Exif') info.exif = true;
    if (marker >= 0xc0 && marker <= 0xc3) {
      info.height = bytes.readUInt16BE(at + 5);
      info.width = bytes.readUInt16BE(at + 7);
    }
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return info;
}
