// The web app in a real browser: Debian's chromium, headless, driven by
// Playwright against the real mrtrackd on loopback (daemon.mjs). Each page is
// checked with axe-core (no serious or critical violation), at 375 px without
// horizontal scrolling, and photographed into MRTRACK_SCREENSHOT_DIR.
//
// Run by ctest (tests/CMakeLists.txt) with MRTRACKD, MRTRACK_SEED and
// MRTRACK_SCREENSHOT_DIR set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startDaemon, importSeed, ADMIN_TOKEN } from './daemon.mjs';
import { launchChromium } from './browser.mjs';

const MRTRACKD = process.env.MRTRACKD;
const SEED = process.env.MRTRACK_SEED;
const SHOTS = process.env.MRTRACK_SCREENSHOT_DIR || path.join(tmpdir(), 'mrtrack-web-screenshots');

const EDITOR = { email: 'amina.editor@example.org', name: 'Amina Editor', role: 'editor', units: ['kaz-programme'],
                 password: 'programme-pass-1' };
const FOCAL = { email: 'focal.point@example.org', name: 'Farida Focal', role: 'admin', units: [],
                password: 'focal-pass-2' };
const AUDITOR = { email: 'auditor@example.org', name: 'Dana Auditor', role: 'auditor', units: [],
                  password: 'auditor-pass-3' };
const VALIDATOR = { email: 'validator@example.org', name: 'Vera Validator', role: 'validator', units: [],
                    password: 'validator-pass-5' };
// A second auditor: the first one's sign-in is slowed down by the guessing test.
const AUDITOR2 = { email: 'second.auditor@example.org', name: 'Omar Auditor', role: 'auditor', units: [],
                   password: 'auditor-pass-4' };

// Reads the app in French (`[[users]] language`).
const FRENCH = { email: 'camille.validatrice@example.org', name: 'Camille Validatrice', role: 'validator', units: [],
                 password: 'validatrice-pass-6', language: 'fr' };

let daemon, chromiumRun, browser /* the persistent context */, evaluationId, ownAction, foreignAction;
const consoleProblems = [];

before(async () => {
  assert.ok(MRTRACKD, 'MRTRACKD must name the mrtrackd binary');
  mkdirSync(SHOTS, { recursive: true });
  daemon = await startDaemon(MRTRACKD, [EDITOR, FOCAL, AUDITOR, AUDITOR2, VALIDATOR, FRENCH]);
  const imported = await importSeed(daemon.url, SEED);
  evaluationId = imported.evaluation_id;
  ownAction = evaluationId + '-r1-a1';      // kaz-programme: the editor's unit
  foreignAction = evaluationId + '-r3-a1';  // kaz-co and government
  chromiumRun = await launchChromium();
  browser = chromiumRun.context;
});

after(async () => {
  if (chromiumRun) await chromiumRun.close();
  if (daemon) await daemon.stop();
});

// A page of a signed-out browser: the profile's cookies are cleared first.
async function newPage() {
  await browser.clearCookies();
  const page = await browser.newPage();
  // Script errors and CSP reports; a page's own status (401 for a wrong password) is not one.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      consoleProblems.push(`${page.url()}: ${msg.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.request().resourceType() !== 'fetch' && r.status() >= 400) {
      consoleProblems.push(`${page.url()}: ${r.url()} answered ${r.status()}`);
    }
  });
  page.on('pageerror', (err) => consoleProblems.push(`${page.url()}: ${err.message}`));
  return page;
}

