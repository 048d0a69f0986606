// Text size controls and the print button; the page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "icc-text-size";
  var SIZES = [87.5, 100, 112.5, 125, 150];
  root.classList.remove("no-js");

  function stored() {
    try { return parseFloat(window.localStorage.getItem(KEY)) || 100; } catch (e) { return 100; }
  }
  function apply(size) {
    root.style.setProperty("--text-scale", String(size / 100));
    try { window.localStorage.setItem(KEY, String(size)); } catch (e) { /* private mode */ }
  }
  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".text-size").forEach(function (group) { group.hidden = false; });
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var index = SIZES.indexOf(stored());
        if (index < 0) { index = 1; }
        index += button.getAttribute("data-text-size") === "larger" ? 1 : -1;
        apply(SIZES[Math.max(0, Math.min(SIZES.length - 1, index))]);
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
