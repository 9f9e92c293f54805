import { readFileSync, writeFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { CHOROPLETH_LAYER_ORDER } from '../../src/map/layer-order.ts';
import { expect, test, type AppDriver } from './driver.ts';

/**
 * The planners' dashboard on the demo data: metric, filters, an uploaded division, the four
 * exports (parsed), the import form's refusal, and a resident refused. Nothing is changed in the
 * database (the official import is tested in pgTAP and tests/integration/dashboard-access.test.ts).
 */

const table = (app: AppDriver) => app.page.getByRole('region', { name: 'Figures by district' });
const rows = (app: AppDriver) => table(app).locator('tbody tr');
const legend = (app: AppDriver) => app.page.getByTestId('legend');
const summary = (app: AppDriver) => app.page.getByTestId('dashboard-summary');

async function openDashboard(app: AppDriver, email: string): Promise<void> {
  await app.open();
  await app.signIn(email);
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await app.page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(app.page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
}

/** Two halves of Florence's box, west and east of 11.25°E. */
function halves(): object {
  const box = (name: string, w: number, e: number) => ({
    type: 'Feature',
    properties: { name, population: 1000 },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w, 43.7],
          [e, 43.7],
          [e, 43.85],
          [w, 43.85],
          [w, 43.7],
        ],
      ],
    },
  });
  return { type: 'FeatureCollection', features: [box('West half', 11.1, 11.25), box('East half', 11.25, 11.4)] };
}

async function save(app: AppDriver, button: string): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByRole('button', { name: button }).click(),
  ]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

/** CSV lines after the BOM: the `#` metadata lines (quoted when they hold a comma), the header, the rows (split naively: the checks read the columns before any title). */
function parseCsv(text: string): { meta: string[]; header: string[]; rows: string[][] } {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).split('\r\n').filter(Boolean);
  const isMeta = (l: string) => /^"?#/.test(l);
  const meta = lines.filter(isMeta);
  const [header, ...rest] = lines.filter((l) => !isMeta(l));
  return { meta, header: header!.split(','), rows: rest.map((l) => l.split(',')) };
}

