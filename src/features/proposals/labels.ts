import type { Category } from '../../lib/api/index.ts';
import type { Locale } from '../../lib/i18n/index.ts';

/** The category's name in the language shown. */
export function categoryLabel(category: Category | undefined, locale: Locale): string {
  if (!category) return '';
  return locale === 'fr' ? category.labelFr : category.labelEn;
}
