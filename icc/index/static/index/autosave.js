// Save Index answers as people type. Without this file each form still saves with its button.
// Unsaved edits are kept in localStorage until the server confirms them, so a dropped
// connection or a closed tab loses nothing; a stale save shows both versions to choose from.
(function () {
  "use strict";
  var DELAY = 800;
  var RETRY = 5000;
  var lang = document.documentElement.lang || "en";
  var TEXT = {
    en: { saving: "Saving…", saved: "Saved", offline: "Not saved yet: no connection. Your answer is kept in this browser and will be sent when the connection returns.", restored: "Unsaved changes from your last visit were restored.", error: "Not saved: " },
    fr: { saving: "Enregistrement…", saved: "Enregistré", offline: "Pas encore enregistré : pas de connexion. Votre réponse est gardée dans ce navigateur et sera envoyée au retour de la connexion.", restored: "Les modifications non enregistrées de votre dernière visite ont été restaurées.", error: "Non enregistré : " }
  }[lang.slice(0, 2)] || null;
  if (!TEXT) { TEXT = { saving: "Saving…", saved: "Saved", offline: "Not saved yet: no connection.", restored: "Unsaved changes were restored.", error: "Not saved: " }; }

  function fields(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version") { params.append(name, value); }
    });
    return params.toString();
  }
  function store(form) {
    try {
      localStorage.setItem(form.dataset.key, JSON.stringify({
        version: Number(form.dataset.version), fields: fields(form), at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the save still goes to the server */ }
  }
  function stored(form) {
    try { return JSON.parse(localStorage.getItem(form.dataset.key) || "null"); } catch (e) { return null; }
  }
  function forget(form) { try { localStorage.removeItem(form.dataset.key); } catch (e) { /* ignore */ } }
  function restore(form, saved) {
    var params = new URLSearchParams(saved.fields);
    var values = params.getAll("value");
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version" || el.type === "hidden") { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) >= 0; }
      else if (params.has(el.name)) { el.value = params.get(el.name); }
    });
  }
  function status(form, text) {
    var el = form.querySelector("[data-save-status]");
    if (el) { el.textContent = text; }
  }
  function setVersion(form, version) {
    form.dataset.version = String(version);
    form.querySelector("input[name=version]").value = String(version);
  }

  function save(form) {
    var state = form._autosave;
    if (state.inFlight) { state.again = true; return; }
    state.inFlight = true;
    state.again = false;
    state.dirty = false;
    var sent = fields(form);
    status(form, TEXT.saving);
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      state.inFlight = false;
      if (result.status === 200) {
        setVersion(form, result.body.version);
        form.querySelector("[data-conflict]").hidden = true;
        if (fields(form) === sent && !state.again) { forget(form); } else { store(form); save(form); return; }
        status(form, TEXT.saved + " " + new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }));
        var progress = document.querySelector("[data-area-progress]");
        if (progress && result.body.progress) {
          progress.textContent = progress.textContent.replace(/\d+(\D+)\d+/, result.body.progress.answered + "$1" + result.body.progress.total);
        }
        // The sidebar's count of every area, since one answer can change what applies elsewhere.
        Object.keys(result.body.areas || {}).forEach(function (area) {
          var count = document.querySelector('[data-area-count="' + area + '"]');
          if (count) { count.textContent = result.body.areas[area].answered + "/" + result.body.areas[area].total; }
        });
      } else if (result.status === 409) {
        showConflict(form, result.body);
        status(form, "");
      } else {
        status(form, TEXT.error + (result.body.error || result.status));
      }
    }).catch(function () {
      state.inFlight = false;
      state.dirty = true;
      status(form, TEXT.offline);
      window.setTimeout(function () { if (state.dirty) { save(form); } }, RETRY);
    });
  }

  function showConflict(form, body) {
    var box = form.querySelector("[data-conflict]");
    box.querySelector("[data-conflict-message]").textContent = body.message;
    var theirs = body.theirs.display;
    if (body.theirs.evidence_text) { theirs += " — " + body.theirs.evidence_text; }
    if (body.theirs.updated_by) { theirs += " (" + body.theirs.updated_by + ")"; }
    var mine = body.mine.display;
    if (body.mine.evidence_text) { mine += " — " + body.mine.evidence_text; }
    box.querySelector("[data-conflict-theirs]").textContent = theirs;
    box.querySelector("[data-conflict-mine]").textContent = mine;
    box.hidden = false;
    box._theirsVersion = body.theirs.version;
  }

  function setUp(form) {
    form._autosave = { timer: null, inFlight: false, again: false, dirty: false };
    var state = form._autosave;
    function changed() {
      state.dirty = true;
      store(form);
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(function () { save(form); }, DELAY);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(state.timer); save(form); });
    form.querySelector("[data-keep-mine]").addEventListener("click", function () {
      var box = form.querySelector("[data-conflict]");
      setVersion(form, box._theirsVersion);
      box.hidden = true;
      save(form);
    });
    form.querySelector("[data-take-theirs]").addEventListener("click", function () {
      forget(form);
      window.location.reload();
    });
    var saved = stored(form);
    if (saved) {
      if (saved.fields === fields(form)) { forget(form); return; }
      restore(form, saved);
      setVersion(form, saved.version);
      status(form, TEXT.restored);
      save(form);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-autosave]");
    forms.forEach(setUp);
    window.addEventListener("online", function () {
      forms.forEach(function (form) { if (form._autosave.dirty) { save(form); } });
    });
    window.addEventListener("pagehide", function () {
      forms.forEach(function (form) {
        if (form._autosave.dirty && navigator.sendBeacon) { navigator.sendBeacon(form.action, new FormData(form)); }
      });
    });
  });
})();
