import { describe, expect, it } from 'vitest';
import { Route } from './route.svelte.ts';

function browserAt(url: string) {
  const here = new URL(url, 'http://app.test');
  const pushed: string[] = [];
  const move = (href: string) => {
    const next = new URL(href, here);
    here.pathname = next.pathname;
    here.search = next.search;
  };
  const location = {
    get pathname() {
      return here.pathname;
    },
    get search() {
      return here.search;
    },
    hash: '',
  };
  const history = {
    pushState: (_: unknown, __: string, href?: string | URL | null) => {
      pushed.push(String(href));
      move(String(href));
    },
    replaceState: (_: unknown, __: string, href?: string | URL | null) => move(String(href)),
  };
  return { location, history, pushed, here };
}

describe('Route', () => {
  it('reads the screen from the path and falls back to the map', () => {
    expect(new Route(browserAt('/moderation').location, browserAt('/').history).screen).toBe('moderation');
    expect(new Route(browserAt('/dashboard/').location, browserAt('/').history).screen).toBe('dashboard');
    expect(new Route(browserAt('/moderation-log').location, browserAt('/').history).screen).toBe('log');
    expect(new Route(browserAt('/nowhere').location, browserAt('/').history).screen).toBe('map');
  });

  it('goes to a screen with a new history entry and back to the map with its filters', () => {
    const browser = browserAt('/?view=list&cat=3');
    const route = new Route(browser.location, browser.history);
    route.go('admin');
    expect(browser.pushed).toEqual(['/admin']);
    expect(route.href()).toBe('/admin');
    route.go('map');
    expect(route.screen).toBe('map');
    expect(browser.pushed[1]).toContain('view=list');
    expect(browser.pushed[1]).toContain('cat=3');
  });

  it('opens a proposal on the map from another screen', () => {
    const browser = browserAt('/moderation');
    const route = new Route(browser.location, browser.history);
    route.showOnMap('42');
    expect(route.screen).toBe('map');
    expect(route.proposalId).toBe('42');
    expect(browser.here.pathname).toBe('/');
    expect(browser.here.search).toBe('?p=42');
  });
});
