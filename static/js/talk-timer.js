// The talk page's optional half-hour timer. Without this script the section stays hidden and
// the page is complete. It counts minutes, not seconds, and says once when thirty have passed:
// nothing flashes, rings or counts down (docs/design.md). Its words come translated from the
// section's data- attributes (templates/talks/talk.html).
(function () {
  "use strict";
  const section = document.querySelector("[data-talk-timer]");
  if (!section) return;
  const text = section.dataset;
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
    display.textContent = gone === 1 ? text.textMinute : text.textMinutes.replace("__N__", String(gone));
    if (gone >= MINUTES) {
      status.textContent = text.textPassed;
      window.clearInterval(interval);
      interval = null;
    }
  }

  start.addEventListener("click", function () {
    startedAt = Date.now();
    status.textContent = text.textRunning;
    start.hidden = true;
    stop.hidden = false;
    show();
    interval = window.setInterval(show, 15000);
  });

  stop.addEventListener("click", function () {
    window.clearInterval(interval);
    interval = null;
    startedAt = null;
    display.textContent = text.textIdle;
    status.textContent = text.textStopped;
    stop.hidden = true;
    start.hidden = false;
    start.focus();
  });

  section.hidden = false;
})();
