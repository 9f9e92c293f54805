import { describe, expect, it } from 'vitest';
import { ApiError, type AdminApi, type AppRole, type RoleHolder } from '../api/index.ts';
import { RolesAdmin } from './admin-roles.svelte.ts';

const agent: RoleHolder = {
  id: '1',
  userId: 'u1',
  email: 'agent@demo.local',
  displayName: 'Agent',
  role: 'agent',
  districtId: '1',
};

function fakeApi(overrides: Partial<AdminApi> = {}) {
  const calls: { email: string; role: AppRole; districtIds: string[] }[] = [];
  let holders = [agent];
  const api = {
    holders: async () => holders,
    assign: async (email: string, role: AppRole, districtIds: string[]) => {
      calls.push({ email, role, districtIds });
      holders = [...holders, { ...agent, id: '2', email, role, districtId: districtIds[0] ?? null }];
      return districtIds.length || 1;
    },
    remove: async () => {},
    ...overrides,
  } as unknown as AdminApi;
  return { api, calls };
}

describe('RolesAdmin', () => {
  it('lists role holders for an admin', async () => {
    const roles = new RolesAdmin(fakeApi().api);
    expect(roles.access).toBe('loading');
    await roles.load();
    expect(roles.access).toBe('ready');
    expect(roles.holders).toEqual([agent]);
  });

  it('is forbidden when the database refuses the list', async () => {
    const { api } = fakeApi({
      holders: async () => {
        throw new ApiError('forbidden', 'not_admin', 403);
      },
    });
    const roles = new RolesAdmin(api);
    await roles.load();
    expect(roles.access).toBe('forbidden');
    expect(roles.holders).toEqual([]);
  });

  it('assigns a role by email, confirms it, clears the form and reloads the list', async () => {
    const { api, calls } = fakeApi();
    const roles = new RolesAdmin(api);
    await roles.load();
    roles.email = '  new@demo.local ';
    roles.role = 'agent';
    roles.districtIds = ['1', '3'];
    expect(await roles.assign()).toBe(true);
    expect(calls).toEqual([{ email: 'new@demo.local', role: 'agent', districtIds: ['1', '3'] }]);
    expect(roles.assigned).toEqual({ email: 'new@demo.local', role: 'agent', count: 2 });
    expect(roles.email).toBe('');
    expect(roles.districtIds).toEqual([]);
    expect(roles.holders.map((h) => h.email)).toEqual(['agent@demo.local', 'new@demo.local']);
  });

  it('refuses an empty email or an agent without districts before asking the database', async () => {
    const { api, calls } = fakeApi();
    const roles = new RolesAdmin(api);
    roles.email = ' ';
    expect(await roles.assign()).toBe(false);
    expect(roles.assignError).toBe('email_required');
    roles.email = 'x@demo.local';
    expect(await roles.assign()).toBe(false);
    expect(roles.assignError).toBe('districts_required');
    roles.role = 'planner';
    expect(await roles.assign()).toBe(true);
    expect(calls).toEqual([{ email: 'x@demo.local', role: 'planner', districtIds: [] }]);
  });

  it('keeps what was typed and names the refusal of the database', async () => {
    const { api } = fakeApi({
      assign: async () => {
        throw new ApiError('unknown_email', 'unknown_email', 400);
      },
    });
    const roles = new RolesAdmin(api);
    roles.email = 'nobody@demo.local';
    roles.role = 'agent';
    roles.districtIds = ['2'];
    expect(await roles.assign()).toBe(false);
    expect(roles.assignError).toBe('unknown_email');
    expect(roles.email).toBe('nobody@demo.local');
    expect(roles.districtIds).toEqual(['2']);
    expect(roles.assigned).toBeNull();
  });

  it('removes a role from the list, or keeps it with the reason', async () => {
    let refuse = false;
    const { api } = fakeApi({
      remove: async () => {
        if (refuse) throw new ApiError('last_admin', 'last_admin', 400);
      },
    });
    const roles = new RolesAdmin(api);
    await roles.load();
    refuse = true;
    expect(await roles.remove(agent)).toBe(false);
    expect(roles.removeError).toBe('last_admin');
    expect(roles.holders).toEqual([agent]);
    refuse = false;
    expect(await roles.remove(agent)).toBe(true);
    expect(roles.removed).toEqual(agent);
    expect(roles.removeError).toBeNull();
    expect(roles.holders).toEqual([]);
    expect(roles.removing).toBeNull();
  });
});
