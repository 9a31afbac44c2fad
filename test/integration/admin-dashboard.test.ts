import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { LiveSearchDocument } from '../gql/graphql.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const TOKEN = 'dashboard-test-token';
const admin = (a: TestApp, path: string, token?: string) =>
  a.yoga.fetch(`http://yoga${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /admin and the rolling report', () => {
  it('follows the /admin/* rule and counts operations with GraphQL errors into the error rate', async () => {
    app = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
    const ok = await app.execute(LiveSearchDocument, { query: 'beginner snowboard', first: 1 });
    expect(ok.errors).toBeUndefined();
    const bad = await app.graphql('{ product(id: "not-a-hexar-id") { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    expect((await admin(app, '/admin')).status).toBe(401);
    expect((await admin(app, '/admin', 'wrong')).status).toBe(401);
    const page = await admin(app, '/admin', TOKEN);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('data-kpi="operations">2<');
    expect(html).toContain('data-kpi="error-rate">50 %<');
    expect(html).toContain('<svg');

    const report = (await (await admin(app, '/admin/performance', TOKEN)).json()) as any;
    expect(report.rolling.latency).toMatchObject({ operations: 2, errorRate: 0.5 });
    expect(report.performance.operations).toBe(2);
  });
});
