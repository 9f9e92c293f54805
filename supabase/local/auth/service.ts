import { HttpError, type ServiceContext, type ServiceHandler } from '../http.ts';

export function createAuthService(_ctx: ServiceContext): ServiceHandler {
  return () => Promise.reject(new HttpError(501, { msg: 'auth: being written' }));
}
