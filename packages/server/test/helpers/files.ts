import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { type Api, signUp, uniqueName } from './clients';

export interface Uploaded {
  status: number;
  body: any;
  headers: Headers;
}

/** Uploads raw bytes the way the web client does: the file is the body, the name a query parameter. */
export async function upload(api: Api, conversationId: string, name: string, bytes: Uint8Array | string, headers: Record<string, string> = {}): Promise<Uploaded> {
  const res = await fetch(`${api.base}/api/conversations/${conversationId}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(api.token ? { authorization: `Bearer ${api.token}` } : {}), ...headers },
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** GET with the bearer token, returning raw bytes. */
export async function download(api: Api, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(api.base + url, { headers: { ...(api.token ? { authorization: `Bearer ${api.token}` } : {}), ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A private room with `a` and `b` in it; `outsider` is not a member. */
export async function roomOfTwo(url: string) {
  const a = await signUp(url);
  const b = await signUp(url);
  const outsider = await signUp(url);
  const room = (await a.api.post('/api/rooms', { name: uniqueName('files'), visibility: 'private' })).body.conversation;
  const added = await a.api.post(`/api/conversations/${room.id}/members`, { username: b.user.username });
  if (added.status !== 204) throw new Error(`could not add member: ${added.status} ${JSON.stringify(added.body)}`);
  return { a, b, outsider, room };
}

export function png(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
}

export function jpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } }).jpeg().toBuffer();
}

/**
 * A PNG of a few hundred bytes whose header claims `side`×`side` pixels: decoding it would take
 * gigabytes (a pixel flood / decompression bomb).
 */
export function pixelFloodPng(side = 60_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Every stored blob (not temp parts) under the uploads folder. */
export function blobsOnDisk(uploadsDir: string): string[] {
  if (!fs.existsSync(uploadsDir)) return [];
  return fs
    .readdirSync(uploadsDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.parentPath.endsWith(`${path.sep}tmp`))
    .map((d) => path.join(d.parentPath, d.name));
}

export function tempParts(uploadsDir: string): string[] {
  const tmp = path.join(uploadsDir, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
