/**
 * The first step of `npm test`: the Debian packages the suites need beside node_modules.
 *
 *   chromium             Playwright's browser (tests/e2e)
 *   postgresql-15        the PostgreSQL lane (throwaway clusters)
 *   postgresql-15-pgtap  database tests on that lane
 *   nginx                the local stack's edge, and the static host of the `static` browser project
 *
 * Missing ones are installed when we can (root, apt-get); otherwise the run stops at once with
 * the exact command to type. CHROMIUM_PATH points at another Chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Requirement {
  pkg: string;
  /** Any of these files proves the package is there. */
  files: string[];
}

const REQUIREMENTS: Requirement[] = [
  { pkg: 'chromium', files: [process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'] },
  { pkg: 'postgresql-15', files: ['/usr/lib/postgresql/15/bin/initdb'] },
  { pkg: 'postgresql-15-pgtap', files: ['/usr/share/postgresql/15/extension/pgtap.control'] },
  { pkg: 'nginx', files: ['/usr/sbin/nginx', '/usr/bin/nginx'] },
];

function missingPackages(exists: (path: string) => boolean = existsSync): string[] {
  return REQUIREMENTS.filter((r) => !r.files.some(exists)).map((r) => r.pkg);
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

const missing = missingPackages();
if (missing.length > 0) {
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `npm test needs Debian packages that are missing: ${missing.join(', ')}.\n` +
        `Install them, then run npm test again:\n\n  sudo apt-get update && sudo ${install}\n`,
    );
    process.exit(1);
  }
  console.log(`Installing the missing test prerequisites: ${missing.join(', ')}`);
  if (!run('apt-get', ['update']) || !run('apt-get', install.split(' ').slice(1))) {
    console.error(`Installing failed; run by hand: apt-get update && ${install}`);
    process.exit(1);
  }
  const still = missingPackages();
  if (still.length > 0) {
    console.error(`Still missing after apt-get: ${still.join(', ')}`);
    process.exit(1);
  }
}
