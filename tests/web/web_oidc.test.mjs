// Signing in through an OpenID Connect provider, in a real browser: npm's
// oidc-provider on loopback (oidc_provider.mjs) with its own login and
// consent pages, the real mrtrackd (daemon.mjs) configured with [web.oidc],
// and Debian's chromium driven by Playwright.
//
// Run by ctest (web_oidc_browser) with MRTRACKD, MRTRACK_SEED and
// MRTRACK_SCREENSHOT_DIR set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startDaemon, importSeed, ADMIN_TOKEN } from './daemon.mjs';
import { startProvider, CLIENT_ID, CLIENT_SECRET } from './oidc_provider.mjs';
import { launchChromium } from './browser.mjs';

const MRTRACKD = process.env.MRTRACKD;
const SEED = process.env.MRTRACK_SEED;
const SHOTS = process.env.MRTRACK_SCREENSHOT_DIR || path.join(tmpdir(), 'mrtrack-web-screenshots');
const CALLBACK = '/sign-in/oidc/callback';

let provider, daemon, chromiumRun, browser, secrets, ownAction;

before(async () => {
  assert.ok(MRTRACKD, 'MRTRACKD must name the mrtrackd binary');
  mkdirSync(SHOTS, { recursive: true });
  provider = await startProvider();
  secrets = mkdtempSync(path.join(tmpdir(), 'mrtrack-oidc-'));
  writeFileSync(path.join(secrets, 'client.secret'), CLIENT_SECRET + '\n', { mode: 0o600 });
  daemon = await startDaemon(MRTRACKD, [], {
    extraToml: `\n[web.oidc]\nissuer = "${provider.issuer}"\nname = "Test ID"\nclient_id = "${CLIENT_ID}"\n` +
               `client_secret_file = "${path.join(secrets, 'client.secret')}"\n` +
               'scopes = ["openid", "email", "profile", "mrtrack"]\n',
  });
  provider.addClient(daemon.url + CALLBACK);
  const imported = await importSeed(daemon.url, SEED);
  ownAction = imported.evaluation_id + '-r1-a1';  // kaz-programme: the editor's unit
  chromiumRun = await launchChromium();
  browser = chromiumRun.context;
  // The provider's development pages import a web font; nothing leaves the machine.
  await browser.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
});

after(async () => {
  if (chromiumRun) await chromiumRun.close();
  if (daemon) {
    assert.doesNotMatch(daemon.log(), new RegExp(CLIENT_SECRET), 'the client secret is never logged');
    await daemon.stop();
  }
  if (provider) await provider.stop();
  if (secrets) rmSync(secrets, { recursive: true, force: true });
});

// A page of a browser signed in nowhere, neither at mrtrackd nor at the provider.
async function newPage() {
  await browser.clearCookies();
  return browser.newPage();
}

// From mrtrackd's sign-in page through the provider's login and consent
// pages as `login` (any password), until the provider answers mrtrackd.
async function throughProvider(page, login) {
  await page.goto(daemon.url + '/sign-in');
  await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
  await page.waitForURL((u) => u.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

// The provider's answer to a sign-in as `login`, caught before it reaches
// mrtrackd: the consent form's post is sent on the page's behalf, and the
// provider's redirects are followed up to the one to mrtrackd's callback,
// which is not. (A route sees a navigation's first request only, not the
// requests of its redirects.)
async function capturedAnswer(page, login) {
  let answer = null;
  const consent = (u) => u.origin === provider.issuer && u.pathname.startsWith('/interaction/');
  await page.route(consent, async (route) => {
    if (route.request().method() !== 'POST' || !/prompt=consent/.test(route.request().postData() || '')) {
      return route.continue();
    }
    const first = await route.fetch({ maxRedirects: 0 });
    let response = first;
    for (let hop = 0; hop < 5 && response.status() >= 300 && response.status() < 400; hop++) {
      const location = new URL(response.headers()['location'], response.url()).toString();
      if (location.startsWith(daemon.url + CALLBACK)) {
        answer = location;
        return route.fulfill({ status: 200, contentType: 'text/plain', body: 'caught' });
      }
      response = await browser.request.get(location, { maxRedirects: 0 });
    }
    return route.fulfill({ response: first });
  });
  await throughProvider(page, login);
  await page.getByText('caught').waitFor();
  await page.unroute(consent);
  assert.ok(answer, 'the provider answered mrtrackd');
  return answer;
}

async function refusal(page, url) {
  const response = await page.goto(url);
  return { status: response.status(), text: await page.getByRole('alert').innerText() };
}

test('the sign-in page offers the provider beside the password form', async () => {
  const page = await newPage();
  await page.goto(daemon.url + '/sign-in');
  await page.getByLabel('E-mail').waitFor();
  await page.getByLabel('Password').waitFor();
  const link = page.getByRole('link', { name: 'Sign in with Test ID' });
  assert.equal(await link.getAttribute('href'), '/sign-in/oidc?next=%2F');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), []);
  await page.screenshot({ path: path.join(SHOTS, 'sign-in-oidc.png'), fullPage: true });
  await page.close();
});

