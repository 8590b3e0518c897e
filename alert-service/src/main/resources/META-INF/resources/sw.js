// Portwatch service worker: shows the care team's push notifications while the dashboard is closed.
// The payload is the server's minimal notice (no clinical values): type, condition, severity,
// initials and a link back to the alert.
'use strict';

// Why an alert.raised reaches the team when it is not a new detection (Notification#reason).
const REASONS = { HANDED_OVER: ' (handed over)', TRANSFERRED: ' (transferred)', RERAISED: ' (again)' };

// The same words as the server's Notification#title(), so a pager, a webhook and this agree.
function titleOf(n) {
  const condition = String(n.condition || 'ALERT').replace(/_/g, ' ');
  let what;
  switch (n.type) {
    case 'alert.escalated': what = 'now ' + n.severity + ' ' + condition; break;
    case 'alert.resolved': what = condition + ' resolved'; break;
    case 'alert.acknowledged': what = condition + ' acknowledged'; break;
    case 'alert.unacknowledged': what = 'UNACKNOWLEDGED ' + n.severity + ' ' + condition; break;
    default: what = (n.severity ? n.severity + ' ' : '') + condition + (REASONS[n.reason] || '');
  }
  return n.patientLabel ? what + ' — ' + n.patientLabel : what;
}

function bodyOf(n) {
  const when = n.occurredAt ? new Date(n.occurredAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  switch (n.type) {
    case 'alert.resolved': return 'Resolved' + (when ? ' at ' + when : '') + '.';
    case 'alert.acknowledged': return 'Acknowledged' + (when ? ' at ' + when : '') + '.';
    case 'alert.unacknowledged': return 'Nobody has acknowledged this alert yet' + (when ? ' (' + when + ')' : '') + '. Open to acknowledge.';
    default: return 'Open to see the evidence and acknowledge' + (when ? ' · ' + when : '') + '.';
  }
}

// Only what still needs someone stays on screen until dismissed.
const NEEDS_ACTION = new Set(['alert.raised', 'alert.escalated', 'alert.unacknowledged']);

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let n = {};
  try {
    n = event.data ? event.data.json() : {};
  } catch (e) {
    n = { condition: 'ALERT', type: 'alert' };
  }
  const urgent = (n.severity === 'HIGH' || n.severity === 'CRITICAL') && NEEDS_ACTION.has(n.type);
  const options = {
    body: bodyOf(n),
    tag: n.alertId || n.id || 'portwatch',
    // A new notice about the same alert replaces the old one but still alerts the clinician.
    renotify: !!n.alertId,
    requireInteraction: urgent,
    icon: '/icon.svg',
    badge: '/icon.svg',
    data: { link: n.link || '/' }
  };
  event.waitUntil(self.registration.showNotification(titleOf(n), options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.link) || '/', self.location.origin);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (new URL(client.url).origin === target.origin && 'focus' in client) {
        if ('navigate' in client && client.url !== target.href) await client.navigate(target.href);
        return client.focus();
      }
    }
    return self.clients.openWindow(target.href);
  })());
});
