/**
 * Shrinks a photo so that its long side is at most `maxSide` pixels and re-encodes it as JPEG
 * through a canvas. The canvas keeps pixels only, so EXIF (GPS position, camera, date) is gone;
 * `imageOrientation: 'from-image'` applies the EXIF rotation before it is dropped.
 * Self-contained (no imports, no outer names): the browser specs run this very function.
 */
export async function resizePhoto(file: Blob, maxSide = 1600, quality = 0.85): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('the photo could not be encoded');
  return blob;
}
