import { describe, expect, it } from 'vitest';
import { mimeAllowed } from './incoming.ts';
import { checkBucketId, checkObjectName, checkPrefix, splitObjectPath } from './names.ts';

describe('object names', () => {
  it('accepts ordinary keys, unicode included', () => {
    for (const name of [
      'a.txt',
      'folder/sub/file.png',
      'é/日本/ファイル.jpg',
      'with space/and+plus(1).txt',
      '..hidden',
    ]) {
      expect(checkObjectName(name)).toBe(name);
    }
  });

  it('refuses names that could escape or are not keys', () => {
    const refused = [
      '',
      '/etc/passwd',
      '../x',
      'a/../b',
      'a/./b',
      'a//b',
      'a/',
      'a\\b',
      'a\u0000b',
      'a\nb',
      'a\u007fb',
      '\uD800x',
      'x'.repeat(1025),
      'é'.repeat(513),
    ];
    for (const name of refused) {
      expect(() => checkObjectName(name), JSON.stringify(name)).toThrow(/Invalid key/);
    }
    expect(checkObjectName('x'.repeat(1024))).toHaveLength(1024);
  });

  it('checks prefixes and bucket ids', () => {
    expect(checkPrefix('')).toBe('');
    expect(checkPrefix('a/b/')).toBe('a/b/');
    expect(() => checkPrefix('../')).toThrow();
    expect(checkBucketId('avatars')).toBe('avatars');
    for (const id of ['', '.', '..', 'a/b', 'a\u0000', 'x'.repeat(101)]) {
      expect(() => checkBucketId(id), id).toThrow(/Bucket name invalid/);
    }
  });

  it('splits a decoded path into bucket and name', () => {
    expect(splitObjectPath('photos/a/b.png')).toEqual({ bucket: 'photos', name: 'a/b.png' });
    expect(() => splitObjectPath('photos')).toThrow(/Invalid key/);
  });
});

describe('allowed mime types', () => {
  it('matches exact types and wildcards, ignoring parameters', () => {
    expect(mimeAllowed('image/png', ['image/*'])).toBe(true);
    expect(mimeAllowed('IMAGE/PNG', ['image/png'])).toBe(true);
    expect(mimeAllowed('text/plain;charset=UTF-8', ['text/plain'])).toBe(true);
    expect(mimeAllowed('text/html', ['image/*', 'text/plain'])).toBe(false);
    expect(mimeAllowed('notamime', ['image/*'])).toBe(false);
    expect(mimeAllowed('anything/else', null)).toBe(true);
    expect(mimeAllowed('anything/else', [])).toBe(true);
    expect(mimeAllowed('text/html\r\nx-evil: 1', null)).toBe(false);
  });
});
