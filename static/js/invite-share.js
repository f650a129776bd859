// The invitation link on the partner page: a Share button where the browser has the Web Share
// API, and a Copy button where it can write to the clipboard. Both are in the page hidden, so
// without JavaScript (or without either API) the link stays as plain text to select and copy.
// Its words come translated from the box's data- attributes (templates/couples/partner.html).
(function () {
  "use strict";
  var box = document.querySelector("[data-invite-share]");
  if (!box) return;
  var link = box.querySelector("#invitation-link");
  var shareButton = box.querySelector("[data-share]");
  var copyButton = box.querySelector("[data-copy]");
  var status = box.querySelector("[data-share-status]");
  var url = link.textContent.trim();

  function say(text) {
    status.textContent = text;
  }

  function selectLink() {
    var range = document.createRange();
    range.selectNodeContents(link);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  var shareData = { title: shareButton.dataset.shareTitle, url: url };
  if (navigator.share && (!navigator.canShare || navigator.canShare(shareData))) {
    shareButton.hidden = false;
    shareButton.addEventListener("click", function () {
      navigator.share(shareData).catch(function (error) {
        // Closing the share sheet is not a failure.
        if (error && error.name === "AbortError") return;
        selectLink();
        say(box.dataset.textShareFailed);
      });
    });
  }

  if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(
        function () {
          say(box.dataset.textCopied);
        },
        function () {
          selectLink();
          say(box.dataset.textCopyFailed);
        }
      );
    });
  }
})();
