// HS256 bearer tokens for the demo order service's [auth] (issuer fraiseql-demo, audience order-service, kid demo),
// signed with FRAISEQL_JWT_HMAC_KEY (base64) or the demo key of example-services/order-service/fraiseql.toml.
// Used by scripts/walkthrough.mjs and tests/load/schema-check.mjs.
import { createHmac } from 'node:crypto';

const DEMO_KEY = 'ZnJhaXNlcWwtZGVtby1obWFjLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24h';

export function mintDemoToken(sub, roles) {
  const key = Buffer.from(process.env.FRAISEQL_JWT_HMAC_KEY ?? DEMO_KEY, 'base64');
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'demo' })}.${b64({
    sub, roles, iss: 'fraiseql-demo', aud: 'order-service', iat: now, nbf: now, exp: now + 3600,
  })}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}
