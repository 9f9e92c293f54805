import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asSuperuser } from '../db/database.ts';
import type { StackConfig } from '../config.ts';
import { readJson, type ServiceContext } from '../http.ts';
import type { Db } from './users.ts';
import { optionalString, type Body } from './validate.ts';

/** One request to the auth service. */
export interface Call {
  ctx: ServiceContext;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The client's address, which rate limits are keyed by. */
  ip: string;
}

/** Auth bodies are small: 64 KiB leaves room for generous metadata. */
export const readBody = (call: Call): Promise<Body> => readJson(call.req, 64 * 1024);

/** The request's database work, in one transaction as the superuser. */
export const inTransaction = <T>(call: Call, fn: (db: Db) => Promise<T>): Promise<T> =>
  asSuperuser(call.ctx.db.pool, fn);

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

export function clientMeta(call: Call): ClientMeta {
  return { ip: isIP(call.ip) ? call.ip : null, userAgent: call.req.headers['user-agent'] ?? null };
}

/** An additional_redirect_urls entry: an exact URL, or a glob where `*` stays within a path segment or host label and `**` does not. */
function redirectPattern(entry: string): RegExp {
  const source = entry
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^./]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

/**
 * Where an email link leads after verification (GoTrue's rule, which stops open redirects):
 * `redirect_to` when its host is the site's or it matches config.toml's additional_redirect_urls,
 * otherwise the site URL.
 */
export function safeRedirect(config: StackConfig, requested: string | null | undefined): string {
  if (requested) {
    try {
      const target = new URL(requested);
      const allowed =
        target.hostname === new URL(config.siteUrl).hostname ||
        config.auth.additionalRedirectUrls.some((entry) => redirectPattern(entry).test(requested));
      if ((target.protocol === 'http:' || target.protocol === 'https:') && allowed) return target.toString();
    } catch {
      // not a URL: fall back to the site
    }
  }
  return config.siteUrl;
}

/** `redirect_to` as supabase-js sends it (query string), or in the body. */
export function requestedRedirect(call: Call, body: Body): string {
  return safeRedirect(call.ctx.config, call.url.searchParams.get('redirect_to') ?? optionalString(body, 'redirect_to'));
}

export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export const isUniqueViolation = (error: unknown): boolean => pgErrorCode(error) === '23505';
