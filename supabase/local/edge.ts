import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';
import {
  BAD_ADDRESS,
  BODY_LIMITS,
  HEADERS_TOO_LARGE,
  METHOD_NOT_ALLOWED,
  TOO_LARGE,
  URI_TOO_LONG,
  VALID_TARGET_PCRE,
} from './edge-rules.ts';
import { DEFAULT_ALLOWED_HEADERS, EXPOSED_HEADERS, NON_FILTER_PARAMS } from './gateway.ts';

/**
 * Kong's place in Supabase, taken by Debian's nginx when it is installed: it answers CORS, checks
 * the API key and safeupdate itself and proxies /rest/v1 straight to PostgREST, so REST calls
 * never cross JavaScript; everything else goes to the Node gateway on an internal port. Without
 * nginx the Node gateway does all of it alone (same contract, one more hop in JavaScript).
 */
export interface EdgeProxy {
  stop(): Promise<void>;
}

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

/** The nginx binary to use, or undefined when the Node gateway must serve alone. */
export function nginxBinary(config: StackConfig): string | undefined {
  if (config.gateway === 'node') return undefined;
  const found = NGINX_CANDIDATES.find((path) => existsSync(path));
  if (!found && config.gateway === 'nginx') throw new Error('GATEWAY=nginx but nginx is not installed');
  return found;
}

/** A JSON body for nginx's `return`: single quotes and backslashes cannot appear in ours. */
const body = (value: object): string => `'${JSON.stringify(value)}'`;

/** The JSON pages nginx answers its own refusals with (error_page), by status. */
const ERROR_PAGES: Record<number, object> = {
  400: BAD_ADDRESS,
  405: METHOD_NOT_ALLOWED,
  413: TOO_LARGE,
  414: URI_TOO_LONG,
  494: HEADERS_TOO_LARGE,
};

const HIDDEN_UPSTREAM_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'vary',
];

/** A location proxying to PostgREST with Kong's key-auth; `safeUpdate` refuses unfiltered writes. */
function restLocation(match: string, upstreamPath: string, safeUpdate: boolean): string {
  const refuse = (verb: string) =>
    `if ($safeupdate = "${verb === 'UPDATE' ? 'PATCH' : 'DELETE'}:0") { return 400 ${body({
      code: '21000',
      details: null,
      hint: null,
      message: `${verb} requires a WHERE clause`,
    })}; }`;
  return `
    location ${match} {
      client_max_body_size ${BODY_LIMITS.rest};
      if ($key_status = missing) { return 401 ${body({ message: 'No API key found in request' })}; }
      if ($key_status = invalid) { return 401 ${body({ message: 'Invalid authentication credentials' })}; }
      ${safeUpdate ? `set $safeupdate "$request_method:$has_filter";\n      ${refuse('UPDATE')}\n      ${refuse('DELETE')}` : ''}
      # Setting a header here drops every inherited one: all are repeated.
      proxy_set_header Authorization $upstream_authorization;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header apikey "";
      proxy_pass http://postgrest${upstreamPath}?$rest_args;
    }`;
}

