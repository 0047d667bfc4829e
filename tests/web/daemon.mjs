// Starts the real mrtrackd on a loopback port with a fresh data directory,
// and stops it. The port is read from its "listening" log line; every wait
// has a deadline.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ADMIN_TOKEN = 'web-test-admin-token-7c1f';

const UNITS = `
[[units]]
id = "kaz-co"
name = "UN Women Kazakhstan Country Office"
aliases = ["UN Women Kazakhstan CO", "UN Women Kazakhstan Country Office", "UN Women KAZ CO", "Country Office"]
emails = ["kazakhstan.co@example.org"]

[[units]]
id = "kaz-programme"
name = "Programme Team, UN Women Kazakhstan"
aliases = ["Programme Team UN Women Kazakhstan CO", "Programme Team"]
emails = ["kazakhstan.programme@example.org"]

[[units]]
id = "government"
name = "Government institutions of Kazakhstan"
aliases = ["Government institutions", "Government"]

[[units]]
id = "un-agencies"
name = "UN agencies in Kazakhstan"
aliases = ["relevant UN Agencies", "UN Agencies"]

[[units]]
id = "national-partners"
name = "National partners"
aliases = ["relevant national partners", "national partners"]

[[units]]
id = "ecaro"
name = "UN Women Europe and Central Asia Regional Office"
aliases = ["ECARO", "Regional Office"]
`;

export function hashPassword(mrtrackd, password) {
  const r = spawnSync(mrtrackd, ['--hash-password'], { input: password + '\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error('mrtrackd --hash-password failed: ' + r.stderr);
  return r.stdout.trim();
}

export async function sha256Hex(text) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}

// The local time in the organisation's zone as HH:MM: a send_time that makes
// reminders due at once.
function localHhMm(timeZone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date());
}

// users: [{email, name, role, units, password, language}]; with `reminders`, the
// notifier's default rules with a send time of now (e-mail goes to the
// Maildir <dir>/data/maildir), else no reminders at all. With `dir`, on the
// data of an earlier daemon stopped with stop({ keep: true }). `extraToml`
// is appended to the config (more tables, such as [web.oidc]).
export async function startDaemon(mrtrackd, users, { reminders = false, dir = null, extraToml = '' } = {}) {
  dir ??= mkdtempSync(path.join(tmpdir(), 'mrtrack-web-'));
  let toml = `[server]\nlisten = "127.0.0.1:0"\nlog_level = "info"\n\n[storage]\ndata_dir = "${dir}/data"\n\n` +
             `[organisation]\nname = "UN Women Kazakhstan"\ntime_zone = "Asia/Almaty"\n` + UNITS;
  toml += `\n[[tokens]]\nname = "import-ci"\nrole = "admin"\nsha256 = "${await sha256Hex(ADMIN_TOKEN)}"\n`;
  for (const u of users) {
    toml += `\n[[users]]\nemail = "${u.email}"\nname = "${u.name}"\nrole = "${u.role}"\n` +
            `units = [${(u.units || []).map((x) => `"${x}"`).join(', ')}]\n` +
            `password_hash = "${hashPassword(mrtrackd, u.password)}"\n` +
            (u.language ? `language = "${u.language}"\n` : '');
  }
  toml += reminders ? `\n[reminders]\nsend_time = "${localHhMm('Asia/Almaty')}"\n`
                   : '\n[reminders]\nbefore = []\non_deadline = false\noverdue_every = "0d"\nescalate_after = "0d"\n';
  toml += extraToml;
  const configPath = path.join(dir, 'mrtrack.toml');
  writeFileSync(configPath, toml);
  const child = spawn(mrtrackd, ['--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mrtrackd did not listen within 30 s:\n' + log)), 30000);
    const onData = (chunk) => {
      log += chunk.toString();
      const m = log.match(/listening.*(http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`mrtrackd exited ${code}:\n${log}`)); });
  });
  return {
    url, dir, child, log: () => log,
    async stop({ keep = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
        await exited;
        clearTimeout(timer);
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function importSeed(url, seedPath) {
  const r = await fetch(url + '/v1/imports', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + ADMIN_TOKEN, 'Content-Type': 'text/plain' },
    body: readFileSync(seedPath, 'utf8'),
  });
  if (r.status !== 200) throw new Error('import failed: ' + r.status + ' ' + (await r.text()));
  return r.json();
}