test('an editor signs in through the provider, sees only their unit, comments; the timeline shows their e-mail', async () => {
  const page = await newPage();
  await throughProvider(page, 'oidc.editor');
  await page.waitForURL(daemon.url + '/');
  await page.getByRole('heading', { name: 'My actions', level: 1 }).waitFor();
  assert.match(await page.locator('header .who').innerText(), /Olga Oidc \(editor\)/);
  const actions = await page.locator('li.action').allInnerTexts();
  assert.ok(actions.length > 0, 'the unit has actions');
  for (const text of actions) assert.match(text, /Programme Team/);
  const cookies = await browser.cookies(daemon.url);
  const session = cookies.find((c) => c.name === 'mrtrack_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Lax', 'a session cookie like a password sign-in');
  assert.equal(cookies.find((c) => c.name === 'mrtrack_oidc'), undefined, 'the sign-in cookie is gone');

  await page.goto(daemon.url + '/actions/' + ownAction);
  await page.getByLabel('Comment', { exact: true }).fill('Workshop held with the partners (signed in with Test ID)');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  assert.match(await page.locator('ul.comments li').last().innerText(), /Olga Oidc <oidc\.editor@example\.org>/);
  const entries = await page.locator('ol.timeline > li').allInnerTexts();
  assert.ok(entries.some((t) => /Olga Oidc <oidc\.editor@example\.org>/.test(t) && /comment/i.test(t)),
            'the timeline shows the comment with the name and e-mail:\n' + entries.join('\n---\n'));
  const history = await (await fetch(`${daemon.url}/v1/actions/${ownAction}/history`,
                                     { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  assert.equal(history.items.at(-1).actor, 'oidc.editor@example.org', 'the actor recorded is the e-mail');
  await page.screenshot({ path: path.join(SHOTS, 'action-oidc.png'), fullPage: true });
  await page.close();
});

test('a person whose claims give no role is refused with a clear page', async () => {
  const page = await newPage();
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === CALLBACK);
  await throughProvider(page, 'no.role');
  assert.equal((await answered).status(), 403);
  const alert = await page.getByRole('alert').innerText();
  assert.match(alert, /Test ID gives no\.role@example\.org no role in mrtrack \(claim "mrtrack_role"/);
  await page.getByRole('link', { name: 'Back to the sign-in page' }).waitFor();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  assert.deepEqual(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), []);
  await page.screenshot({ path: path.join(SHOTS, 'sign-in-oidc-refused.png'), fullPage: true });
  const r = await page.goto(daemon.url + '/');
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'not signed in');
  assert.equal(r.status(), 200);
  await page.close();
});

test('cancelling at the provider (access_denied) gives a clear page', async () => {
  const page = await newPage();
  await page.goto(daemon.url + '/sign-in');
  await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
  await page.waitForURL((u) => u.origin === provider.issuer);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === CALLBACK);
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  assert.equal((await answered).status(), 403);
  assert.match(await page.getByRole('alert').innerText(), /Test ID did not sign you in: access was denied/);
  await page.close();
});

test('a tampered state, an answer used twice and an answer from another browser are refused', async () => {
  const page = await newPage();
  // Tampered: the state no sign-in has.
  const answer = new URL(await capturedAnswer(page, 'oidc.editor'));
  assert.ok(answer.searchParams.get('code') && answer.searchParams.get('state'));
  const tampered = new URL(answer);
  tampered.searchParams.set('state', answer.searchParams.get('state').replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
  let r = await refusal(page, tampered.toString());
  assert.equal(r.status, 400);
  assert.match(r.text, /matches no sign-in under way/);

  // Used once, then replayed.
  await browser.clearCookies();
  const second = await capturedAnswer(page, 'oidc.editor');
  await page.goto(second);
  await page.getByRole('heading', { name: 'My actions', level: 1 }).waitFor();
  r = await refusal(page, second);
  assert.equal(r.status, 400);
  assert.match(r.text, /already used/);

  // Begun in one browser, opened in another (login CSRF): the state's cookie is missing.
  await browser.clearCookies();
  const third = await capturedAnswer(page, 'oidc.editor');
  await browser.clearCookies();
  r = await refusal(page, third);
  assert.equal(r.status, 403);
  assert.match(r.text, /not begun in this browser/);
  await page.close();
});