export function nginxConfig(config: StackConfig, runDir: string, servicesPort: number): string {
  const quote = (s: string) => `"${s}"`;
  const skipped = [...NON_FILTER_PARAMS, 'apikey'].join('|');
  return `daemon off;
master_process off;
worker_processes 1;
pid ${join(runDir, 'nginx.pid')};
error_log stderr error;
events { worker_connections 8192; }
worker_rlimit_nofile 16384;
http {
  access_log off;
  server_tokens off;
  default_type application/json;
  client_body_temp_path ${join(runDir, 'body')};
  proxy_temp_path ${join(runDir, 'proxy')};
  fastcgi_temp_path ${join(runDir, 'fastcgi')};
  uwsgi_temp_path ${join(runDir, 'uwsgi')};
  scgi_temp_path ${join(runDir, 'scgi')};
  client_max_body_size ${BODY_LIMITS.other};
  keepalive_requests 100000;
  map_hash_bucket_size 256;
  proxy_http_version 1.1;
  proxy_request_buffering off;
  proxy_buffering off;
  proxy_read_timeout 300s;
  # PostgREST echoes the request's address in Content-Location: room for the longest one nginx takes (8k).
  proxy_buffer_size 16k;
  proxy_buffers 8 16k;
  proxy_set_header Connection "";
  proxy_set_header Host $http_host;
  proxy_set_header X-Real-IP $remote_addr;
${HIDDEN_UPSTREAM_HEADERS.map((h) => `  proxy_hide_header ${h};`).join('\n')}

  upstream postgrest { server 127.0.0.1:${config.postgrestPort}; keepalive 64; }
  upstream services { server 127.0.0.1:${servicesPort}; keepalive 64; }

  map $http_apikey $api_key { "" $arg_apikey; default $http_apikey; }
  map $api_key $key_status { "" missing; ${quote(config.anonKey)} ok; ${quote(config.serviceRoleKey)} ok; default invalid; }
  map $http_authorization $upstream_authorization { "" "Bearer $api_key"; default $http_authorization; }
  map $request_uri $rest_path { "~^/rest/v1(?<rest>/[^?]*)" $rest; default /; }
  # Kong's key-auth hides the credentials from PostgREST (it would read apikey as a filter).
  map $args $rest_args {
    "~^apikey=[^&]*&?(?<after>.*)$" $after;
    "~^(?<before>.*)&apikey=[^&]*(?<after>.*)$" "$before$after";
    default $args;
  }
  map $args $has_filter { "~(^|&)(?!(${skipped})(=|&|$))[^&=]+" 1; default 0; }
  map $request_uri $valid_target { "~*${VALID_TARGET_PCRE}" 1; default 0; }
  map $http_origin $cors_origin { "" "*"; default $http_origin; }
  map $http_access_control_request_headers $requested_headers { "" ${quote(DEFAULT_ALLOWED_HEADERS)}; default $http_access_control_request_headers; }
  map $request_method $preflight_methods { OPTIONS "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"; default ""; }
  map $request_method $preflight_headers { OPTIONS $requested_headers; default ""; }
  map $request_method $preflight_max_age { OPTIONS 3600; default ""; }

  server {
    listen ${config.host}:${config.apiPort};
    add_header access-control-allow-origin $cors_origin always;
    add_header access-control-allow-credentials true always;
    add_header access-control-expose-headers ${quote(EXPOSED_HEADERS)} always;
    add_header access-control-allow-methods $preflight_methods always;
    add_header access-control-allow-headers $preflight_headers always;
    add_header access-control-max-age $preflight_max_age always;
    add_header vary Origin always;
    if ($request_method = OPTIONS) { return 204; }
    # Before any service: addresses that do not decode to UTF-8 without NUL (PostgREST would answer a plain 500).
    if ($valid_target = 0) { return 400 ${body(BAD_ADDRESS)}; }
    error_page 502 504 = @rest_unavailable;
    # nginx's own refusals (an address it cannot parse, a body or headers too large): JSON like the services.
${Object.keys(ERROR_PAGES)
  .map((status) => `    error_page ${status} ${status === '494' ? '=431 ' : ''}/.edge/${status}.json;`)
  .join('\n')}
${restLocation('= /rest/v1', '/', false)}
${restLocation('/rest/v1/rpc/', '$rest_path', false)}
${restLocation('/rest/v1/', '$rest_path', true)}
    location /storage/v1/ {
      client_max_body_size ${BODY_LIMITS.storage};
      proxy_pass http://services;
    }
    location / {
      proxy_pass http://services;
    }
    location /realtime/v1/ {
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_read_timeout 1h;
      proxy_pass http://services;
    }
    location ^~ /.edge/ {
      internal;
      root ${runDir};
    }
    location @rest_unavailable {
      return 503 ${body({ message: 'The service is not available' })};
    }
  }
}
`;
}

function waitListening(host: string, port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited: ${output()}`));
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not start: ${output()}`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/** Starts nginx in the foreground under `setpriv --pdeathsig`: it dies with the stack, no orphan. */
export async function startNginx(binary: string, config: StackConfig, servicesPort: number): Promise<EdgeProxy> {
  const runDir = mkdtempSync(join(tmpdir(), 'idea-map-edge-'));
  const file = join(runDir, 'nginx.conf');
  writeFileSync(file, nginxConfig(config, runDir, servicesPort));
  mkdirSync(join(runDir, '.edge'));
  for (const [status, page] of Object.entries(ERROR_PAGES)) {
    writeFileSync(join(runDir, '.edge', `${status}.json`), JSON.stringify(page));
  }
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', binary, '-p', runDir, '-e', 'stderr', '-c', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitListening(config.host, config.apiPort, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
