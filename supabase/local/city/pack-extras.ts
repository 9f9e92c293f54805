import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from './load-city.ts';

/**
 * The optional parts of a city pack that `npm run setup` loads beside the districts:
 *
 *   categories.json        [{ slug, label_fr, label_en, color: "#rrggbb", icon, sort_order? }]
 *   city.json "settings"   { moderation_mode: "post" | "pre", report_threshold: 1–100, voting_open }
 *   legal/<name>.<fr|en>.md  privacy, charter, legal-notice, accessibility
 *
 * Everything is checked here, before anything is written, so that a broken pack changes nothing.
 */
export interface PackCategory {
  slug: string;
  label_fr: string;
  label_en: string;
  color: string;
  icon: string;
  sort_order: number;
}

export interface PackSettings {
  moderation_mode?: 'post' | 'pre';
  report_threshold?: number;
  voting_open?: boolean;
}

export interface LegalText {
  name: (typeof LEGAL_NAMES)[number];
  lang: 'fr' | 'en';
  markdown: string;
}

export const LEGAL_NAMES = ['privacy', 'charter', 'legal-notice', 'accessibility'] as const;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COLOR = /^#[0-9a-f]{6}$/;
const ICON = /^[a-z0-9-]{1,40}$/;
const LEGAL_FILE = /^([a-z-]+)\.(fr|en)\.md$/;
const MAX_LEGAL_BYTES = 200_000;

function label(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim().length < 1 || value.trim().length > 60) {
    throw new Error(`${where}: a label of 1 to 60 characters is required`);
  }
  return value.trim();
}

/** The pack's categories, or undefined when it has no categories.json (the defaults of seed.sql apply). */
export function readCategories(dir: string): PackCategory[] | undefined {
  const file = join(dir, 'categories.json');
  if (!existsSync(file)) return undefined;
  const raw: unknown = readJson(file);
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${file}: expected a non-empty array of categories`);
  const slugs = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const where = `${file}: category ${index + 1}`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: not an object`);
    const c = entry as Record<string, unknown>;
    if (typeof c.slug !== 'string' || !SLUG.test(c.slug) || c.slug.length > 40 || slugs.has(c.slug)) {
      throw new Error(`${where}: slug must be unique, lowercase words joined by dashes, at most 40 characters`);
    }
    slugs.add(c.slug);
    if (typeof c.color !== 'string' || !COLOR.test(c.color)) throw new Error(`${where}: color must be #rrggbb`);
    if (typeof c.icon !== 'string' || !ICON.test(c.icon)) throw new Error(`${where}: icon must be a-z, 0-9 or -`);
    const order = c.sort_order ?? (index + 1) * 10;
    if (!Number.isInteger(order)) throw new Error(`${where}: sort_order must be an integer`);
    return {
      slug: c.slug,
      label_fr: label(c.label_fr, `${where} label_fr`),
      label_en: label(c.label_en, `${where} label_en`),
      color: c.color,
      icon: c.icon,
      sort_order: order as number,
    };
  });
}

/** The `settings` object of city.json, checked; empty when absent. */
export function readSettings(dir: string): PackSettings {
  const file = join(dir, 'city.json');
  if (!existsSync(file)) return {};
  const raw = readJson(file).settings;
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null) throw new Error(`${file}: settings must be an object`);
  const s = raw as Record<string, unknown>;
  const out: PackSettings = {};
  if (s.moderation_mode !== undefined) {
    if (s.moderation_mode !== 'post' && s.moderation_mode !== 'pre') {
      throw new Error(`${file}: settings.moderation_mode must be "post" or "pre"`);
    }
    out.moderation_mode = s.moderation_mode;
  }
  if (s.report_threshold !== undefined) {
    const t = s.report_threshold;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 100) {
      throw new Error(`${file}: settings.report_threshold must be an integer from 1 to 100`);
    }
    out.report_threshold = t;
  }
  if (s.voting_open !== undefined) {
    if (typeof s.voting_open !== 'boolean') throw new Error(`${file}: settings.voting_open must be true or false`);
    out.voting_open = s.voting_open;
  }
  return out;
}

/** Every `legal/<name>.<lang>.md` of the pack; an unknown name is an error rather than a silent skip. */
export function readLegalTexts(dir: string): LegalText[] {
  const legalDir = join(dir, 'legal');
  if (!existsSync(legalDir)) return [];
  return readdirSync(legalDir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((file) => {
      const match = LEGAL_FILE.exec(file);
      const name = match?.[1] as LegalText['name'] | undefined;
      if (!match || !name || !LEGAL_NAMES.includes(name)) {
        throw new Error(`${join(legalDir, file)}: expected <${LEGAL_NAMES.join('|')}>.<fr|en>.md`);
      }
      const markdown = readFileSync(join(legalDir, file), 'utf8');
      if (markdown.trim() === '' || Buffer.byteLength(markdown) > MAX_LEGAL_BYTES) {
        throw new Error(`${join(legalDir, file)}: empty or larger than ${MAX_LEGAL_BYTES / 1000} kB`);
      }
      return { name, lang: match[2] as LegalText['lang'], markdown };
    });
}
