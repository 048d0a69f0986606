// Text size, the account menu, scroll regions, filters on phones and the print button;
// the page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "icc-text-size";
  // Up to 200 %: WCAG 1.4.4 asks for text enlarged that far without loss.
  var SIZES = [87.5, 100, 112.5, 125, 150, 175, 200];
  var NARROW = "(max-width: 48rem)";
  root.classList.remove("no-js");

  function stored() {
    try { return parseFloat(window.localStorage.getItem(KEY)) || 100; } catch (e) { return 100; }
  }
  function apply(size) {
    root.style.setProperty("--text-scale", String(size / 100));
    try { window.localStorage.setItem(KEY, String(size)); } catch (e) { /* private mode */ }
  }
  apply(stored());

  // A button at the end of the scale says so, instead of silently doing nothing.
  function showLimit(group) {
    var size = stored();
    var status = group.querySelector("[data-text-size-status]");
    group.querySelectorAll("[data-text-size]").forEach(function (button) {
      var larger = button.getAttribute("data-text-size") === "larger";
      var atEnd = larger ? size >= SIZES[SIZES.length - 1] : size <= SIZES[0];
      button.setAttribute("aria-disabled", atEnd ? "true" : "false");
    });
    if (status) {
      var message = "";
      if (size >= SIZES[SIZES.length - 1]) { message = status.getAttribute("data-largest"); }
      if (size <= SIZES[0]) { message = status.getAttribute("data-smallest"); }
      status.textContent = message || "";
    }
  }

  // A scroll region is a tab stop only while it has something to scroll.
  function markScrollRegions() {
    document.querySelectorAll(".table-scroll[role=region]").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }

  // Escape closes the account menu and gives focus back to it; leaving it closes it,
  // so it does not stay open over the controls after it.
  function closeOnLeave(menu) {
    var summary = menu.querySelector("summary");
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        summary.focus();
      }
    });
    menu.addEventListener("focusout", function (event) {
      if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) {
        menu.open = false;
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".text-size").forEach(function (group) {
      group.hidden = false;
      showLimit(group);
    });
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var index = SIZES.indexOf(stored());
        if (index < 0) { index = 1; }
        index += button.getAttribute("data-text-size") === "larger" ? 1 : -1;
        apply(SIZES[Math.max(0, Math.min(SIZES.length - 1, index))]);
        showLimit(button.closest(".text-size"));
        markScrollRegions();
      });
    });
    document.querySelectorAll("details.account-menu").forEach(closeOnLeave);
    // On a phone the filters fold away, so the results come first.
    if (window.matchMedia(NARROW).matches) {
      document.querySelectorAll("details[data-fold-on-phone]").forEach(function (details) {
        details.open = false;
      });
    }
    markScrollRegions();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; markScrollRegions(); });
    });
    document.addEventListener("submit", confirmFirst);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // --- Confirmation before actions that cannot be undone (components/confirm_form.html) ---
  // A form with data-confirm asks its question in a modal dialog; only "yes" sends it.
  function confirmFirst(event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm") || form.dataset.confirmed) { return; }
    if (typeof HTMLDialogElement !== "function") { return; }
    event.preventDefault();
    var opener = event.submitter || document.activeElement;
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-question");
    var question = document.createElement("p");
    question.id = "confirm-question";
    question.textContent = form.dataset.confirm;
    var choices = document.createElement("form");
    choices.method = "dialog";
    choices.className = "actions";
    var yes = document.createElement("button");
    yes.className = "button";
    yes.value = "yes";
    yes.textContent = form.dataset.confirmYes;
    var no = document.createElement("button");
    no.className = "link-button";
    no.value = "no";
    no.autofocus = true;
    no.textContent = form.dataset.confirmNo;
    choices.append(yes, no);
    dialog.append(question, choices);
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (dialog.returnValue === "yes") {
        form.dataset.confirmed = "1";
        form.submit();
      } else if (opener && opener.focus) {
        opener.focus();
      }
    });
    document.body.append(dialog);
    dialog.showModal();
  }
})();
