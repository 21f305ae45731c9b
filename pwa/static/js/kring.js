// After a form comes back with errors, put the focus on the first field that needs a
// change: a screen reader then reads its label and the error tied to it.
(function () {
  "use strict";
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) { invalid.focus(); }
}());
