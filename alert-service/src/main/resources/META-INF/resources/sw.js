// Portwatch service worker: shows the care team's push notifications while the dashboard is closed.
// The payload is the server's minimal notice (no clinical values): type, condition, severity,
// initials and a link back to the alert.
'use strict';

const CONDITION_NAMES = {
  FEVER: 'FEVER',
  TACHYCARDIA: 'RACING HEART',
  SEPSIS_RISK: 'SEPSIS RISK',
  NO_DATA: 'NO DATA'
};

function titleOf(n) {
  const what = (n.severity ? n.severity + ' ' : '') + (CONDITION_NAMES[n.condition] || n.condition || 'ALERT');
  const who = n.patientLabel ? ' — ' + n.patientLabel : '';
  if (n.type === 'alert.unacknowledged') return 'UNACKNOWLEDGED ' + what + who;
  if (n.type === 'alert.resolved') return what + ' resolved' + who;
  if (n.type === 'alert.escalated') return 'ESCALATED ' + what + who;
  return what + who;
}

function bodyOf(n) {
  const when = n.occurredAt ? new Date(n.occurredAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  if (n.type === 'alert.resolved') return 'Resolved' + (when ? ' at ' + when : '') + '.';
  if (n.type === 'alert.unacknowledged') return 'Nobody has acknowledged this alert yet' + (when ? ' (' + when + ')' : '') + '. Open to acknowledge.';
  return 'Open to see the evidence and acknowledge' + (when ? ' · ' + when : '') + '.';
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let n = {};
  try {
    n = event.data ? event.data.json() : {};
  } catch (e) {
    n = { condition: 'ALERT', type: 'alert' };
  }
  const urgent = n.severity === 'HIGH' || n.severity === 'CRITICAL';
  const options = {
    body: bodyOf(n),
    tag: n.alertId || n.id || 'portwatch',
    // A new notice about the same alert replaces the old one but still alerts the clinician.
    renotify: !!n.alertId,
    requireInteraction: urgent && n.type !== 'alert.resolved',
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
