import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { entityTooLarge, invalidMimeType, invalidRequest } from './errors.ts';
import type { FileStore, TempFile } from './files.ts';

/** An uploaded body, durably in a temp file, with what Storage records about it. */
export interface IncomingFile {
  temp: TempFile;
  size: number;
  md5: string;
  mimetype: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}

export interface UploadRules {
  /** Bytes allowed (bucket limit bounded by the global one). */
  limit: number;
  /** The bucket's allowed_mime_types (`image/*` wildcards); null or empty allows all. */
  allowedMimeTypes: string[] | null;
}

const FORM_FIELD_LIMIT = 1024 * 1024;

/** Header-safe text: printable ASCII only (form fields may carry anything). */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** Is `mime` accepted by a list like `['image/*', 'application/pdf']`? Parameters (`;charset`) are ignored. */
export function mimeAllowed(mime: string, allowed: string[] | null): boolean {
  if (!PRINTABLE.test(mime)) return false;
  if (!allowed || allowed.length === 0) return true;
  const [type, subtype, ...rest] = (mime.split(';')[0] ?? '').trim().toLowerCase().split('/');
  if (!type || !subtype || rest.length > 0) return false;
  return allowed.some((entry) => {
    const [allowedType, allowedSubtype] = entry.trim().toLowerCase().split('/');
    if (allowedType === '*' && allowedSubtype === '*') return true;
    return allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype);
  });
}

function parseMetadata(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Streams the upload (raw body, or the first file of a multipart/form-data body) into a temp
 * file, counting bytes and stopping at the limit. On any refusal the temp file is removed and
 * the rest of the request is drained, so that the client can read the answer.
 */
export async function receiveUpload(req: IncomingMessage, store: FileStore, rules: UploadRules): Promise<IncomingFile> {
  const contentType = header(req, 'content-type') ?? '';
  const temp = await store.createTemp();
  try {
    const received = contentType.toLowerCase().startsWith('multipart/form-data')
      ? await receiveMultipart(req, temp, rules)
      : await receiveRaw(req, temp, rules, contentType);
    if (!PRINTABLE.test(received.cacheControl)) throw invalidRequest('Invalid cacheControl');
    const { size, md5 } = await temp.finish();
    return { temp, size, md5, ...received };
  } catch (error) {
    req.resume();
    await temp.discard();
    throw error;
  }
}

type Described = Pick<IncomingFile, 'mimetype' | 'cacheControl' | 'userMetadata'>;

async function receiveRaw(
  req: IncomingMessage,
  temp: TempFile,
  rules: UploadRules,
  contentType: string,
): Promise<Described> {
  const mimetype = contentType || 'application/octet-stream';
  if (!mimeAllowed(mimetype, rules.allowedMimeTypes)) throw invalidMimeType(mimetype);
  const declared = Number(header(req, 'content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > rules.limit) throw entityTooLarge();
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    if (temp.size + chunk.length > rules.limit) throw entityTooLarge();
    await temp.write(chunk);
  }
  const encoded = header(req, 'x-metadata');
  return {
    mimetype,
    cacheControl: header(req, 'cache-control') ?? 'no-cache',
    userMetadata: parseMetadata(encoded && Buffer.from(encoded, 'base64').toString('utf8')),
  };
}

function receiveMultipart(req: IncomingMessage, temp: TempFile, rules: UploadRules): Promise<Described> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 20, fieldSize: FORM_FIELD_LIMIT, fileSize: rules.limit + 1 },
      });
    } catch {
      reject(invalidRequest('Malformed multipart body'));
      return;
    }
    const fields: Record<string, string> = {};
    let refusal: Error | undefined;
    let file: Promise<string> | undefined;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      if (file || refusal) {
        stream.resume();
        return;
      }
      const mimetype = fields.contentType || info.mimeType || 'application/octet-stream';
      if (!mimeAllowed(mimetype, rules.allowedMimeTypes)) {
        refusal = invalidMimeType(mimetype);
        stream.resume();
        return;
      }
      stream.on('limit', () => (refusal ??= entityTooLarge()));
      file = (async () => {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (!refusal) await temp.write(chunk);
        }
        return mimetype;
      })();
      // Keep the parser flowing if writing fails; the failure is reported below.
      file.catch(() => stream.resume());
    });
    req.once('close', () => {
      if (!req.complete) reject(invalidRequest('The upload was interrupted'));
    });
    parser.on('error', () => {
      req.unpipe(parser);
      reject(invalidRequest('Malformed multipart body'));
    });
    parser.on('close', () => {
      void (async () => {
        const mimetype = await file;
        if (refusal) throw refusal;
        if (mimetype === undefined) throw invalidRequest('No content provided');
        const cacheTime = fields.cacheControl;
        return {
          mimetype,
          cacheControl: cacheTime ? `max-age=${cacheTime}` : 'no-cache',
          userMetadata: parseMetadata(fields.metadata ?? fields.userMetadata),
        };
      })().then(resolve, reject);
    });
    req.pipe(parser);
  });
}
