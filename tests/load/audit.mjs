// graphql-http's GraphQL-over-HTTP server audits against a FraiseQL endpoint.
//   node audit.mjs http://127.0.0.1:5101/graphql [--strict]
// --strict: exit 1 when any MUST audit fails. Exit 2 when the endpoint is unreachable.
import { serverAudits } from 'graphql-http';

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:5101/graphql';
const strict = args.includes('--strict');

const results = [];
for (const audit of serverAudits({ url })) {
  try {
    results.push(await audit.fn());
  } catch (err) {
    results.push({ id: audit.id, name: audit.name, status: 'error', reason: `fatal: ${err?.message ?? err}` });
  }
}
if (results.every((r) => String(r.reason ?? '').startsWith('fatal:'))) {
  console.error(`graphql-http audit: ${url} unreachable (${results[0]?.reason})`);
  process.exit(2);
}
const levels = {};
for (const r of results) {
  const l = r.name.split(' ')[0];
  levels[l] ??= { ok: 0, notice: 0, warn: 0, error: 0 };
  levels[l][r.status]++;
}
const count = (s) => results.filter((r) => r.status === s).length;
console.log(`graphql-http server audit of ${url}`);
console.log(`total ${results.length}: ok ${count('ok')}, notice ${count('notice')}, warn ${count('warn')}, error ${count('error')}`);
for (const [l, c] of Object.entries(levels)) console.log(`  ${l.padEnd(6)} ok ${c.ok}, notice ${c.notice}, warn ${c.warn}, error ${c.error}`);
for (const r of results.filter((r) => r.status !== 'ok')) {
  console.log(`${r.status.toUpperCase()} [${r.id}] ${r.name}\n   -> ${String(r.reason ?? '').split('\n')[0]}`);
}
const mustFailures = results.filter((r) => r.status === 'error' && r.name.startsWith('MUST')).length;
if (strict && mustFailures > 0) {
  console.error(`${mustFailures} MUST audit(s) failed`);
  process.exit(1);
}
