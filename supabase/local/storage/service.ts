import { HttpError, type ServiceContext, type ServiceHandler } from '../http.ts';

export function createStorageService(_ctx: ServiceContext): ServiceHandler {
  return () => Promise.reject(new HttpError(501, { message: 'storage: being written' }));
}
