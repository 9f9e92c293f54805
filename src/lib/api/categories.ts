import type { DataSource } from './client.ts';
import { toApiError } from './errors.ts';
import type { Category } from './types.ts';

export interface CategoriesApi {
  /** The active categories, in their display order. */
  list(): Promise<Category[]>;
}

export function createCategoriesApi(db: DataSource): CategoriesApi {
  return {
    async list() {
      const { data, error, status } = await db()
        .from('categories')
        .select('id, slug, label_fr, label_en, color, icon')
        .eq('is_active', true)
        .order('sort_order')
        .order('id');
      if (error) throw toApiError(error, status);
      return data.map((row) => ({
        id: String(row.id),
        slug: row.slug,
        labelFr: row.label_fr,
        labelEn: row.label_en,
        color: row.color,
        icon: row.icon,
      }));
    },
  };
}
