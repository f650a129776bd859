// Chooses the browser's own IANA zone (e.g. "Europe/Paris") in a time-zone select that the
// server preselected from the browser's language. Without JavaScript that guess stays, visible
// and changeable; a zone the list does not have leaves it too.
document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (zone && select.querySelector('option[value="' + CSS.escape(zone) + '"]')) {
    select.value = zone;
  }
});
