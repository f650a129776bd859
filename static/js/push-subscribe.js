// Notifications: shows the button only where the browser can receive web push, asks for the
// browser's permission only after the person presses it, and sends the subscription (where to
// push, and the keys that encrypt each message) to the server.
(function () {
  "use strict";
  var box = document.querySelector("[data-push-enable]");
  if (!box) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  // The words it shows come from the page (templates/accounts/push_devices.html), translated.
  var text = {
    asking: box.dataset.textAsking,
    on: box.dataset.textOn,
    refused: box.dataset.textRefused,
    failed: box.dataset.textFailed,
  };
  var button = box.querySelector("[data-push-button]");
  var status = box.querySelector("[data-push-status]");
  box.querySelector("[data-push-unsupported]").hidden = true;
  button.hidden = false;

  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/");
    padded += "===".slice((padded.length + 3) % 4);
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = text.asking;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("permission");
        return navigator.serviceWorker.register("/sw.js").then(function () {
          return navigator.serviceWorker.ready;
        });
      })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.vapidKey),
        });
      })
      .then(function (subscription) {
        return fetch(box.dataset.addUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
          body: JSON.stringify(subscription.toJSON()),
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("server");
        status.textContent = text.on;
        window.location.reload();
      })
      .catch(function (error) {
        button.disabled = false;
        status.textContent = error.message === "permission" ? text.refused : text.failed;
      });
  });
})();
