// The worker of one supporter link, plain JavaScript; its scope is the link itself.
// The server writes `KRING_LINK` above this source (version, the page's address, the
// files it needs): see server/plan/supporter_app.py. Nothing of the member's app.
//
// The page and its manifest: network first, and the copy kept on this phone when there
// is no network (or it is too slow), the page with the offline note shown. When the link answers 404 or 410
// (stopped or expired), the kept copy is deleted and this worker unregisters itself:
// nothing of the plan stays on the phone.
"use strict";

var CACHE = "kring-link " + self.registration.scope;
var NETWORK_TIMEOUT_MS = 5000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(KRING_LINK.files);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  // Files of an earlier version go; the kept page stays.
  var wanted = KRING_LINK.files.map(function (file) { return new URL(file, self.location.origin).href; });
  var kept = [KRING_LINK.page, KRING_LINK.manifest].map(function (path) {
    return new URL(path, self.location.origin).href;
  });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (request) {
        return kept.indexOf(request.url) === -1 && wanted.indexOf(request.url) === -1;
      }).map(function (request) { return cache.delete(request); }));
    });
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") { return; }
  if ((request.mode === "navigate" && url.pathname === KRING_LINK.page) ||
      url.pathname === KRING_LINK.manifest) {
    event.respondWith(networkFirst(event, url.pathname));
  } else if (KRING_LINK.files.indexOf(url.pathname + url.search) !== -1) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) { return hit || fetch(request); });
    }));
  }
});

function networkFirst(event, path) {
  var network = fetch(event.request).then(function (response) {
    event.waitUntil(remember(path, response.clone()));
    return response;
  });
  var timeout = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("slow network")); }, NETWORK_TIMEOUT_MS);
  });
  return Promise.race([network, timeout]).then(function (response) {
    return response.status >= 500 ? kept(path, response) : response;
  }).catch(function () { return kept(path, null); });
}

function remember(path, response) {
  if (response.status === 404 || response.status === 410) { return forget(); }
  if (response.status !== 200) { return Promise.resolve(); }
  return caches.open(CACHE).then(function (cache) { return cache.put(path, response); });
}

// The link no longer works: the kept copy and this worker go.
function forget() {
  return caches.delete(CACHE).then(function () { return self.registration.unregister(); });
}

function kept(path, failed) {
  return caches.open(CACHE).then(function (cache) { return cache.match(path); }).then(function (copy) {
    if (!copy) { return failed || Response.error(); }
    if (path !== KRING_LINK.page) { return copy; }
    return copy.text().then(function (html) {
      var shown = html.replace("data-offline-note hidden", "data-offline-note");
      return new Response(shown, { status: 200, headers: copy.headers });
    });
  });
}
