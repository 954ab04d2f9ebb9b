// The phone page updates itself when the trainer moves on: the server sends the page's key
// (stage, decision, vote open, revealed, ended) whenever it changes; a different key reloads.
// Served as a file (the Content-Security-Policy forbids inline script).
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var key = document.body.getAttribute("data-key");
  var source = new EventSource("events");
  source.onmessage = function (e) {
    if (key && e.data && e.data !== key) {
      source.close();
      window.location.replace(window.location.pathname);
    }
  };
})();
