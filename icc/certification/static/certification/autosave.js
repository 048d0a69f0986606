// Save the self-assessment a moment after each change, sending the form with its version.
(function () {
  "use strict";
  var form = document.getElementById("self-assessment");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  function save() {
    var data = new FormData(form);
    data.delete("submit");
    fetch(form.dataset.autosave, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-Autosave": "1", "X-Requested-With": "XMLHttpRequest"}
    }).then(function (response) { return response.json(); }).then(function (body) {
      if (body.saved) {
        form.elements.version.value = body.version;
        status.textContent = status.dataset.saved || form.dataset.savedText || "✓";
      } else {
        status.textContent = (body.errors || []).join(" ");
      }
    }).catch(function () { status.textContent = ""; });
  }
  form.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 800);
  });
})();
