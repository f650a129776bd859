// The talk page's optional half-hour timer. Without this script the section stays hidden and
// the page is complete. It counts minutes, not seconds, and says once when thirty have passed:
// nothing flashes, rings or counts down (docs/design.md).
(function () {
  "use strict";
  const section = document.querySelector("[data-talk-timer]");
  if (!section) return;
  const display = section.querySelector("[data-timer-display]");
  const status = section.querySelector("[data-timer-status]");
  const start = section.querySelector("[data-timer-start]");
  const stop = section.querySelector("[data-timer-stop]");
  const MINUTES = 30;
  let startedAt = null;
  let interval = null;

  function minutesGone() {
    return Math.floor((Date.now() - startedAt) / 60000);
  }

  function show() {
    const gone = Math.min(minutesGone(), MINUTES);
    display.textContent = gone === 1 ? "1 minute of 30" : gone + " minutes of 30";
    if (gone >= MINUTES) {
      status.textContent = "Half an hour has passed. Stop here, or go on if you both want to.";
      window.clearInterval(interval);
      interval = null;
    }
  }

  start.addEventListener("click", function () {
    startedAt = Date.now();
    status.textContent = "The timer is running.";
    start.hidden = true;
    stop.hidden = false;
    show();
    interval = window.setInterval(show, 15000);
  });

  stop.addEventListener("click", function () {
    window.clearInterval(interval);
    interval = null;
    startedAt = null;
    display.textContent = MINUTES + " minutes";
    status.textContent = "The timer is stopped.";
    stop.hidden = true;
    start.hidden = false;
    start.focus();
  });

  section.hidden = false;
})();
