// The supporter's page on their own phone: registers the link's own worker (scope: the
// link), so the page can be added to the home screen and read offline. Without
// JavaScript, or without service workers, the page works as a plain page.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) { return; }
  navigator.serviceWorker.register(script.getAttribute("data-worker"), {
    scope: script.getAttribute("data-scope")
  }).catch(function () { /* the page works on */ });
}());
