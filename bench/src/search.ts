/**
 * npm run bench:search [-- --messages 1000000 --dialects sqlite,postgres --runs 100 --label <name>]
 * Search at scale: a corpus of `messages` messages (Chinese and English, some mixed, 20% with a
 * file, 5% with a link, in 1,000 conversations) is written straight into a fresh database with the
 * index maintained, then one user who is a member of 50 conversations searches: 1-, 2- and 3+-
 * character Chinese, English words and prefixes, each filter. Timed in process around the search
 * command (what the route calls; HTTP adds about a millisecond). Reports p50/p99 per query kind,
 * the index's share of the database size, and the write cost of the index while loading.
 * Writes bench/results/search.md and .json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { configFromEnv } from '../../packages/server/src/config';
import type { AppContext, Auth } from '../../packages/server/src/context';
import { type Db, openDatabase } from '../../packages/server/src/db/database';
import { searchMessages } from '../../packages/server/src/modules/search/commands';
import { type IndexedMessage, indexMessages } from '../../packages/server/src/modules/search/index-writer';
import { MemoryRateLimiter } from '../../packages/server/src/util/rate-limit';
import { Histogram } from './histogram';

const MESSAGES = arg('messages', 1_000_000);
const RUNS = arg('runs', 100);
const DIALECTS = (strArg('dialects') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const LABEL = strArg('label') ?? `${MESSAGES} messages`;
const ONLY = strArg('only');
const CONVERSATIONS = 1000;
const MY_CONVERSATIONS = 50;
const USERS = 200;
const PG_ADMIN = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function arg(name: string, fallback: number): number {
  const v = strArg(name);
  return v === undefined ? fallback : Number(v);
}

/** A small deterministic generator, so every run and dialect gets the same corpus. */
let seed = 42;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const ZH = ('我们 今天 明天 下午 上午 会议 项目 进度 情况 具体 问题 需要 讨论 一下 文档 上海 北京 深圳 杭州 客户 发布 版本 测试 服务器 数据库 性能 优化 ' +
  '设计 方案 时间 安排 周末 吃饭 爸爸 妈妈 孩子 学校 老师 同事 经理 报告 总结 计划 目标 完成 检查 修复 部署 上线 回滚 日志 监控 告警 用户 反馈 ' +
  '体验 界面 手机 电脑 网络 东边 西边 天气 下雨 开心 谢谢 好的 没问题 收到 稍等 马上 已经 还是 可以 不能 应该 因为 所以 但是 如果 然后').split(' ');
const EN = ('the meeting deploy release server database performance design review standup today tomorrow please check issue ticket fix bug ' +
  'customer report plan weekly sprint backlog merge branch build test staging production rollback monitor alert dashboard lunch coffee ' +
  'thanks okay sure ship update docs hello everyone question answer latency memory index query search cache queue worker team project').split(' ');

function body(): string {
  const r = rand();
  const n = 3 + Math.floor(rand() * 10);
  if (r < 0.5) return Array.from({ length: n }, () => pick(ZH)).join('') + pick(['。', '！', '？', '']);
  if (r < 0.9) return Array.from({ length: n }, () => pick(EN)).join(' ');
  return `${Array.from({ length: 3 }, () => pick(ZH)).join('')} ${pick(EN)} ${pick(EN)} ${pick(ZH)}${pick(ZH)}`;
}

interface Loaded {
  db: Db;
  me: Auth;
  myRoom: string;
  otherUser: string;
  loadSeconds: number;
  messageWriteMs: number;
  indexWriteMs: number;
}

