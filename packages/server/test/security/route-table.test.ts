import fs from 'node:fs';
import path from 'node:path';
import { CLIENT_FRAME_TYPES, routes, ServerFrame } from '@natter/protocol';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../../..');
const doc = fs.readFileSync(path.join(repo, 'docs/security.md'), 'utf8');

/** Table rows as cells, from the section that starts with `heading`. */
function rows(heading: string): string[][] {
  const section = doc.slice(doc.indexOf(heading));
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

function testFiles(cell: string): string[] {
  return cell.split(',').map((s) => s.trim()).filter(Boolean);
}

function exists(file: string): boolean {
  return fs.existsSync(file.startsWith('e2e/') ? path.join(repo, file) : path.join(repo, 'packages/server/test', file));
}

describe('the authorization table in docs/security.md', () => {
  it('lists every REST route once, with its method and path, who may call it and an existing test', () => {
    const table = rows('### REST routes');
    const names = table.map((r) => r[0]!.replace(/`/g, ''));
    expect(names.sort()).toEqual(Object.keys(routes).sort());
    for (const [cell, methodPath, who, tests] of table) {
      const def = routes[cell!.replace(/`/g, '') as keyof typeof routes];
      expect(methodPath, cell).toBe(`${def.method} ${def.path}`);
      expect(who!.length, cell).toBeGreaterThan(3);
      expect(testFiles(tests!).length, cell).toBeGreaterThan(0);
      for (const file of testFiles(tests!)) expect(exists(file), `${cell}: ${file}`).toBe(true);
    }
  });

  it('lists every socket event in both directions with an existing test', () => {
    const table = rows('### Socket events');
    const serverTypes = (ServerFrame as unknown as { options: { shape: { type: { value: string } } }[] }).options.map((o) => o.shape.type.value);
    const listed = (direction: string) => table.filter((r) => r[1] === direction).map((r) => r[0]!.replace(/`/g, '')).sort();
    expect(listed('client → server')).toEqual([...CLIENT_FRAME_TYPES].sort());
    expect(listed('server → client')).toEqual([...serverTypes].sort());
    for (const [event, , , tests] of table) {
      for (const file of testFiles(tests!)) expect(exists(file), `${event}: ${file}`).toBe(true);
    }
  });
});
