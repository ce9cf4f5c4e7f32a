import { readFileSync } from 'node:fs';
import { COMMAND_SPECS, type CommandName, ROLES, type Role } from '@convene/shared';
import { expect, test } from 'vitest';
import { COMMANDS } from '../../server/src/commands/index.ts';

/**
 * One command spec (shared/src/protocol/commandSpecs.ts): the server's registry and the API
 * docs agree with it, so a command declared, registered or documented in one place only fails.
 */

const names = Object.keys(COMMAND_SPECS) as CommandName[];

test('the server registers exactly the declared commands, with their schema, roles and kind', () => {
  expect(COMMANDS.map((c) => c.name).sort()).toStrictEqual([...names].sort());
  for (const def of COMMANDS) {
    const spec = COMMAND_SPECS[def.name as CommandName];
    expect(def.schema, def.name).toBe(spec.schema);
    expect(def.roles, def.name).toStrictEqual(spec.roles);
    expect(Boolean(def.readOnly), def.name).toBe(Boolean('readOnly' in spec && spec.readOnly));
  }
});

/** Rows of docs/api.md's command tables that have a "who" column: command → roles. */
function documentedRoles(md: string): Map<string, Set<Role>[]> {
  const found = new Map<string, Set<Role>[]>();
  let whoColumn = -1;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      whoColumn = -1;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === 'command') {
      whoColumn = cells.indexOf('who');
      continue;
    }
    if (whoColumn < 0 || /^-+$/.test(cells[0] ?? '')) continue;
    const who = cells[whoColumn] ?? '';
    if (who === 'as above') continue;
    const roles = new Set<Role>(
      who === 'everyone'
        ? ROLES
        : who
            .split(',')
            .map((w) => w.replace(/\(.*\)/, '').trim())
            .filter((w): w is Role => (ROLES as readonly string[]).includes(w)),
    );
    for (const m of (cells[0] ?? '').matchAll(/`([a-z]+:[a-z]+)`/g)) {
      const name = m[1] as string;
      found.set(name, [...(found.get(name) ?? []), roles]);
    }
  }
  return found;
}

test('docs/api.md documents every command, with the roles its spec declares, and no other', () => {
  const documented = documentedRoles(readFileSync('docs/api.md', 'utf8'));
  expect([...documented.keys()].sort()).toStrictEqual([...names].sort());
  for (const name of names) {
    for (const roles of documented.get(name) ?? []) {
      expect([...roles].sort(), name).toStrictEqual([...COMMAND_SPECS[name].roles].sort());
    }
  }
});
