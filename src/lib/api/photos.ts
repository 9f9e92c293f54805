import type { Backend } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import type { ApiConfig } from './types.ts';

export const PHOTO_BUCKET = 'proposal-photos';

export interface PhotosApi {
  /**
   * Uploads a photo (already resized, JPEG) into the signed-in user's folder and resolves its
   * object path. `onprogress` gets the share sent, 0 to 1.
   */
  upload(photo: Blob, onprogress?: (fraction: number) => void): Promise<string>;
  /** A short-lived URL to show a photo the caller may read. */
  url(path: string): Promise<string>;
}

/**
 * supabase-js uploads through fetch, which reports no upload progress; the upload alone goes to
 * the same Storage endpoint (`POST /storage/v1/object/<bucket>/<path>`) through XMLHttpRequest,
 * with the session's token. Everything else goes through supabase-js.
 */
export function createPhotosApi(backend: Backend, config: ApiConfig): PhotosApi {
  return {
    async upload(photo, onprogress) {
      const { data } = await (await backend.supabase()).auth.getSession();
      const session = data.session;
      if (!session) throw new ApiError('forbidden', 'sign in to upload a photo', 401);
      const path = `${session.user.id}/${crypto.randomUUID()}.jpg`;
      const url = `${config.apiUrl}/storage/v1/object/${PHOTO_BUCKET}/${path}`;
      await new Promise<void>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        xhr.setRequestHeader('authorization', `Bearer ${session.access_token}`);
        xhr.setRequestHeader('apikey', config.anonKey);
        xhr.setRequestHeader('content-type', photo.type || 'image/jpeg');
        xhr.setRequestHeader('cache-control', 'max-age=3600');
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) onprogress?.(event.loaded / event.total);
        };
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) return resolve();
          reject(toApiError({ message: `photo upload refused: ${xhr.responseText}` }, xhr.status));
        };
        xhr.onerror = () => reject(new ApiError('network', 'photo upload failed', 0));
        xhr.send(photo);
      });
      onprogress?.(1);
      return path;
    },
    async url(path) {
      const client = await backend.supabase();
      const { data, error } = await client.storage.from(PHOTO_BUCKET).createSignedUrl(path, 3600);
      if (error || !data) throw toApiError(error ?? { message: 'no signed URL' }, 404);
      return data.signedUrl;
    },
  };
}
