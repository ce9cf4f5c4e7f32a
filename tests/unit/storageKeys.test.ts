import { expect, test } from 'vitest';
import { earlyTarget } from '../../client/src/boot/earlyYjs.ts';
import { STORAGE_KEYS } from '../../client/src/net/storageKeys.ts';

/**
 * The boot script imports nothing (it must not wait for a shared chunk), so it spells the
 * token key out itself: it must read the key the app writes.
 */
test('the boot script reads a role token under the key the app keeps it', () => {
  const kept = new Map([[STORAGE_KEYS.token('projector', 'w1'), 'token-from-this-device-123456']]);
  const target = earlyTarget(
    { protocol: 'http:', host: 'room.local', pathname: '/projector/w1', hash: '' },
    (key) => kept.get(key) ?? null,
  );
  expect(target?.token).toBe('token-from-this-device-123456');
});
