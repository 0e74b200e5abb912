// Writes pgbench scripts that run the exact SQL the benchmark service runs for the by_id and list20 scenarios, next to a
// copy of the harness's bench-pgbench.sh, so scripts/bench.sh can measure pgbench on "the same SQL" as well as on the
// harness's plain view reads. The statements themselves, with their $n placeholders, go to <out dir>/sql/<scenario>.sql
// for the floor server (tests/FraiseQL.Benchmarks.Floor).
//   node service-sql-pgbench.mjs <service binary> <harness dir> <out dir>
// The GraphQL documents come from graphql.lua (the wrk scenarios); `<service> sql` prints each statement and its
// parameters. A uuid parameter becomes md5('order-' || random(1, 10000))::uuid (the harness's order ids, as in its own
// by_id.sql); a number becomes a pgbench variable, so pgbench -M prepared binds it as a parameter like Npgsql does.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [service, harness, out] = process.argv.slice(2);
if (!out) { console.error('usage: node service-sql-pgbench.mjs <service binary> <harness dir> <out dir>'); process.exit(2); }
const lua = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'graphql.lua'), 'utf8');
const fraiseql = lua.slice(lua.indexOf('fraiseql = {'), lua.indexOf('postgraphile = {'));
mkdirSync(join(out, 'pgbench'), { recursive: true });
mkdirSync(join(out, 'sql'), { recursive: true });
copyFileSync(join(harness, 'bench-pgbench.sh'), join(out, 'bench-pgbench.sh'));

for (const scenario of ['by_id', 'list20']) {
  const match = fraiseql.match(new RegExp(`${scenario} = '(.*)',`));
  if (!match) throw new Error(`no fraiseql ${scenario} body in graphql.lua`);
  const body = JSON.parse(match[1].replace(/\\\\/g, '\\').replace('%s', '00000000-0000-0000-0000-000000000000'));
  const args = ['sql', body.query];
  if (body.variables) args.push(JSON.stringify(body.variables));
  const printed = execFileSync(service, args, { cwd: dirname(service), encoding: 'utf8' }).split('\n');
  const statements = printed.filter((l) => l && !l.startsWith('--'));
  if (statements.length !== 1) throw new Error(`${scenario}: expected one statement, got:\n${printed.join('\n')}`);
  let sql = statements[0];
  writeFileSync(join(out, 'sql', `${scenario}.sql`), sql + '\n');
  const lines = [`-- ${scenario}: the statement the benchmark service runs (printed by \`<service> sql\`)`];
  for (const p of printed.filter((l) => /^-- \$\d+ /.test(l))) {
    const [, n, type, value] = p.match(/^-- \$(\d+) (\S+) = (.*)$/);
    let replacement;
    if (type === 'uuid') {
      lines.push(`\\set n${n} random(1, 10000)`);
      replacement = `md5('order-' || :n${n})::uuid`;
    } else if (/^(bigint|integer|smallint|numeric)$/.test(type)) {
      lines.push(`\\set p${n} ${value}`);
      replacement = `:p${n}`;
    } else {
      throw new Error(`${scenario}: no pgbench form for a ${type} parameter`);
    }
    sql = sql.replace(new RegExp(`\\$${n}(?!\\d)`, 'g'), replacement);
  }
  lines.push(sql);
  writeFileSync(join(out, 'pgbench', `${scenario}.sql`), lines.join('\n') + '\n');
}
