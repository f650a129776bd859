// The service worker, served at /sw.js so that its scope is the whole site (pages.views).
//
// It stores only what everybody gets alike: the offline page, fetched without cookies (as
// nobody), and the static files that page uses. It never stores a page someone signed in sees,
// an answer or a note, and it writes nothing while the site is used: pages, forms, downloads
// and Quick exit's log-out go to the network exactly as without it. It steps in only when the
// network fails: a page that cannot be reached shows the offline page, and the offline page's
// own styles and icons come from what it stored. It also shows reminders sent by web push.
"use strict";

var CACHE = "offline-v1";
var OFFLINE_URL = "/offline/";
var STATIC_PREFIX = "/static/"; // settings.STATIC_URL

async function storeOfflinePage() {
  // No cookies: the stored copy is the page as a signed-out visitor gets it, whoever is
  // signed in on this phone.
  var response = await fetch(OFFLINE_URL, { credentials: "omit", cache: "no-store" });
  if (!response.ok || response.redirected) {
    throw new Error("the offline page answered " + response.status);
  }
  var html = await response.clone().text();
  // The page's own stylesheets, icons and scripts, by the names this deploy gives them.
  var assets = new Set();
  for (var match of html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)) {
    assets.add(new URL(match[1], self.location.origin).href);
  }
  var cache = await caches.open(CACHE);
  await cache.addAll(Array.from(assets));
  await cache.put(OFFLINE_URL, response);
  // What an earlier deploy stored and this one's offline page no longer uses.
  var wanted = new Set(assets).add(new URL(OFFLINE_URL, self.location.origin).href);
  for (var request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener("install", function (event) {
  event.waitUntil(storeOfflinePage().then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    // Caches of an earlier version of this worker, under another name.
    for (var name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    // Pages open now get the offline page too, not only those opened after this one.
    await self.clients.claim();
  })());
});

async function offlinePage(error) {
  var page = await caches.match(OFFLINE_URL, { cacheName: CACHE, ignoreVary: true });
  if (page) return page;
  throw error;
}

async function storedStaticFile(request, error) {
  var file = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
  if (file) return file;
  throw error;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // Forms, the log-out beacon, anything but a GET: not the worker's business.
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The network's answer, as it is (redirects and downloads included); the offline page
    // only when there is no answer at all.
    event.respondWith(fetch(request).catch(offlinePage));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(fetch(request).catch(function (error) {
      return storedStaticFile(request, error);
    }));
  }
  // Anything else is left to the browser, untouched.
});

// Reminders by web push (reminders.push.notification): {"title", "body", "url"}, the
// site's name, one bland line and where a tap leads. Shown as it came; nothing is stored.
self.addEventListener("push", function (event) {
  var message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  // A push must show something (the browser would say "updated in the background" instead);
  // ours always carry a title, and one without falls back to the site's address, which reads
  // the same in every language.
  event.waitUntil(self.registration.showNotification(message.title || self.location.host, {
    body: message.body || "",
    data: { url: message.url || "/" },
  }));
});

// A tap opens where the notification points, on this site only: a window of the site already
// open is brought forward there, or a new one opens.
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data || {}).url || "/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil((async function () {
    // The site's windows this worker answers for.
    var windows = await self.clients.matchAll({ type: "window" });
    if (windows.length) {
      try {
        await windows[0].focus();
        return await windows[0].navigate(target.href);
      } catch (error) {
        // Refused (the window went away meanwhile): a new window, as if none were open.
      }
    }
    return self.clients.openWindow(target.href);
  })());
});
