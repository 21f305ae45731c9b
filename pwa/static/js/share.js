// Progressive enhancement for the supporter link: the phone's share sheet where the
// browser has one, and a copy button. Without JavaScript the link is there to copy.
(function () {
  "use strict";
  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    var url = button.getAttribute("data-share-url");
    if (button.hasAttribute("data-copy")) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          button.textContent = button.getAttribute("data-done");
        });
      });
      return;
    }
    if (!navigator.share) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.getAttribute("data-title"), url: url }).catch(function () {});
    });
  });
}());
