// Notifications on this device: the one part of the Meldingen page that needs JavaScript.
// Permission is asked only from the button (a user gesture: iOS and Chrome require it).
// The subscription goes to the server as JSON, with the CSRF token in a header.
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) { return; }
  var button = box.querySelector("[data-push-button]");
  var STORED = "kring-push-endpoint";  // this browser's endpoint, to withdraw it later
  box.querySelector("[data-push-nojs]").hidden = true;

  function show(state) {
    box.querySelectorAll("[data-push-state]").forEach(function (p) {
      p.hidden = p.getAttribute("data-push-state") !== state;
    });
  }

  function post(url, body, type) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": type, "X-CSRFToken": box.getAttribute("data-csrf") },
      body: body
    });
  }

  function forget(endpoint) {
    // Permission withdrawn or the subscription gone: the server stops sending to it.
    localStorage.removeItem(STORED);
    var form = new URLSearchParams({ endpoint: endpoint });
    return post(box.getAttribute("data-unsubscribe-url"), form.toString(),
      "application/x-www-form-urlencoded").catch(function () {});
  }

  function keyBytes(base64url) {
    var text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(text, function (c) { return c.charCodeAt(0); });
  }

  function markThisDevice(endpoint) {
    var known = false;
    document.querySelectorAll("li[data-endpoint]").forEach(function (li) {
      var mine = li.getAttribute("data-endpoint") === endpoint;
      li.querySelector("[data-this-device]").hidden = !mine;
      known = known || mine;
    });
    return known;
  }

  // A browser whose push service cannot be reached may never answer subscribe(): after
  // this long the page says so instead of "one moment" for minutes. The clock starts
  // after the permission question, which the member may take her time over.
  var PATIENCE_MS = 15000;

  function within(promise) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("timeout")); }, PATIENCE_MS);
      promise.then(function (value) { clearTimeout(timer); resolve(value); },
        function (error) { clearTimeout(timer); reject(error); });
    });
  }

  function subscribe() {
    button.disabled = true;
    show("working");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { show("denied"); return null; }
      return within(navigator.serviceWorker.register("/sw.js")
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(box.getAttribute("data-key"))
          });
        })
        .then(function (subscription) {
          return post(box.getAttribute("data-subscribe-url"), JSON.stringify(subscription),
            "application/json").then(function (response) {
            if (!response.ok) { throw new Error("refused"); }
            localStorage.setItem(STORED, subscription.endpoint);
            window.location.reload();  // the list of devices, with this one in it
          });
        }));
    }).catch(function (error) {
      show(error && error.message === "timeout" ? "timeout" : "failed");
      button.disabled = false;
    });
  }

  var ios = /iPad|iPhone|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  var standalone = navigator.standalone === true ||
    window.matchMedia("(display-mode: standalone)").matches;
  var capable = "serviceWorker" in navigator && "PushManager" in window &&
    "Notification" in window;

  if (ios && !standalone) { show("ios-home-screen"); return; }
  if (!capable) { show(ios ? "ios-too-old" : "unsupported"); return; }

  var stored = localStorage.getItem(STORED);
  if (Notification.permission === "denied") {
    show("denied");
    if (stored) { forget(stored); }
    return;
  }
  button.hidden = false;
  button.addEventListener("click", subscribe);
  navigator.serviceWorker.getRegistration().then(function (registration) {
    return registration ? registration.pushManager.getSubscription() : null;
  }).then(function (subscription) {
    if (subscription && Notification.permission === "granted" &&
        markThisDevice(subscription.endpoint)) {
      show("on");
      button.hidden = true;
    } else if (!subscription && stored) {
      forget(stored);  // the browser dropped it (permission reset): so does the server
    }
  }).catch(function () {});
}());
