import type { StackConfig } from '../config.ts';
import { sendJson, type ServiceContext, type ServiceHandler } from '../http.ts';
import { getUser, logout, reauthenticate, updateUser } from './account.ts';
import {
  createUser,
  deleteUserById,
  generateLink,
  getUserById,
  invite,
  listAllUsers,
  updateUserById,
} from './admin.ts';
import type { Call } from './call.ts';
import { otp, recover, resend, verifyGet, verifyPost } from './email-flows.ts';
import { authError } from './errors.ts';
import { requireAdmin } from './guard.ts';
import { signup, token } from './signin.ts';

/** GET /settings, as GoTrue answers it for config.toml's [auth]. */
const settings = (config: StackConfig) => ({
  external: {
    anonymous_users: false,
    apple: false,
    azure: false,
    github: false,
    gitlab: false,
    google: false,
    keycloak: false,
    email: true,
    phone: false,
  },
  disable_signup: !config.auth.enableSignup,
  mailer_autoconfirm: !config.auth.enableConfirmations,
  phone_autoconfirm: false,
  sms_provider: '',
  saml_enabled: false,
});

type Route = (call: Call) => Promise<void>;

const ROUTES: Record<string, Route> = {
  'GET /settings': async (call) => sendJson(call.res, 200, settings(call.ctx.config)),
  'GET /health': async (call) =>
    sendJson(call.res, 200, { version: 'local', name: 'GoTrue', description: 'GoTrue endpoints of the local stack' }),
  'POST /signup': signup,
  'POST /token': token,
  'GET /user': getUser,
  'PUT /user': updateUser,
  'POST /logout': logout,
  'POST /recover': recover,
  'POST /resend': resend,
  'GET /reauthenticate': reauthenticate,
  'POST /otp': otp,
  'POST /verify': verifyPost,
  'GET /verify': verifyGet,
};

const ADMIN_ROUTES: Record<string, Route> = {
  'GET /admin/users': listAllUsers,
  'POST /admin/users': createUser,
  'POST /admin/generate_link': generateLink,
  'POST /invite': invite,
};

const ADMIN_USER_ROUTES: Record<string, (call: Call, id: string) => Promise<void>> = {
  GET: getUserById,
  PUT: updateUserById,
  DELETE: deleteUserById,
};

const notFound = () => authError(404, 'not_found', 'Not Found');

/** The GoTrue endpoints supabase-js's auth client calls, under /auth/v1. */
export function createAuthService(ctx: ServiceContext): ServiceHandler {
  return async (req, res, path, url) => {
    const call: Call = { ctx, req, res, url, ip: String(req.headers['x-real-ip'] ?? 'unknown') };
    const key = `${req.method ?? 'GET'} ${path}`;
    const route = ROUTES[key];
    if (route) return route(call);
    if (!path.startsWith('/admin/') && path !== '/invite') throw notFound();
    await requireAdmin(ctx.config, req);
    const adminRoute = ADMIN_ROUTES[key];
    if (adminRoute) return adminRoute(call);
    const userId = /^\/admin\/users\/([^/]+)$/.exec(path)?.[1];
    const userRoute = ADMIN_USER_ROUTES[req.method ?? 'GET'];
    if (userId === undefined || !userRoute) throw notFound();
    return userRoute(call, userId);
  };
}
