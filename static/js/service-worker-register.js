// Registers the service worker named by this script's data-service-worker attribute (/sw.js)
// for the whole site: it makes the site installable and shows a plain offline page when the
// network is gone. Without service workers (or JavaScript) the site works just the same.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  var worker = script.dataset.serviceWorker;
  // After the page has loaded, so that the worker's own downloads never slow the page down.
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {
      // Refused (a private window, a browser setting): nothing is lost but the offline page.
    });
  });
})();