async function signIn(page, user) {
  await page.goto(daemon.url + '/sign-in');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

// axe-core, 375 px without horizontal scrolling, and a screenshot.
async function checkPage(page, name) {
  // Each page under 100 KB (the served HTML; evidence files are downloads of their own).
  const served = await page.request.get(page.url());
  const bytes = (await served.body()).length;
  assert.ok(bytes < 100 * 1024, `${name} is ${bytes} bytes`);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), [],
                   `axe on ${name}`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} scrolls ${overflow} px sideways at 375 px`);
  await page.screenshot({ path: path.join(SHOTS, `${name}-375.png`), fullPage: false });
  await page.setViewportSize(size);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function csrfOf(page) {
  return page.locator('form[action="/sign-out"] input[name="csrf"]').getAttribute('value');
}

test('the sign-in page carries the security headers and passes axe', async () => {
  const r = await fetch(daemon.url + '/sign-in');
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.equal(r.headers.get('referrer-policy'), 'same-origin');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const html = await r.text();
  assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]|style=|<style/, 'no inline script or style');
  const page = await newPage();
  await page.goto(daemon.url + '/sign-in');
  await checkPage(page, 'sign-in');
  await page.close();
});

test('pages need a session: / sends a stranger to the sign-in page', async () => {
  const r = await fetch(daemon.url + '/', { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/sign-in\?next=/);
});

test('a wrong password is refused; the right one signs in and sets a safe cookie', async () => {
  const page = await newPage();
  await page.goto(daemon.url + '/sign-in');
  await page.getByLabel('E-mail').fill(EDITOR.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
  await signIn(page, EDITOR);
  assert.equal(new URL(page.url()).pathname, '/');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'mrtrack_session');
  assert.ok(session, 'session cookie set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  await page.close();
});

test('after five failed attempts, sign-in slows down', async () => {
  const page = await newPage();
  for (let i = 0; i < 5; i++) {
    await page.goto(daemon.url + '/sign-in');
    await page.getByLabel('E-mail').fill(AUDITOR.email);
    await page.getByLabel('Password').fill('guess-' + i);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
  }
  // The sixth attempt, even with the right password, is refused during the 30 s wait.
  await page.goto(daemon.url + '/sign-in');
  await page.getByLabel('E-mail').fill(AUDITOR.email);
  await page.getByLabel('Password').fill(AUDITOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Too many failed attempts' }).waitFor();
  await page.close();
});

test('an editor sees the overdue actions of their unit, records progress and comments; the timeline shows who', async () => {
  const page = await newPage();
  await signIn(page, EDITOR);
  await page.getByRole('heading', { name: 'My actions', level: 1 }).waitFor();
  const overdue = page.locator('li.action.is-overdue');
  assert.ok((await overdue.count()) > 0, 'overdue actions are listed');
  assert.match(await overdue.first().innerText(), /Overdue: \d+ days late/);
  // Only the editor's unit's actions.
  for (const text of await page.locator('li.action').allInnerTexts()) assert.match(text, /Programme Team/);
  await checkPage(page, 'my-actions');

  const before = new Date().toISOString();
  await page.goto(daemon.url + '/actions/' + ownAction);
  const oldStatus = (await page.locator('.meta .badge').first().innerText()).trim();
  await page.getByLabel('Status').selectOption('Ongoing');
  await page.getByLabel('Reason', { exact: true }).fill('Work plan agreed with the ministry');
  await page.getByRole('button', { name: 'Save status' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  assert.equal((await page.locator('.meta .badge').first().innerText()).trim(), 'Ongoing');

  await page.getByLabel('Comment', { exact: true }).fill('First draft shared with the partners');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const comments = page.locator('ul.comments li');
  assert.match(await comments.last().innerText(), /Amina Editor <amina\.editor@example\.org>/);
  assert.match(await comments.last().innerText(), /First draft shared with the partners/);

  // Every change of the API's history is on the timeline, with its actor.
  const history = await (await fetch(`${daemon.url}/v1/actions/${ownAction}/history`,
                                     { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  const entries = page.locator('ol.timeline > li');
  assert.equal(await entries.count(), history.items.length);
  const texts = await entries.allInnerTexts();
  history.items.forEach((h, i) => {
    const actor = h.actor === EDITOR.email ? 'Amina Editor <amina.editor@example.org>' : h.actor;
    assert.ok(texts[i].includes(actor), `timeline entry ${i} names ${actor}: ${texts[i]}`);
  });
  const statusEntry = texts.find((t) => t.includes('Work plan agreed with the ministry'));
  assert.ok(statusEntry, 'the status change and its reason are on the timeline');
  assert.match(statusEntry, new RegExp(`${oldStatus} → Ongoing`));
  await checkPage(page, 'action');

  // As of a moment before the change: the old status, and no forms.
  await page.goto(`${daemon.url}/actions/${ownAction}?as_of=${encodeURIComponent(before)}`);
  assert.equal((await page.locator('.meta .badge').first().innerText()).trim(), oldStatus);
  assert.equal(await page.getByRole('button', { name: 'Save status' }).count(), 0);
  await page.getByText('You are looking at the state as of').waitFor();
  assert.equal(await page.locator('main[data-live-after]').count(), 0, 'a page of the past does not follow changes');
  await page.close();
});

test('a person whose language is French reads the pages in French, dates in words; a browser asking for Spanish gets the sign-in page in Spanish', async () => {
  const page = await newPage();
  await signIn(page, FRENCH);
  await page.getByRole('heading', { name: 'Mes actions', level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.match(await page.locator('li.action.is-overdue').first().innerText(),
               /En retard : \d+ jours[\s\S]*Échéance : \d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/);
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  await checkPage(page, 'my-actions-fr');
  await page.goto(daemon.url + '/actions/' + ownAction);
  await page.getByRole('heading', { name: 'Historique' }).waitFor();
  await page.getByText('Réponse de la direction').first().waitFor();
  await page.goto(daemon.url + '/dashboard');
  await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
  await page.getByRole('heading', { name: /Ancienneté des \d+ actions ouvertes/ }).waitFor();
  await checkPage(page, 'dashboard-fr');
  await page.close();

  const spanish = await newPage();
  await spanish.setExtraHTTPHeaders({ 'Accept-Language': 'es-ES,es;q=0.9,en;q=0.5' });
  await spanish.goto(daemon.url + '/sign-in');
  assert.equal(await spanish.locator('html').getAttribute('lang'), 'es');
  await spanish.getByLabel('Correo electrónico').waitFor();
  await spanish.getByLabel('Contraseña').waitFor();
  await spanish.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
  await checkPage(spanish, 'sign-in-es');
  await spanish.close();
});

test("an editor sees no controls on another unit's action, and the server refuses the POST", async () => {
  const page = await newPage();
  await signIn(page, EDITOR);
  await page.goto(daemon.url + '/actions/' + foreignAction);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.locator('form[action$="/status"]').count(), 0);
  assert.equal(await page.locator('form[action$="/comments"]').count(), 0);
  const csrf = await csrfOf(page);
  const r = await page.request.post(`${daemon.url}/actions/${foreignAction}/status`,
                                    { form: { csrf, status: 'Completed', reason: 'not mine' }, maxRedirects: 0 });
  assert.equal(r.status(), 403);
  const after = await (await fetch(`${daemon.url}/v1/actions/${foreignAction}`,
                                   { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  assert.notEqual(after.status, 'Completed');
  await page.close();
});

// The text part of a message in the Maildir, decoded (the notifier writes base64 or plain).
function textPartOf(mail) {
  const part = mail.split(/\r?\n--/).find((p) => /^Content-Type: text\/plain/mi.test(p));
  if (!part) return '';
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  return /Content-Transfer-Encoding: base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
                                                          : body;
}

// Waits (with a deadline) for a message to `address` in `maildir`, and gives its text part.
async function mailTo(maildir, address, log = () => '') {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    let names = [];
    try { names = readdirSync(path.join(maildir, 'new')); } catch { /* not created yet */ }
    for (const name of names) {
      const mail = readFileSync(path.join(maildir, 'new', name), 'utf8');
      if (new RegExp(`^To: .*${address.replace(/\./g, '\\.')}`, 'm').test(mail)) return textPartOf(mail);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message to ${address} in ${maildir} within 30 s; mrtrackd's log:\n${log()}`);
}

