import type { ServiceContext } from '../http.ts';

/** Demo districts, categories, accounts, proposals, votes and comments (being written). */
export async function seedDemo(_ctx: ServiceContext): Promise<void> {}
