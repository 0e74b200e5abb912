// Ratios of one scripts/bench.sh run: FraiseQL for .NET req/s against PostGraphile req/s and pgbench tps,
// all measured in the same run on the same database (the machine is shared: compare ratios, not absolutes).
//   node bench-ratios.mjs <fraiseql.json from bench.mjs> <peers.txt from bench-postgraphile.sh>
import { readFileSync } from 'node:fs';

const [oursFile, peersFile] = process.argv.slice(2);
if (!oursFile || !peersFile) { console.error('usage: node bench-ratios.mjs <fraiseql.json> <peers.txt>'); process.exit(2); }
const ours = JSON.parse(readFileSync(oursFile, 'utf8'));
const peers = readFileSync(peersFile, 'utf8').split('\n');
// the peer harness prints one block per tool: "# autocannon -> …" (PostGraphile) then "# pgbench -> …"
let tool = null;
const peer = {};
for (const line of peers) {
  if (line.startsWith('# autocannon')) tool = 'postgraphile';
  else if (line.startsWith('# pgbench')) tool = 'pgbench';
  const m = line.match(/^(\w+)\s+(rps|tps)=\s*([\d.]+)/);
  if (m && tool) (peer[m[1]] ??= {})[tool] = Number(m[3]);
}
const targets = { by_id: { postgraphile: 3, pgbench: 0.5 }, list20: { postgraphile: 1.6, pgbench: 0.85 } };
console.log('scenario  fraiseql req/s  postgraphile req/s  pgbench tps  vs PostGraphile (target)  vs pgbench (target)');
for (const row of ours) {
  const p = peer[row.scenario] ?? {};
  const t = targets[row.scenario] ?? {};
  const ratio = (x) => (x ? (row.rps / x) : NaN);
  const fmt = (r, target, pct) => Number.isNaN(r) ? 'n/a' : `${pct ? (r * 100).toFixed(0) + '%' : r.toFixed(2) + '×'} (${target === undefined ? '-' : pct ? '≥' + target * 100 + '%' : '≥' + target + '×'})`;
  console.log(`${row.scenario.padEnd(9)} ${row.rps.toFixed(0).padStart(14)}  ${String(p.postgraphile ?? 'n/a').padStart(18)}  ${String(p.pgbench ?? 'n/a').padStart(11)}  ${fmt(ratio(p.postgraphile), t.postgraphile, false).padStart(24)}  ${fmt(ratio(p.pgbench), t.pgbench, true).padStart(19)}`);
}