// A token as common/sign_in_link.h documents it, minted here independently of mrtrack's code.
function mintLink(keyHex, unit, recipient, expiresSeconds) {
  const mac = createHmac('sha256', Buffer.from(keyHex, 'hex'))
    .update(`mrtrack sign-in link v1\n${unit}\n${recipient}\n${expiresSeconds}`).digest('hex');
  return `l1.${expiresSeconds}.${unit}.${Buffer.from(recipient).toString('hex')}.${mac}`;
}

test("the link in a real reminder e-mail signs its recipient in as an editor of that unit only; a new key revokes it", async () => {
  // A daemon of its own whose notifier finds the overdue actions in the log at start and sends
  // their reminders at once, to the Maildir.
  const quiet = await startDaemon(MRTRACKD, []);
  await importSeed(quiet.url, SEED);
  await quiet.stop({ keep: true });
  const mailing = await startDaemon(MRTRACKD, [], { reminders: true, dir: quiet.dir });
  try {
    const recipient = 'kazakhstan.programme@example.org';
    const text = await mailTo(path.join(mailing.dir, 'data', 'maildir'), recipient, mailing.log);
    const m = text.match(new RegExp(`https?://\\S+(/actions/${ownAction}\\?signin=[a-z0-9.-]+)`));
    assert.ok(m, `the reminder links to ${ownAction} with a sign-in token:\n${text}`);
    const page = await newPage();
    await page.goto(mailing.url + m[1]);
    assert.equal(new URL(page.url()).pathname, `/actions/${ownAction}`);
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    await page.getByText(`${recipient} for Programme Team`).first().waitFor();
    await page.getByLabel('Comment', { exact: true }).fill('Seen from the reminder');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    assert.match(await page.locator('ul.comments li').last().innerText(), new RegExp(`${recipient} for Programme Team`));
    const history = await (await fetch(`${mailing.url}/v1/actions/${ownAction}/history`,
                                       { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
    assert.equal(history.items.at(-1).actor, `kaz-programme:${recipient}`, 'the actor is the unit and the address');
    await page.goto(`${mailing.url}/actions/${foreignAction}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.locator('form[action$="/comments"]').count(), 0, 'an editor of the link\'s unit only');
    const r = await page.request.post(`${mailing.url}/actions/${foreignAction}/comments`,
                                      { form: { csrf: await csrfOf(page), text: 'not mine' }, maxRedirects: 0 });
    assert.equal(r.status(), 403);
    await page.close();

    const keyPath = path.join(mailing.dir, 'data', 'sign-in-link.key');
    const key = readFileSync(keyPath, 'utf8').trim();
    const expired = mintLink(key, 'kaz-programme', recipient, Math.floor(Date.now() / 1000) - 1);
    const fresh = await newPage();
    await fresh.goto(`${mailing.url}/actions/${ownAction}?signin=${expired}`);
    await fresh.getByRole('alert').filter({ hasText: 'expired' }).waitFor();
    await checkPage(fresh, 'sign-in-link-expired');
    // A new key in the data directory: the link of the e-mail is void.
    writeFileSync(keyPath, randomBytes(32).toString('hex') + '\n');
    await fresh.goto(mailing.url + m[1]);
    await fresh.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    assert.equal(await fresh.getByRole('button', { name: 'Add comment' }).count(), 0);
    await fresh.close();
  } finally {
    await mailing.stop();
  }
});

test('an open page updates from the event stream when what it shows changes, without a reload', async () => {
  const page = await newPage();
  await signIn(page, EDITOR);
  await page.goto(`${daemon.url}/actions/${ownAction}`);
  await page.evaluate(() => { window.notReloaded = true; });
  const comment = (text) => fetch(`${daemon.url}/v1/actions/${ownAction}/comments`, {
    method: 'POST', body: JSON.stringify({ text }),
    headers: { Authorization: 'Bearer ' + ADMIN_TOKEN, 'Content-Type': 'application/json' } });
  // Someone else's change, through the API.
  assert.ok((await comment('Seen live by the unit')).ok);
  await page.locator('ul.comments li', { hasText: 'Seen live by the unit' }).waitFor();
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was updated in place');
  // While a form is being filled in, the page only says that it has changed.
  await page.getByLabel('Comment', { exact: true }).fill('Half-written');
  assert.ok((await comment('A second change')).ok);
  await page.locator('#live-notice').filter({ hasText: 'This page has changed' }).waitFor();
  assert.equal(await page.getByLabel('Comment', { exact: true }).inputValue(), 'Half-written');
  assert.equal(await page.locator('ul.comments li', { hasText: 'A second change' }).count(), 0);

  // The stream is the session's: a session counts as a token for server.max_streams_per_token (4),
  // and the page's own stream is one of them.
  const cookie = (await page.context().cookies()).filter((c) => c.name === 'mrtrack_session')
    .map((c) => `${c.name}=${c.value}`).join('; ');
  const held = [];
  try {
    for (let i = 0; i < 3; i++) {
      const control = new AbortController();
      held.push(control);
      const r = await fetch(`${daemon.url}/live`, { headers: { cookie }, signal: control.signal });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /text\/event-stream/);
    }
    const fifth = await fetch(`${daemon.url}/live`, { headers: { cookie } });
    assert.equal(fifth.status, 429, 'the fifth stream of the session is refused');
  } finally {
    for (const control of held) control.abort();
  }
  assert.equal((await fetch(`${daemon.url}/live`, { redirect: 'manual' })).status, 303, 'no session, no stream');
  await page.close();
});

test('an editor attaches evidence and requests completion, the validator accepts it; an extension is requested and rejected; the timeline shows every step with its actor', async () => {
  const admin = { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } };
  const mine = await (await fetch(`${daemon.url}/v1/actions?unit=kaz-programme&open=true&limit=100`, admin)).json();
  const action = mine.items.map((a) => a.action_id).find((id) => id !== ownAction);
  assert.ok(action, 'the programme team has a second open action');
  const page = await newPage();
  await signIn(page, EDITOR);
  await page.goto(`${daemon.url}/actions/${action}`);
  // With closure validation an editor closes an action by a request, not by its status.
  assert.deepEqual((await page.getByLabel('Status').locator('option').allInnerTexts()).filter((s) => /Completed|Longer/.test(s)), []);
  const report = 'Final report of the consultations, signed by the partners.\n';
  await page.getByLabel('What was done').fill('All five consultations held');
  await page.getByLabel('Evidence', { exact: true }).setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from(report) });
  await page.getByRole('button', { name: 'Request completion' }).click();
  await page.getByRole('heading', { name: 'Completion requested' }).waitFor();
  const link = page.locator('section.request a[download]', { hasText: 'report.txt' });
  const download = await page.request.get(daemon.url + (await link.getAttribute('href')));
  assert.equal(download.status(), 200);
  assert.equal(await download.text(), report, 'the evidence comes back as it was sent');
  await page.getByLabel('New deadline').fill('2027/06');
  await page.getByLabel('Reason for the extension').fill('The partners meet in spring');
  await page.getByRole('button', { name: 'Request extension' }).click();
  await page.getByRole('heading', { name: 'Extension requested' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept completion' }).count(), 0, 'an editor does not validate');
  await checkPage(page, 'action-requests');
  await page.close();

  const validator = await newPage();
  await signIn(validator, VALIDATOR);
  await validator.getByRole('link', { name: 'Dashboard' }).click();
  const request = validator.locator('li.request', { hasText: 'All five consultations held' });
  await request.waitFor();
  await checkPage(validator, 'dashboard-requests');
  await request.getByRole('button', { name: /Accept completion/ }).click();
  await validator.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const done = await (await fetch(`${daemon.url}/v1/actions/${action}`, admin)).json();
  assert.equal(done.status, 'Completed');
  await validator.goto(`${daemon.url}/actions/${action}`);
  const extension = validator.locator('section.request', { hasText: 'Extension requested' });
  if (await extension.count()) {  // Completion drops the open requests; if one stays, it is rejected here.
    await validator.getByLabel('Reason for rejecting the extension').fill('Completed already');
    await validator.getByRole('button', { name: 'Reject extension' }).click();
    await validator.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  }
  const history = await (await fetch(`${daemon.url}/v1/actions/${action}/history`, admin)).json();
  const texts = await validator.locator('ol.timeline > li').allInnerTexts();
  assert.equal(texts.length, history.items.length);
  assert.ok(texts.some((t) => t.includes('Amina Editor <amina.editor@example.org>') && /complet/i.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => t.includes('Vera Validator <validator@example.org>')), 'the acceptance names the validator');
  await validator.close();
});

test('a POST without the CSRF token, or with a wrong one, is refused', async () => {
  const page = await newPage();
  await signIn(page, EDITOR);
  for (const form of [{ text: 'no token' }, { text: 'wrong token', csrf: 'f'.repeat(64) }]) {
    const r = await page.request.post(`${daemon.url}/actions/${ownAction}/comments`, { form, maxRedirects: 0 });
    assert.equal(r.status(), 403);
    assert.match(await r.text(), /CSRF/);
  }
  const action = await (await fetch(`${daemon.url}/v1/actions/${ownAction}`,
                                    { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  assert.ok(!action.comments.some((c) => /token/.test(c.text)), 'no comment was added');
  await page.close();
});

test('an evaluation shows its recommendations, rates and an ageing chart drawn on the server', async () => {
  const page = await newPage();
  await signIn(page, FOCAL);
  await page.getByRole('link', { name: 'Evaluations' }).click();
  await page.getByRole('heading', { name: 'Evaluations', level: 1 }).waitFor();
  await checkPage(page, 'evaluations');
  await page.locator('ul.cards h2 a').first().click();
  await page.getByRole('heading', { name: 'Recommendations' }).waitFor();
  assert.equal(await page.locator('ol.recommendations > li').count(), 11);
  assert.match(await page.locator('.figures').innerText(), /implemented/);
  const bars = page.locator('svg.chart rect');
  assert.equal(await bars.count(), 5);  // The API's buckets: not_due, 1-90, 91-180, 181-365, over_365.
  const counts = (await page.locator('.table-wrap td').allInnerTexts()).map(Number);
  assert.equal(counts.reduce((a, b) => a + b, 0), Number((await page.locator('#ageing-h').innerText()).match(/\d+/)[0]));

  // The focal point marks the first recommendation high; its actions carry it.
  const first = page.locator('ol.recommendations > li').first();
  await first.getByRole('button', { name: /Mark high priority/ }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await page.locator('ol.recommendations > li').first().locator('.priority-high').waitFor();
  assert.equal(await page.locator('ol.recommendations .priority-high').count(), 1);
  const high = await (await fetch(daemon.url + '/v1/actions?priority=high', { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  assert.ok(high.items.length > 0 && high.items.every((a) => a.recommendation_number === 1), JSON.stringify(high.items));
  await checkPage(page, 'evaluation');

  // As of a day before the import, the whole site is as it was: the navigation keeps the date.
  await page.getByLabel('As of').fill('2020-01-01');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByText('You are looking at the state as of').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evaluations' }).click();
  await page.getByText('No evaluation has been imported yet').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('as_of'), '2020-01-01');
  await page.close();
});

test('the dashboard shows overdue by unit; an import is checked by a dry run, then confirmed', async () => {
  const page = await newPage();
  await signIn(page, FOCAL);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Overdue by unit' }).waitFor();
  const programme = page.locator('tr', { hasText: 'Programme Team' });
  assert.ok(Number((await programme.locator('td').nth(1).innerText()).trim()) > 0, 'the programme team has overdue actions');
  await checkPage(page, 'dashboard');

  const headBefore = (await (await fetch(daemon.url + '/readyz')).text());
  const text = readFileSync(SEED, 'utf8').replace('Final evaluation of the project', 'Final evaluation (second rendering) of the project');
  await page.getByLabel('Or the text').fill(text);
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  await page.getByRole('heading', { name: 'Import: dry run' }).waitFor();
  await page.getByText('Nothing has been recorded yet').waitFor();
  await checkPage(page, 'import-dry-run');
  const before = await (await fetch(daemon.url + '/v1/evaluations', { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await page.getByRole('heading', { name: 'Imported' }).waitFor();
  const after = await (await fetch(daemon.url + '/v1/evaluations', { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  assert.equal(after.total, before.total + 1, 'the confirmed import recorded a second evaluation');
  void headBefore;
  await page.close();
});

test('auditing: verify shows ok and the chain head; the export downloads the log', async () => {
  const page = await newPage();
  await signIn(page, AUDITOR2);
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('status').filter({ hasText: 'Verify: ok' }).waitFor();
  const verify = await (await fetch(daemon.url + '/v1/audit/verify', { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } })).json();
  assert.equal(await page.locator('code.hash').innerText(), verify.head);
  await checkPage(page, 'audit');
  const r = await page.request.get(daemon.url + '/audit/export?format=jsonl');
  assert.equal(r.status(), 200);
  const lines = (await r.text()).trim().split('\n');
  assert.equal(lines.length, verify.events_checked);
  await page.close();
});

test('an editor may not verify or import: the pages say so and the POST is refused', async () => {
  const page = await newPage();
  await signIn(page, EDITOR);
  await page.goto(daemon.url + '/audit');
  await page.getByText('is for admins and auditors').waitFor();
  await page.goto(daemon.url + '/dashboard');
  assert.equal(await page.getByRole('button', { name: 'Check (dry run)' }).count(), 0);
  const r = await page.request.post(daemon.url + '/dashboard/import',
                                    { form: { csrf: await csrfOf(page), text: 'x' }, maxRedirects: 0 });
  assert.equal(r.status(), 403);
  await page.close();
});

test('signing out ends the session', async () => {
  const page = await newPage();
  await signIn(page, FOCAL);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/sign-in');
  await page.goto(daemon.url + '/');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.close();
});

test('no page logged a script error or a CSP violation', () => {
  assert.deepEqual(consoleProblems, []);
});
