import { describe, expect, it } from 'vitest';
import { ApiError, type AdminApi, type CitySettings } from '../api/index.ts';
import { SettingsAdmin } from './admin-settings.svelte.ts';

function fakeApi(refuse = false) {
  let stored: CitySettings = { moderationMode: 'post', reportThreshold: 3 };
  const saves: CitySettings[] = [];
  const api = {
    settings: async () => stored,
    saveSettings: async (settings: CitySettings) => {
      if (refuse) throw new ApiError('forbidden', 'only admins', 403);
      saves.push(settings);
      stored = settings;
      return stored;
    },
  } as unknown as AdminApi;
  return { api, saves };
}

describe('SettingsAdmin', () => {
  it('shows the stored settings and saves changes with a confirmation', async () => {
    const { api, saves } = fakeApi();
    const settings = new SettingsAdmin(api);
    await settings.load();
    expect(settings.mode).toBe('post');
    expect(settings.threshold).toBe('3');
    settings.mode = 'pre';
    settings.threshold = ' 7 ';
    expect(await settings.save()).toBe(true);
    expect(saves).toEqual([{ moderationMode: 'pre', reportThreshold: 7 }]);
    expect(settings.confirmed).toBe(true);
    expect(settings.threshold).toBe('7');
    expect(settings.saved).toEqual({ moderationMode: 'pre', reportThreshold: 7 });
  });

  it.each(['0', '101', 'abc', '2.5', '', '-3'])('refuses the threshold %j and keeps it as typed', async (typed) => {
    const { api, saves } = fakeApi();
    const settings = new SettingsAdmin(api);
    await settings.load();
    settings.threshold = typed;
    expect(await settings.save()).toBe(false);
    expect(settings.error).toBe('threshold_range');
    expect(settings.threshold).toBe(typed);
    expect(settings.confirmed).toBe(false);
    expect(saves).toEqual([]);
  });

  it('accepts the bounds 1 and 100', async () => {
    const { api, saves } = fakeApi();
    const settings = new SettingsAdmin(api);
    await settings.load();
    settings.threshold = '1';
    await settings.save();
    settings.threshold = '100';
    await settings.save();
    expect(saves.map((s) => s.reportThreshold)).toEqual([1, 100]);
  });

  it('keeps the form when the database refuses', async () => {
    const { api } = fakeApi(true);
    const settings = new SettingsAdmin(api);
    await settings.load();
    settings.mode = 'pre';
    settings.threshold = '9';
    expect(await settings.save()).toBe(false);
    expect(settings.error).toBe('forbidden');
    expect(settings.mode).toBe('pre');
    expect(settings.threshold).toBe('9');
    expect(settings.saved).toEqual({ moderationMode: 'post', reportThreshold: 3 });
  });
});
