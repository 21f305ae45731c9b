// Kring's service worker, plain JavaScript. The server writes `KRING` (version, precache
// list, offline page) and the offline queue (js/queue.js, for Background Sync) above
// this source: see server/offline/assets.py.
//
// Static files: cache-first; their URLs carry a content hash, so a cached copy is
// never stale. Pages: network first; only pages the server marks with
// `X-Kring-Offline: keep` (schedule, plan, current homework) are stored, and they
// open from the device when the network is gone or too slow, with the offline notice.
"use strict";

var STATIC_CACHE = "kring-static-" + KRING.version;
var PAGES_CACHE = "kring-pages";
var NETWORK_TIMEOUT_MS = 4000;
var MAX_KEPT_AHEAD = 12;
// Posting to these starts or ends a sign-in: whatever was kept for the last person goes.
var SIGN_IN_OR_OUT = /^\/(login|login\/code|login\/setup|logout)$/;

// The page that registered the worker has just loaded most of these: a static URL
// carries its file's hash, so the copy in the browser's HTTP cache is the right one
// and is taken as it is ("force-cache": no second download, no 304 round trip).
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll(KRING.precache.map(function (url) {
      return new Request(url, { cache: url.indexOf("/static/") === 0 ? "force-cache" : "default" });
    }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("kring-static-") === 0 && name !== STATIC_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === "skip-waiting") {
    self.skipWaiting();
  } else if (message.type === "keep") {
    event.waitUntil(keepAhead(message.urls || []));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "kring-queue") {
    event.waitUntil(self.KringQueue.replay().then(tellPages));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  // A supporter's link is no page of the member's app: never served or kept from here
  // (the link has a worker of its own, pwa/supporter-sw.js).
  if (url.origin !== self.location.origin || url.pathname.indexOf("/s/") === 0) { return; }
  if (request.method === "POST" && SIGN_IN_OR_OUT.test(url.pathname)) {
    event.waitUntil(forgetPages());
  } else if (request.method === "GET" && url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (request.method === "GET" && request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  }
});

function cacheFirst(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
    });
  });
}

function networkFirst(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    event.waitUntil(remember(request.url, response.clone()));
    return response;
  });
  var timeout = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("slow network")); }, NETWORK_TIMEOUT_MS);
  });
  return Promise.race([network, timeout]).then(function (response) {
    return response.status >= 500 ? fromDevice(request.url, response) : response;
  }).catch(function () { return fromDevice(request.url, null); });
}

// The server says per answer what may stay on this device.
function remember(url, response) {
  var mark = response.headers.get("X-Kring-Offline");
  if (mark === "forget") { return forgetPages(); }
  if (mark !== "keep" || response.status !== 200) { return Promise.resolve(); }
  return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(url, response); });
}

function forgetPages() {
  return caches.delete(PAGES_CACHE);
}

// The kept copy with its "offline — bijgewerkt om ..." notice shown, else the offline page.
function fromDevice(url, failed) {
  return caches.open(PAGES_CACHE).then(function (cache) { return cache.match(url); }).then(function (kept) {
    if (kept) {
      return kept.text().then(function (html) {
        // Each time a kept page is shown its forms get new one-time keys: the kept
        // copy's keys may have been used already, and a new action must not replay.
        var shown = html.replace("data-offline-note hidden", "data-offline-note")
          .replace(/name="form_key" value="[0-9a-f]+"/g, function () {
            return 'name="form_key" value="' + self.crypto.randomUUID() + '"';
          });
        return new Response(shown, { status: 200, headers: kept.headers });
      });
    }
    return failed || caches.match(KRING.offlineUrl).then(function (page) {
      return page || Response.error();
    });
  });
}

// Pages linked from a kept page that are needed offline (a meeting and its "ik kan
// niet komen" form, the form for a new reflection): fetched once if not kept yet.
function keepAhead(urls) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(urls.slice(0, MAX_KEPT_AHEAD).map(function (url) {
      var address = new URL(url, self.location.origin);
      if (address.origin !== self.location.origin) { return null; }
      return cache.match(address.href).then(function (kept) {
        if (kept) { return null; }
        return fetch(address.href, { credentials: "same-origin", headers: { "X-Kring-Prefetch": "1" } })
          .then(function (response) { return remember(address.href, response); })
          .catch(function () { return null; });
      });
    }));
  });
}

function tellPages(sent) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage({ type: "queue-changed", sent: sent.length }); });
  });
}

// Push: the server sends {title, body, url, tag}, already in the member's language and
// discreet on a lock screen (server/push/notices.py). A tap opens the page it is about.
self.addEventListener("push", function (event) {
  var notice = {};
  try { notice = event.data ? event.data.json() : {}; } catch (error) { notice = {}; }
  event.waitUntil(self.registration.showNotification(notice.title || "Kring", {
    body: notice.body || "",
    tag: notice.tag,
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/monochrome-512.png",
    data: { url: notice.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL(event.notification.data.url, self.location.origin);
  if (target.origin !== self.location.origin) { target = new URL("/", self.location.origin); }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    var open = windows.filter(function (client) { return "focus" in client; })[0];
    if (open) { return open.navigate(target.href).then(function (client) { return client.focus(); }); }
    return self.clients.openWindow(target.href);
  }));
});

// The browser renewed the subscription: tell the server, or it would send to nothing.
self.addEventListener("pushsubscriptionchange", function (event) {
  var old = event.oldSubscription;
  var renewed = event.newSubscription ? Promise.resolve(event.newSubscription)
    : self.registration.pushManager.subscribe(old.options);
  event.waitUntil(renewed.then(function (subscription) {
    return fetch("/offline/token", { credentials: "same-origin" }).then(function (answer) {
      return answer.json();
    }).then(function (data) {
      return fetch("/notifications/subscribe", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf_token },
        body: JSON.stringify(subscription)
      });
    });
  }));
});
