// The offline queue: "ik kan niet komen" and new reflections made without a connection
// wait in IndexedDB until they can be sent. Pages load this file, and the server writes
// it into the service worker's script for Background Sync; both may send at the same time,
// which is safe because the server accepts each idempotency key once.
(function (scope) {
  "use strict";
  var DB_NAME = "kring";
  var STORE = "queue";
  var TOKEN_URL = "/offline/token";
  var sending = null;

  function withStore(mode, work) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore(STORE, { keyPath: "key" });
      };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result;
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      };
    });
  }

  function all() { return withStore("readonly", function (store) { return store.getAll(); }); }
  function put(entry) { return withStore("readwrite", function (store) { return store.put(entry); }); }
  function remove(key) { return withStore("readwrite", function (store) { return store.delete(key); }); }

  // An action as the form would have posted it, minus the CSRF token (fetched fresh
  // when it is sent: the one in a kept page may have expired by then).
  function add(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token") { fields.push([name, String(value)]); }
    });
    var entry = {
      key: scope.crypto.randomUUID(),
      url: form.action,
      fields: fields,
      label: form.getAttribute("data-queue"),
      state: "waiting",
      at: Date.now()
    };
    return put(entry).then(function () { return entry; });
  }

  // sent: done (or done before: a replay); failed: the server refused it for good
  // (the meeting started, the text was not valid); signin: sign in first; anything
  // else (no connection, a server error) leaves it waiting for the next try.
  function send(entry) {
    return fetch(TOKEN_URL, { credentials: "same-origin", cache: "no-store" }).then(function (answer) {
      if (answer.status === 401) { return "signin"; }
      if (!answer.ok) { return "waiting"; }
      return answer.json().then(function (data) {
        var body = new URLSearchParams(entry.fields);
        body.set("csrf_token", data.csrf_token);
        return fetch(entry.url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          redirect: "manual",
          headers: { "Idempotency-Key": entry.key }
        });
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.ok) { return "sent"; }
        if (response.status >= 400 && response.status < 500) { return "failed"; }
        return "waiting";
      });
    }).catch(function () { return "waiting"; });
  }

  function sendEach(entries, index, sent) {
    if (index >= entries.length) { return Promise.resolve(sent); }
    var entry = entries[index];
    if (entry.state === "failed") { return sendEach(entries, index + 1, sent); }
    return send(entry).then(function (state) {
      if (state === "sent") {
        sent.push(entry);
        return remove(entry.key);
      }
      entry.state = state;
      return put(entry);
    }).then(function () { return sendEach(entries, index + 1, sent); });
  }

  // Send everything that waits, one at a time; resolves with what was sent.
  function replay() {
    if (!sending) {
      sending = all().then(function (entries) { return sendEach(entries, 0, []); })
        .then(function (sent) { sending = null; return sent; },
              function (error) { sending = null; throw error; });
    }
    return sending;
  }

  scope.KringQueue = { add: add, all: all, remove: remove, replay: replay };
}(self));
