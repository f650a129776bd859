// Quick exit: the button (or Escape pressed three times within two seconds) logs out in the
// background and replaces this page with a neutral site, without adding a history entry.
(function () {
  "use strict";
  var link = document.querySelector("a.quick-exit");
  if (!link) return;
  var logoutForm = document.querySelector("form[data-logout]");

  function leave(event) {
    if (event) event.preventDefault();
    if (logoutForm && navigator.sendBeacon) {
      navigator.sendBeacon(logoutForm.action, new FormData(logoutForm));
    }
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 2000; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
