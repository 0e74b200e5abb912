// Ratios of one scripts/bench.sh run: FraiseQL for .NET req/s against PostGraphile req/s and pgbench tps,
// all measured in the same run on the same database (the machine is shared: compare ratios, not absolutes).
//   node bench-ratios.mjs <fraiseql.json> <postgraphile.json> <pgbench.json> [<pgbench-plain.json>]
// <pgbench.json>: pgbench running the service's own SQL; <pgbench-plain.json>: the harness's plain view reads.
// Each file is a JSON array of { scenario, rps, ... } rows (wrk-bench.sh, bench.mjs, the harness's bench-graphql.mjs
// and bench-pgbench.sh all write that shape).
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length < 3 || files.length > 4) { console.error('usage: node bench-ratios.mjs <fraiseql.json> <postgraphile.json> <pgbench.json> [<pgbench-plain.json>]'); process.exit(2); }
const [ours, postgraphile, pgbench, plain = []] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const rpsOf = (rows, scenario) => rows.find((r) => r.scenario === scenario)?.rps;
const targets = { by_id: { postgraphile: 3, pgbench: 0.5 }, list20: { postgraphile: 1.6, pgbench: 0.85 } };
console.log('scenario  fraiseql req/s  postgraphile req/s  pgbench tps  vs PostGraphile (target)  vs pgbench (target)  plain view tps  vs plain (target)');
for (const row of ours) {
  const pg = rpsOf(postgraphile, row.scenario);
  const raw = rpsOf(pgbench, row.scenario);
  const view = rpsOf(plain, row.scenario);
  const t = targets[row.scenario] ?? {};
  const ratio = (x) => (x ? (row.rps / x) : NaN);
  const fmt = (r, target, pct) => Number.isNaN(r) ? 'n/a' : `${pct ? (r * 100).toFixed(0) + '%' : r.toFixed(2) + '×'} (${target === undefined ? '-' : pct ? '≥' + target * 100 + '%' : '≥' + target + '×'})`;
  const num = (x) => (x === undefined ? 'n/a' : Math.round(x).toString());
  console.log(`${row.scenario.padEnd(9)} ${num(row.rps).padStart(14)}  ${num(pg).padStart(18)}  ${num(raw).padStart(11)}  ${fmt(ratio(pg), t.postgraphile, false).padStart(24)}  ${fmt(ratio(raw), t.pgbench, true).padStart(19)}  ${num(view).padStart(14)}  ${fmt(ratio(view), t.pgbench, true).padStart(17)}`);
}