test('a planner reads, filters, recounts over another division and downloads the figures', async ({
  app,
}, testInfo) => {
  test.skip(
    testInfo.project.name === 'phone',
    'the full dashboard is for desktops and tablets; the phone gets a shorter check',
  );
  await openDashboard(app, 'planner@demo.local');
  await expect(rows(app)).toHaveCount(5);
  await expect(rows(app).first().locator('th')).toContainText('Centro Storico');
  const total = Number((await summary(app).textContent())!.match(/^(\d+) proposals/)![1]);
  expect(total).toBeGreaterThan(0);

  // Metric: the legend and the map's colours follow.
  await expect(legend(app).getByRole('heading')).toHaveText('Proposals');
  await app.page.getByLabel('Colour the districts by').selectOption({ label: 'Net agreement (agree − disagree)' });
  await expect(legend(app).getByRole('heading')).toHaveText('Net agreement (agree − disagree)');
  await expect(app.page.locator('.choropleth')).toHaveAttribute('data-metric', 'net');
  await expect(app.page.locator('.choropleth')).toHaveAttribute('data-layer-order', CHOROPLETH_LAYER_ORDER.join(' '));
  await app.page.getByLabel('Colour the districts by').selectOption({ label: 'Participants per 1,000 inhabitants' });
  await expect(app.page.locator('.choropleth')).toHaveAttribute('data-metric', 'per1000');
  await expect(rows(app).first().locator('[data-col="per1000"]')).not.toHaveText('—');

  // Filters: a date range in the future keeps nothing; a status keeps part of it.
  await app.page.getByLabel('From', { exact: true }).fill('2099-01-01');
  await expect(summary(app)).toContainText('0 proposals match');
  await app.page.getByLabel('From', { exact: true }).fill('');
  await expect(summary(app)).toContainText(`${total} proposals match`);
  await app.page.getByRole('group', { name: 'Status' }).getByLabel('New').check();
  await expect(summary(app)).not.toContainText(`${total} proposals match`);
  const filtered = Number((await summary(app).textContent())!.match(/^(\d+) proposals/)![1]);
  expect(await app.seriousA11yViolations()).toEqual([]);

  // Downloads, with the filter stated.
  const summaryCsv = await save(app, 'Summary by district (CSV)');
  expect(summaryCsv.name).toMatch(/^firenze_summary-by-district_official-districts_\d{4}-\d{2}-\d{2}\.csv$/i);
  const csv = parseCsv(summaryCsv.text);
  expect(csv.meta.join('\n')).toMatch(/# Generated at: \d{4}-/);
  expect(csv.meta).toContain('# Filters: status=new');
  expect(csv.meta.some((l) => l.startsWith('# Licence: CC BY 4.0'))).toBe(true);
  expect(csv.header.slice(0, 4)).toEqual(['district_id', 'district', 'population', 'proposals']);
  expect(csv.rows).toHaveLength(5);
  expect(csv.rows.reduce((sum, r) => sum + Number(r[3]), 0)).toBeLessThanOrEqual(filtered);

  const summaryGeo = JSON.parse((await save(app, 'Summary by district (GeoJSON)')).text);
  expect(summaryGeo.type).toBe('FeatureCollection');
  expect(summaryGeo.metadata.filters).toEqual({ categories: [], statuses: ['new'] });
  expect(summaryGeo.features).toHaveLength(5);
  expect(summaryGeo.features[0].geometry.type).toMatch(/Polygon/);
  expect(typeof summaryGeo.features[0].properties.proposals).toBe('number');
  expect(typeof summaryGeo.features[0].properties.participants).toBe('number');

  const proposalsCsv = parseCsv((await save(app, 'Proposals (CSV)')).text);
  expect(proposalsCsv.header).toContain('proposal_id');
  expect(proposalsCsv.header).not.toContain('author');
  expect(proposalsCsv.rows).toHaveLength(filtered);
  const proposalsGeo = JSON.parse((await save(app, 'Proposals (GeoJSON)')).text);
  expect(proposalsGeo.features).toHaveLength(filtered);
  expect(proposalsGeo.features[0].geometry.type).toBe('Point');
  expect(proposalsGeo.features[0].properties.status).toBe('new');

  // Another division: two halves of the city, then a broken file, then back.
  const good = testInfo.outputPath('halves.geojson');
  writeFileSync(good, JSON.stringify(halves()));
  await app.page.getByLabel('Count over another division (GeoJSON file)').setInputFiles(good);
  await expect(app.page.getByTestId('layer-name')).toHaveText('Your file: halves.geojson.');
  await expect(rows(app)).toHaveCount(2);
  await expect(rows(app).nth(0).locator('th')).toContainText('West half');
  await expect(summary(app)).toContainText(`${filtered} proposals match the filters over 2 districts`);

  const broken = testInfo.outputPath('broken.geojson');
  const open = halves() as { features: { geometry: { coordinates: number[][][] } }[] };
  open.features[0]!.geometry.coordinates[0]!.pop();
  writeFileSync(broken, JSON.stringify(open));
  await app.page.getByLabel('Count over another division (GeoJSON file)').setInputFiles(broken);
  await expect(app.page.getByTestId('layer-errors')).toContainText(
    'A ring does not end where it starts. (district 1 in the file)',
  );
  await expect(rows(app)).toHaveCount(2);
  await app.page.getByRole('button', { name: 'Back to the official districts' }).click();
  await expect(rows(app)).toHaveCount(5);

  // The official import checks the file before anything is sent.
  await app.page.locator('summary', { hasText: 'Replace the official districts' }).click();
  await app.page.getByLabel('New official districts (GeoJSON file)').setInputFiles(broken);
  await expect(app.page.getByTestId('layer-errors').last()).toContainText('A ring does not end where it starts.');
  await expect(app.page.getByRole('button', { name: /^Replace the official districts with/ })).toHaveCount(0);
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test('a planner opens the dashboard (short check on every screen size)', async ({ app }) => {
  await openDashboard(app, 'planner@demo.local');
  await expect(rows(app)).toHaveCount(5);
  await expect(legend(app)).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test('a resident is refused, by the screen and by the database', async ({ app }) => {
  app.expectFailure('POST', /\/rest\/v1\/rpc\/dashboard_data/, 403);
  await app.open();
  await app.signIn('resident@demo.local');
  await app.page.goto('/dashboard');
  await expect(app.page.getByTestId('dashboard-refused')).toHaveText(
    'The dashboard is for planners and admins. Sign in with a planner account to read the figures by district.',
  );
  await expect(table(app)).toHaveCount(0);
});
