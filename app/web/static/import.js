// While an import runs, reload its page every 1.5 s so status and progress follow it.
// Without JavaScript the page has a refresh link.
(function () {
  "use strict";
  if (!document.querySelector("[data-import-running]")) return;
  window.setTimeout(function () { window.location.reload(); }, 1500);
})();