async function load(dialect: 'sqlite' | 'postgres', dir: string): Promise<Loaded> {
  seed = 42;
  let db: Db;
  if (dialect === 'sqlite') db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'bench.db'), synchronous: 'normal', commitIntervalMs: 0 });
  else {
    const name = `natter_bench_search_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  }
  const k = db.db;
  const now = Date.UTC(2026, 0, 1);
  const users = Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, username: `user${i}`, username_key: `user${i}`, password_hash: 'x', is_admin: 0, created_at: now, deleted_at: null, email: null, pending_email: null, last_seen_at: null, banned_at: null }));
  await k.insertInto('users').values(users).execute();
  const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => ({ id: `c${i}`, kind: 'room' as const, name: `room${i}`, name_key: `room${i}`, topic: '', visibility: 'public' as const, dm_key: null, last_seq: 0, last_activity_at: now, created_at: now, created_by: 'u0' }));
  for (let i = 0; i < conversations.length; i += 500) await k.insertInto('conversations').values(conversations.slice(i, i + 500)).execute();
  // u0 searches; it is in the first 50 conversations, next to 10 other users in each.
  const members: { conversation_id: string; user_id: string; role: 'member'; joined_at: number }[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const inThis = new Set<number>(c < MY_CONVERSATIONS ? [0] : []);
    while (inThis.size < 11) inThis.add(1 + Math.floor(rand() * (USERS - 1)));
    for (const u of inThis) members.push({ conversation_id: `c${c}`, user_id: `u${u}`, role: 'member', joined_at: now });
  }
  for (let i = 0; i < members.length; i += 1000) await k.insertInto('members').values(members.slice(i, i + 1000)).execute();
  const membersOf = new Map<string, string[]>();
  for (const m of members) (membersOf.get(m.conversation_id) ?? membersOf.set(m.conversation_id, []).get(m.conversation_id)!).push(m.user_id);

  const seqs = new Array<number>(CONVERSATIONS).fill(0);
  const started = performance.now();
  let messageWriteMs = 0;
  let indexWriteMs = 0;
  const BATCH = 2000;
  for (let done = 0; done < MESSAGES; done += BATCH) {
    const rows: (IndexedMessage & { seq: number; client_msg_id: string; deleted_at: null; pinned_at: number | null; mentions_room: number })[] = [];
    for (let i = done; i < Math.min(MESSAGES, done + BATCH); i++) {
      const c = Math.floor(rand() * CONVERSATIONS);
      const seq = ++seqs[c]!;
      const text = rand() < 0.05 ? `${body()} https://example.com/${i}` : body();
      const file = rand() < 0.2;
      const image = file && rand() < 0.5;
      rows.push({
        id: `m${i}`, conversation_id: `c${c}`, seq, sender_id: pick(membersOf.get(`c${c}`)!), body: text, client_msg_id: `k${i}`,
        created_at: now + i * 1000, deleted_at: null,
        attachments: file ? JSON.stringify([{ id: `f${i}`, name: image ? 'photo.jpg' : 'notes.pdf', kind: image ? 'image' : 'file', mime: image ? 'image/jpeg' : 'application/pdf' }]) : null,
        pinned_at: rand() < 0.01 ? now + i * 1000 : null,
        mentions_room: rand() < 0.01 ? 1 : 0,
      });
    }
    await k.transaction().execute(async (trx) => {
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('messages').values(rows.slice(i, i + 500)).execute();
      const t1 = performance.now();
      await indexMessages(trx, dialect, rows);
      messageWriteMs += t1 - t0;
      indexWriteMs += performance.now() - t1;
    });
    if ((done / BATCH) % 50 === 0) process.stderr.write(`${dialect}: ${done + rows.length} messages\n`);
  }
  await k.updateTable('conversations').set({ last_seq: 1 }).execute();
  if (dialect === 'postgres') await pgAnalyze(db);
  return {
    db, me: { userId: 'u0', username: 'user0', isAdmin: false, sessionId: 's', emailVerified: true },
    myRoom: 'c7', otherUser: pick(membersOf.get('c3')!.filter((u) => u !== 'u0')).replace('u', 'user'),
    loadSeconds: (performance.now() - started) / 1000, messageWriteMs, indexWriteMs,
  };
}

async function pgAnalyze(db: Db): Promise<void> {
  await sql`vacuum analyze`.execute(db.db);
}

async function sizes(db: Db): Promise<{ databaseBytes: number; indexBytes: number }> {
  if (db.dialect === 'sqlite') {
    const total = await sql<{ n: number }>`select page_count * page_size as n from pragma_page_count(), pragma_page_size()`.execute(db.db);
    const index = await sql<{ n: number }>`select sum(pgsize) as n from dbstat where name like 'search_%' or name like 'sqlite_autoindex_search_docs%'`.execute(db.db);
    return { databaseBytes: Number(total.rows[0]!.n), indexBytes: Number(index.rows[0]!.n) };
  }
  const total = await sql<{ n: string }>`select pg_database_size(current_database())::text as n`.execute(db.db);
  const index = await sql<{ n: string }>`select pg_total_relation_size('search_docs')::text as n`.execute(db.db);
  return { databaseBytes: Number(total.rows[0]!.n), indexBytes: Number(index.rows[0]!.n) };
}

