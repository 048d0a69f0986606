// Save barometer answers as the company types. Without this file the form still saves with its buttons.
(function () {
  "use strict";
  var DELAY = 700;
  var lang = (document.documentElement.lang || "en").slice(0, 2);
  var TEXT = {
    en: { saving: "Saving…", saved: "Saved", error: "Not saved: " },
    fr: { saving: "Enregistrement…", saved: "Enregistré", error: "Non enregistré : " }
  }[lang] || { saving: "Saving…", saved: "Saved", error: "Not saved: " };

  function csrf(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function answersOf(form) {
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q-") !== 0) { return; }
      var id = el.name.slice(2);
      if (el.type === "radio") {
        if (el.checked) { answers[id] = el.value; } else if (!(id in answers)) { answers[id] = null; }
      } else { answers[id] = el.value; }
    });
    Object.keys(answers).forEach(function (id) { if (answers[id] === null) { delete answers[id]; } });
    return answers;
  }
  function status(form, text) {
    var el = form.querySelector("[data-save-status]");
    if (el) { el.textContent = text; }
  }
  function save(form) {
    status(form, TEXT.saving);
    fetch(form.dataset.saveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(form), "Accept": "application/json" },
      body: JSON.stringify({ edition: form.dataset.edition, answers: answersOf(form) })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (result.status === 200) {
        status(form, TEXT.saved + " " + new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }));
      } else {
        var errors = result.body.errors || {};
        var first = Object.keys(errors)[0];
        status(form, TEXT.error + (first ? errors[first].join(" ") : ""));
      }
    }).catch(function () { status(form, TEXT.error); });
  }
  document.querySelectorAll("form[data-save-url]").forEach(function (form) {
    var timer = null;
    function later() { clearTimeout(timer); timer = setTimeout(function () { save(form); }, DELAY); }
    form.addEventListener("change", later);
    form.addEventListener("input", later);
  });
}());
