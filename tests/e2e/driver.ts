import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page, type Response } from '@playwright/test';

/**
 * The one place that knows how the app is built: specs say what a person does ("sign in as…")
 * and what they see, through this driver. Every test gets one, and ends by checking that the page
 * threw nothing and no request failed, except the failures the test itself provoked (`expectFailure`).
 */

export const DEMO_PASSWORD = 'demo-password';

interface Problem {
  kind: 'pageerror' | 'requestfailed' | 'http';
  text: string;
  url?: string;
  method?: string;
  status?: number;
}

interface ExpectedFailure {
  method: string;
  url: RegExp;
  status: number;
}

export class AppDriver {
  readonly page: Page;
  readonly problems: Problem[] = [];
  readonly basemapResponses: Response[] = [];
  readonly #expected: ExpectedFailure[] = [];

  constructor(page: Page) {
    this.page = page;
    page.on('pageerror', (error) => this.problems.push({ kind: 'pageerror', text: error.stack ?? error.message }));
    page.on('requestfailed', (request) => {
      const errorText = request.failure()?.errorText ?? 'failed';
      // A read cancelled because the page moved on (a reload, a new view, a newer list query) loses
      // nothing; a cancelled write still counts as a failure.
      if (errorText === 'net::ERR_ABORTED' && request.method() === 'GET') return;
      this.problems.push({ kind: 'requestfailed', text: errorText, url: request.url(), method: request.method() });
    });
    page.on('response', (response) => {
      if (response.url().includes('/city/basemap.pmtiles')) this.basemapResponses.push(response);
      if (response.status() < 400) return;
      const method = response.request().method();
      const index = this.#expected.findIndex(
        (e) => e.method === method && e.status === response.status() && e.url.test(response.url()),
      );
      if (index >= 0) {
        this.#expected.splice(index, 1);
        return;
      }
      this.problems.push({
        kind: 'http',
        text: `${response.status()} ${response.statusText()}`,
        url: response.url(),
        method,
        status: response.status(),
      });
    });
  }

  /** Declares one failing response the test is about to provoke. */
  expectFailure(method: string, url: RegExp, status: number): void {
    this.#expected.push({ method, url, status });
  }

  assertNoProblems(): void {
    expect(this.problems, 'page errors and failed requests').toEqual([]);
  }

  // ---- the map screen ----

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  get map(): Locator {
    return this.page.locator('.city-map');
  }

  get mapCanvas(): Locator {
    return this.map.locator('canvas');
  }

  /** Waits until MapLibre has loaded and drawn everything in view. */
  async waitForMapIdle(): Promise<void> {
    await expect(this.map).toHaveAttribute('data-map-idle', 'true', { timeout: 30_000 });
  }

  /** How many distinct colours the map shows (a blank canvas shows one or two). */
  async mapColourCount(): Promise<number> {
    const png = await this.mapCanvas.screenshot();
    return this.page.evaluate(
      async (dataUrl) => {
        const image = new Image();
        image.src = dataUrl;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, image.width, image.height);
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return colours.size;
      },
      `data:image/png;base64,${png.toString('base64')}`,
    );
  }

  /** The list of districts meant for screen readers (the map shows the same names). */
  districtList(city: string): Locator {
    return this.page.getByRole('region', { name: `Districts of ${city}` }).getByRole('listitem');
  }

  get attribution(): Locator {
    return this.page.locator('.maplibregl-ctrl-attrib');
  }

  // ---- account ----

  get account(): Locator {
    return this.page.getByRole('region', { name: 'Account' });
  }

  get signInForm(): Locator {
    return this.page.getByRole('form', { name: 'Sign in' });
  }

  get emailField(): Locator {
    return this.signInForm.getByLabel('Email');
  }

  get passwordField(): Locator {
    return this.signInForm.getByLabel('Password');
  }

  get signInError(): Locator {
    return this.signInForm.getByRole('alert');
  }

  async openSignIn(): Promise<void> {
    await this.account.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.signInForm).toBeVisible();
  }

  /** Types the credentials into the sign-in form and sends it; does not wait for the answer. */
  async submitSignIn(email: string, password: string): Promise<void> {
    if (!(await this.signInForm.isVisible())) await this.openSignIn();
    await this.emailField.fill(email);
    await this.passwordField.fill(password);
    await this.signInForm.getByRole('button', { name: 'Sign in' }).click();
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<void> {
    await this.submitSignIn(email, password);
    await expect(this.account).toContainText(`Signed in as ${email}`);
  }

  async signOut(): Promise<void> {
    await this.account.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.account.getByRole('button', { name: 'Sign in' })).toBeVisible();
  }

  // ---- proposals: map, list, sheet ----

  /** How many proposals the map draws (bubbles plus those inside clusters), once idle. */
  async drawnProposals(): Promise<number> {
    await this.waitForMapIdle();
    return Number(await this.map.getAttribute('data-proposals-drawn'));
  }

  /** Waits until the open proposal's bubble is drawn on the map. */
  async expectSelectedOnMap(): Promise<void> {
    await expect(this.map).toHaveAttribute('data-selected-drawn', 'true', { timeout: 30_000 });
  }

  get proposalList(): Locator {
    return this.page.getByRole('region', { name: /^Proposals/ });
  }

  get proposalItems(): Locator {
    return this.proposalList.getByRole('listitem');
  }

  async showList(): Promise<void> {
    await this.page.getByRole('button', { name: 'Show the proposals as a list' }).click();
    await expect(this.proposalList).toBeVisible();
  }

  async showMap(): Promise<void> {
    await this.page.getByRole('button', { name: 'Show the map' }).click();
    await expect(this.proposalList).toBeHidden();
  }

  /** The proposal sheet (bottom sheet on a phone, side panel on a wide screen). */
  get sheet(): Locator {
    return this.page.getByRole('complementary');
  }

  async openFromList(title: string | RegExp): Promise<void> {
    await this.proposalList.getByRole('button', { name: title }).first().click();
    await expect(this.sheet.getByRole('heading', { level: 2 })).toBeVisible();
  }

  async closeSheet(): Promise<void> {
    await this.sheet.getByRole('button', { name: 'Close' }).click();
    await expect(this.sheet).toBeHidden();
  }

  /** Waits until nothing of the sheet is still loading (votes and comments), e.g. before a reload. */
  async waitForSheetLoaded(): Promise<void> {
    await expect(this.sheet.locator('[aria-busy="true"]')).toHaveCount(0);
  }

  /** The id of the proposal open in the sheet, from the address bar. */
  openProposalId(): string | null {
    return new URL(this.page.url()).searchParams.get('p');
  }

  agreeButton(): Locator {
    return this.sheet.getByRole('button', { name: /^Agree/ });
  }

  disagreeButton(): Locator {
    return this.sheet.getByRole('button', { name: /^Disagree/ });
  }

  /** The number shown on the agree or disagree button. */
  async voteCount(button: Locator): Promise<number> {
    const text = (await button.textContent()) ?? '';
    return Number(text.replace(/[^0-9]/g, ''));
  }

  // ---- proposing ----

  get proposeButton(): Locator {
    return this.page.getByRole('button', { name: 'Propose', exact: true });
  }

  get placement(): Locator {
    return this.page.getByRole('region', { name: /^Where\?/ });
  }

  get proposeForm(): Locator {
    return this.page.getByRole('form', { name: 'Your proposal' });
  }

  // ---- accessibility ----

  /** axe-core's serious and critical findings on the page as it is now. */
  async seriousA11yViolations(): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  }
}

export const test = base.extend<{ app: AppDriver }>({
  app: async ({ page }, use) => {
    const app = new AppDriver(page);
    await use(app);
    app.assertNoProblems();
  },
});

export { expect };
