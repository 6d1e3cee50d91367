// Quick exit: leave at once and replace this page in the history, so that "Back" does not
// return here. Without JavaScript the link still works as an ordinary link.
(function () {
  "use strict";
  var ESC_WINDOW_MS = 1500;
  var lastEscape = 0;

  function leave(url) {
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    window.location.replace(url);
  }

  function target() {
    var link = document.getElementById("quick-exit");
    return link ? link.getAttribute("data-quick-exit-url") : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quick-exit");
    if (!link) return;
    event.preventDefault();
    leave(target());
  });

  // Esc pressed twice in quick succession leaves, from anywhere on the page.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < ESC_WINDOW_MS && target()) {
      leave(target());
    }
    lastEscape = now;
  });
})();
