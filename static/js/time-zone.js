// Fills hidden time-zone fields with the browser's IANA zone (e.g. "Europe/Paris").
// Without JavaScript the field stays empty and the server keeps UTC until the person picks one.
document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
  if (input.value) return;
  try {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    input.value = "";
  }
});
