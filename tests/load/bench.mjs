// Load driver for FraiseQL for .NET, same scenarios as the peer harness (PostGraphile / pgbench):
//   by_id   one order by id with its 3 items (random id of the 10,000 seeded orders)
//   list20  20 orders ordered by id, items nested
//   node bench.mjs --url http://127.0.0.1:5699/graphql [-c 32] [-d 10] [--warmup 3] [--json out.json]
import autocannon from 'autocannon';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const url = opt('--url', 'http://127.0.0.1:5699/graphql');
const connections = Number(opt('-c', process.env.CONNECTIONS ?? 32));
const duration = Number(opt('-d', process.env.DURATION ?? 10));
const warmup = Number(opt('--warmup', process.env.WARMUP ?? 3));
const jsonOut = opt('--json', '');
const only = opt('--only', '');

const md5uuid = (s) => { const h = createHash('md5').update(s).digest('hex'); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`; };
const ids = Array.from({ length: 10000 }, (_, i) => md5uuid(`order-${i + 1}`));
const randomId = () => ids[(Math.random() * ids.length) | 0];

const SCENARIOS = {
  by_id: {
    query: 'query OrderById($id: UUID!) { order(id: $id) { id customerEmail status total createdAt items { id sku qty price } } }',
    vars: () => ({ id: randomId() }),
    check: (j) => j.data?.order?.items?.length === 3,
  },
  list20: {
    query: 'query Orders { orders(limit: 20, orderBy: [{ field: "id", direction: ASC }]) { id status total items { sku qty } } }',
    vars: () => undefined,
    check: (j) => j.data?.orders?.length === 20,
  },
};
const body = (s) => { const v = s.vars(); return JSON.stringify(v ? { query: s.query, variables: v } : { query: s.query }); };

async function smoke(name, s) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body(s) });
  const j = await res.json();
  if (res.status !== 200 || j.errors || !s.check(j)) throw new Error(`${name}: smoke check failed (HTTP ${res.status}): ${JSON.stringify(j).slice(0, 400)}`);
}

function run(s, secs) {
  let bad = 0;
  return new Promise((resolve, reject) => autocannon({
    url, connections, duration: secs, pipelining: 1,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      setupRequest: (req) => ({ ...req, body: body(s) }),
      onResponse: (status, b) => { if (status !== 200 || b.includes('"errors"')) bad++; } }],
  }, (err, r) => (err ? reject(err) : resolve({ r, bad }))));
}

const rows = [];
console.log(`# autocannon -> ${url}  connections=${connections} duration=${duration}s warmup=${warmup}s`);
for (const name of (only ? only.split(',') : Object.keys(SCENARIOS))) {
  const s = SCENARIOS[name];
  await smoke(name, s);
  if (warmup > 0) await run(s, warmup);
  const { r, bad } = await run(s, duration);
  const rps = r.requests.average;
  console.log(`${name.padEnd(8)} req/s=${rps.toFixed(0).padStart(7)}  p50=${r.latency.p50}ms  p99=${r.latency.p99}ms  requests=${r.requests.total}  errors=${bad + r.errors + r.non2xx}`);
  rows.push({ tool: 'autocannon', target: 'fraiseql-dotnet', scenario: name, connections, duration_s: duration, rps, p50_ms: r.latency.p50, p99_ms: r.latency.p99, requests: r.requests.total, errors: bad + r.errors + r.non2xx });
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
