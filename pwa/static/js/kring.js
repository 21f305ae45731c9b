// Kring's page script. Every page works without it; it adds the offline copy of the
// schedule and the plan (through the service worker), the offline queue, the
// "nieuwe versie" prompt and the install hint.
(function () {
  "use strict";

  // After a form comes back with errors, put the focus on the first field that needs a
  // change: a screen reader then reads its label and the error tied to it.
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) { invalid.focus(); }

  // Back after sending a form draws it again, with a new one-time key, and the browser
  // puts back what was typed: give it the key it was sent with, so sending it again
  // acts once. (The server tells a changed text from a replay, so nothing is lost.)
  var SENT = "kring-sent:";
  document.addEventListener("submit", function (event) {
    var key = event.target.querySelector("input[name=form_key]");
    if (key) { remember(SENT + event.target.action, key.value); }
  }, true);
  var arrival = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (arrival && arrival.type === "back_forward") {
    document.querySelectorAll("form").forEach(function (form) {
      var key = form.querySelector("input[name=form_key]");
      var sent = key && recall(SENT + form.action);
      if (sent) { key.value = sent; }
    });
  }

  function remember(name, value) {
    try { sessionStorage.setItem(name, value); } catch (error) { /* private mode: no Back help */ }
  }

  function recall(name) {
    try { return sessionStorage.getItem(name); } catch (error) { return null; }
  }

  var worker = navigator.serviceWorker;
  var queueNote = document.querySelector("[data-queue-note]");

  if (worker) {
    worker.register("/sw.js").then(watchForUpdates).catch(function () { /* the site works on */ });
    worker.ready.then(keepLinkedPages);
    worker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") { showQueue(event.data.sent); }
    });
  }

  // A waiting new version is offered, not forced: a member may be typing.
  function watchForUpdates(registration) {
    if (registration.waiting && worker.controller) { offerUpdate(registration.waiting); }
    registration.addEventListener("updatefound", function () {
      var installing = registration.installing;
      installing.addEventListener("statechange", function () {
        if (installing.state === "installed" && worker.controller) { offerUpdate(installing); }
      });
    });
  }

  function offerUpdate(waiting) {
    var prompt = document.querySelector("[data-update-prompt]");
    if (!prompt) { return; }
    prompt.hidden = false;
    prompt.querySelector("[data-update-reload]").addEventListener("click", function () {
      worker.addEventListener("controllerchange", function () { window.location.reload(); });
      waiting.postMessage({ type: "skip-waiting" });
    });
  }

  function keepLinkedPages(registration) {
    var urls = [];
    // The tabs first (rooster and plan): the worker keeps only the first few links.
    var tabs = Array.from(document.querySelectorAll(".tabs [data-keep]"));
    tabs.concat(Array.from(document.querySelectorAll("main [data-keep]"))).forEach(function (link) {
      urls.push(link.href);
      if (link.getAttribute("data-keep")) { urls.push(link.getAttribute("data-keep")); }
    });
    if (urls.length && registration.active) { registration.active.postMessage({ type: "keep", urls: urls }); }
  }

  // Forms marked data-queue are kept for later when there is no connection.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine || !form.hasAttribute("data-queue") || !window.KringQueue) { return; }
    event.preventDefault();
    window.KringQueue.add(form).then(function () {
      form.reset();
      askForSync();
      showQueue(0);
      window.scrollTo(0, 0);  // the note saying it waits is at the top
    });
  });

  function askForSync() {
    if (!worker) { return; }
    worker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("kring-queue"); }
    }).catch(function () { /* the online event below sends it */ });
  }

  function sendQueue() {
    // Only a member's pages have the queue note; nobody else can have queued anything.
    if (!queueNote || !window.KringQueue || !navigator.onLine) { return; }
    window.KringQueue.replay().then(function (sent) { showQueue(sent.length); });
  }
  window.addEventListener("online", sendQueue);
  sendQueue();

  function showQueue(sent) {
    if (!queueNote || !window.KringQueue) { return; }
    window.KringQueue.all().then(function (entries) {
      var list = queueNote.querySelector("ul");
      list.textContent = "";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.textContent = entry.label + " — " + queueNote.getAttribute("data-" + entry.state);
        if (entry.state === "failed") { item.appendChild(forgetButton(entry)); }
        list.appendChild(item);
      });
      var done = queueNote.querySelector("[data-sent-note]");
      done.hidden = !sent;
      queueNote.hidden = !entries.length && !sent;
    });
  }
  showQueue(0);

  function forgetButton(entry) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = queueNote.getAttribute("data-remove");
    button.addEventListener("click", function () {
      window.KringQueue.remove(entry.key).then(function () { showQueue(0); });
    });
    return button;
  }

  // "Zet Kring op je beginscherm": once, unobtrusive, and gone for good when dismissed.
  var hint = document.querySelector("[data-install-hint]");
  var dismissedKey = "kring-install-hint";
  if (hint && !window.localStorage.getItem(dismissedKey)) {
    var standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone;
    var iOS = /iPhone|iPad|iPod/.test(navigator.userAgent);
    if (iOS && !standalone) {
      hint.querySelector("[data-install-ios]").hidden = false;
      hint.hidden = false;
    }
    window.addEventListener("beforeinstallprompt", function (event) {
      event.preventDefault();
      var button = hint.querySelector("[data-install-button]");
      button.hidden = false;
      hint.hidden = false;
      button.addEventListener("click", function () {
        event.prompt();
        event.userChoice.then(function () { hint.hidden = true; });
      });
    });
    hint.querySelector("[data-install-dismiss]").addEventListener("click", function () {
      window.localStorage.setItem(dismissedKey, "dismissed");
      hint.hidden = true;
    });
  }
}());
