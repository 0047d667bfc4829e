// Live pages (docs/WEB.md "Live"). A page that shows the present carries
// data-live-after (the log position it was read at) on <main>, and the
// action page data-live-action. This script follows /live, the session's
// stream of changes, and when something the page shows has changed it
// fetches the page again and puts the new <main> in place, without a reload.
// While a form of the page is being filled in, it only says that the page
// has changed, so that nothing typed is lost. Every page works without it.
(() => {
  'use strict';
  let source = null;
  let dirty = false;

  document.addEventListener('input', (event) => {
    if (event.target.closest && event.target.closest('#main form')) dirty = true;
  });

  function sayChanged() {
    if (document.getElementById('live-notice')) return;
    const notice = document.createElement('p');
    notice.id = 'live-notice';
    notice.className = 'banner';
    notice.setAttribute('role', 'status');
    notice.append('This page has changed since it was shown. ');
    const link = document.createElement('a');
    link.href = location.pathname + location.search;
    link.textContent = 'Show the new state';
    notice.append(link);
    document.getElementById('main')?.before(notice);
  }

  async function refresh() {
    if (dirty) return sayChanged();
    const answer = await fetch(location.pathname + location.search,
                               { headers: { Accept: 'text/html', 'X-Mrtrack-Live': '1' }, credentials: 'same-origin' });
    if (!answer.ok || answer.redirected) return;  // Signed out meanwhile: the next click says so.
    const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById('main');
    const main = document.getElementById('main');
    if (!fresh || !main) return;
    if (dirty) return sayChanged();
    main.replaceChildren(...fresh.childNodes);
    main.dataset.liveAfter = fresh.dataset.liveAfter || '';
    if (window.htmx) window.htmx.process(main);
    document.dispatchEvent(new CustomEvent('mrtrack:live-updated'));
  }

  function stop() {
    if (source) source.close();
    source = null;
  }

  // Follows the changes after the position the page shows. Each stream holds
  // one of the person's few (server.max_streams_per_token): only a page that
  // is looked at follows, and only once it has been shown for a moment, so
  // that going through pages quickly holds none; a change meanwhile is not
  // lost, the stream starts at the page's own position.
  let timer = null;
  function listenSoon() {
    clearTimeout(timer);
    stop();
    timer = setTimeout(listen, 1500);
  }

  function listen() {
    stop();
    const main = document.getElementById('main');
    if (!main || !main.dataset.liveAfter || !window.EventSource || document.visibilityState === 'hidden') return;
    const url = new URL('/live', location.origin);
    url.searchParams.set('after', main.dataset.liveAfter);
    if (main.dataset.liveAction) url.searchParams.set('action', main.dataset.liveAction);
    source = new EventSource(url);
    source.addEventListener('changed', () => { refresh(); });
    source.addEventListener('ended', () => { source.close(); });
  }

  function newPage() {
    dirty = false;
    document.getElementById('live-notice')?.remove();
    listenSoon();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', newPage);
  else newPage();
  // hx-boost swaps in a whole new page: follow the changes of that one.
  document.addEventListener('htmx:after:settle', (event) => {
    if (event.target === document.body) newPage();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') stop();
    else listenSoon();
  });
  window.addEventListener('pagehide', stop);
})();
