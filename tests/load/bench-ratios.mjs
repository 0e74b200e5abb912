// Ratios of a scripts/bench.sh run: FraiseQL for .NET req/s against PostGraphile req/s and pgbench tps, all measured
// in the same run on the same database (the machine is shared: compare ratios, not absolutes).
//   node bench-ratios.mjs <fraiseql.json> <postgraphile.json> <pgbench.json> [<pgbench-plain.json> [<floor.json>]]
// <pgbench.json>: pgbench running the service's own SQL; <pgbench-plain.json>: the harness's plain view reads;
// <floor.json>: the floor server (ASP.NET Core slim host + Npgsql on the service's SQL, no GraphQL).
// With several rounds, each argument is a comma-separated list of files, one per round in the same order: ratios are
// taken within a round and printed as median (min–max) across rounds; the req/s and tps columns are medians.
// Each file is a JSON array of { scenario, rps, ... } rows (wrk-bench.sh, bench.mjs, the harness's bench-graphql.mjs
// and bench-pgbench.sh all write that shape).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length < 3 || args.length > 5) {
  console.error('usage: node bench-ratios.mjs <fraiseql.json[,…]> <postgraphile.json[,…]> <pgbench.json[,…]> [<pgbench-plain.json[,…]> [<floor.json[,…]>]]');
  process.exit(2);
}
const [ours, postgraphile, pgbench, plain, floor] = args.map((a) => a.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8'))));
const rounds = ours.length;
if ([postgraphile, pgbench, plain ?? ours, floor ?? ours].some((set) => set.length !== rounds)) {
  console.error('every argument needs the same number of rounds');
  process.exit(2);
}
const rpsOf = (rows, scenario) => rows?.find((r) => r.scenario === scenario)?.rps;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const targets = { by_id: { postgraphile: 3, pgbench: 0.5 }, list20: { postgraphile: 1.6, pgbench: 0.85 } };
const num = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : Math.round(x).toString());
// ratio cell: median, the range when there are several rounds, and the target
const cell = (values, target, pct) => {
  const ok = values.filter((v) => !Number.isNaN(v));
  if (ok.length === 0) return 'n/a';
  const f = (r) => (pct ? `${(r * 100).toFixed(0)}%` : `${r.toFixed(2)}×`);
  const range = ok.length > 1 ? ` (${f(Math.min(...ok))}–${f(Math.max(...ok))})` : '';
  return `${f(median(ok))}${range} [${target === undefined ? '-' : pct ? '≥' + target * 100 + '%' : '≥' + target + '×'}]`;
};
console.log(`${rounds > 1 ? `medians of ${rounds} rounds, (min–max); ` : ''}[target]`);
console.log('scenario  fraiseql req/s  postgraphile req/s  pgbench tps  vs PostGraphile           vs pgbench (service SQL)  plain view tps  vs plain view             floor req/s  vs floor    floor vs pgbench (service SQL)');
for (const { scenario } of ours[0]) {
  const per = (sets) => (sets ? sets.map((rows) => rpsOf(rows, scenario)) : []);
  const o = per(ours), g = per(postgraphile), b = per(pgbench), v = per(plain), fl = per(floor);
  const ratios = (den, num = o) => num.map((x, i) => (den[i] ? x / den[i] : NaN));
  const t = targets[scenario] ?? {};
  const med = (xs) => (xs.length && xs.every((x) => x !== undefined) ? median(xs) : undefined);
  console.log(`${scenario.padEnd(9)} ${num(med(o)).padStart(14)}  ${num(med(g)).padStart(18)}  ${num(med(b)).padStart(11)}  ${cell(ratios(g), t.postgraphile, false).padEnd(25)} ${cell(ratios(b), t.pgbench, true).padEnd(25)} ${num(med(v)).padStart(14)}  ${(plain ? cell(ratios(v), t.pgbench, true) : 'n/a').padEnd(25)} ${num(med(fl)).padStart(11)}  ${floor ? cell(ratios(fl), undefined, true).padEnd(11) : 'n/a'.padEnd(11)} ${floor ? cell(ratios(b, fl), t.pgbench, true) : 'n/a'}`);
}