type Kind = { name: string; queries: (l: Loaded) => string[] };
const KINDS: Kind[] = [
  { name: 'Chinese, 1 character', queries: () => ['海', '我', '会', '爸', '鈴'] },
  { name: 'Chinese, 2 characters', queries: () => ['上海', '会议', '情况', '爸爸', '鈴虫'] },
  { name: 'Chinese, 3+ characters', queries: () => ['具体情况', '明天下午', '数据库性能', '上海东边'] },
  { name: 'English word', queries: () => ['meeting', 'deploy', 'latency', 'coffee'] },
  { name: 'English prefix', queries: () => ['meet', 'depl', 'lat', 'cof'] },
  { name: 'no match', queries: () => ['zzzz', '鈴虫', 'quokka'] },
  { name: 'in: one conversation', queries: (l) => [`会议 in:${l.myRoom}`, `deploy in:${l.myRoom}`] },
  { name: 'from: a user', queries: (l) => [`会议 from:${l.otherUser}`, `from:${l.otherUser}`] },
  { name: 'has:file', queries: () => ['会议 has:file', 'has:file'] },
  { name: 'has:image', queries: () => ['deploy has:image', 'has:image'] },
  { name: 'has:link', queries: () => ['上海 has:link', 'has:link'] },
  { name: 'before:/after:', queries: () => ['会议 after:2026-01-03 before:2026-01-05', 'meeting before:2026-01-02'] },
  { name: 'is:pinned', queries: () => ['会议 is:pinned', 'is:pinned'] },
  { name: 'mentions:me', queries: () => ['mentions:me', 'deploy mentions:me'] },
];

interface KindResult { kind: string; p50Ms: number; p99Ms: number; maxMs: number; meanResults: number; partial: number }

async function measure(l: Loaded): Promise<KindResult[]> {
  const config = configFromEnv({ NODE_ENV: 'test', MESSAGE_SEARCHES_PER_MINUTE: '10000' });
  const ctx = { db: l.db.db, dialect: l.db.dialect, config, rateLimiter: new MemoryRateLimiter(() => Date.now()), now: () => Date.now() } as unknown as AppContext;
  const out: KindResult[] = [];
  for (const kind of KINDS) {
    if (ONLY && !kind.name.includes(ONLY)) continue;
    const h = new Histogram();
    const queries = kind.queries(l);
    let results = 0;
    let partial = 0;
    for (const q of queries) await searchMessages(ctx, l.me, { q, limit: 20 }); // warm
    for (let i = 0; i < RUNS; i++) {
      const q = queries[i % queries.length]!;
      const t0 = performance.now();
      const r = await searchMessages(ctx, l.me, { q, limit: 20 });
      h.record((performance.now() - t0) * 1000);
      results += r.results.length;
      if (r.partial) partial++;
    }
    out.push({ kind: kind.name, p50Ms: h.percentileMs(0.5) ?? 0, p99Ms: h.percentileMs(0.99) ?? 0, maxMs: h.maxUs / 1000, meanResults: results / RUNS, partial });
    process.stderr.write(`${l.db.dialect} ${kind.name}: p50 ${h.percentileMs(0.5)} ms p99 ${h.percentileMs(0.99)} ms\n`);
  }
  return out;
}

const report: Record<string, unknown> = { label: LABEL, messages: MESSAGES, runs: RUNS, cpus: os.cpus().length, at: new Date().toISOString(), dialects: {} };
for (const dialect of DIALECTS) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-bench-search-'));
  const loaded = await load(dialect, dir);
  const size = await sizes(loaded.db);
  const kinds = await measure(loaded);
  (report.dialects as Record<string, unknown>)[dialect] = {
    loadSeconds: loaded.loadSeconds, messageWriteMs: loaded.messageWriteMs, indexWriteMs: loaded.indexWriteMs, ...size, kinds,
  };
  await loaded.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`drop database if exists natter_bench_search_${process.pid} with (force)`);
    await admin.end();
  }
}

const resultsDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'results');
fs.writeFileSync(path.join(resultsDir, 'search.json'), `${JSON.stringify(report, null, 2)}\n`);
const lines = [`# Search at scale: ${LABEL}`, '', `${RUNS} runs per kind, limit 20, ${report.cpus} CPUs, ${report.at}.`, ''];
for (const [dialect, r] of Object.entries(report.dialects as Record<string, { kinds: KindResult[]; databaseBytes: number; indexBytes: number; loadSeconds: number; messageWriteMs: number; indexWriteMs: number }>)) {
  const mb = (b: number) => (b / 1048576).toFixed(0);
  lines.push(`## ${dialect}`, '', `Database ${mb(r.databaseBytes)} MB, of which the search index ${mb(r.indexBytes)} MB (${((100 * r.indexBytes) / (r.databaseBytes - r.indexBytes)).toFixed(0)}% on top of the rest).`,
    `Load ${r.loadSeconds.toFixed(0)} s: message rows ${r.messageWriteMs.toFixed(0)} ms, index ${r.indexWriteMs.toFixed(0)} ms.`, '',
    '| query | p50 ms | p99 ms | max ms | results | partial |', '|---|---:|---:|---:|---:|---:|');
  for (const k of r.kinds) lines.push(`| ${k.kind} | ${k.p50Ms.toFixed(1)} | ${k.p99Ms.toFixed(1)} | ${k.maxMs.toFixed(1)} | ${k.meanResults.toFixed(1)} | ${k.partial} |`);
  lines.push('');
}
fs.writeFileSync(path.join(resultsDir, 'search.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
