/* Offline encounters: the form is sent with fetch; without signal it is kept in localStorage and sent once when
   the signal returns. The hidden client key makes the server record it once, however many times it arrives. */
(function () {
  "use strict";
  var form = document.querySelector("[data-offline-form]");
  if (!form || !window.fetch || !window.localStorage) return;
  var PREFIX = "accueil.outreach.pending:";
  var status = document.getElementById("offline-status");
  function say(text) { status.hidden = false; status.textContent = text; }
  function pendingKeys() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(PREFIX) === 0) keys.push(k);
    }
    return keys;
  }
  function showPending() {
    var n = pendingKeys().length;
    if (n) say(form.dataset.msgPending + " " + n);
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  function post(entries) {
    var body = new URLSearchParams();
    entries.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    });
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return;
    var keys = pendingKeys();
    if (!keys.length) return;
    flushing = true;
    var key = keys[0];
    post(JSON.parse(localStorage.getItem(key) || "[]")).then(function (response) {
      if (response.status < 500 && response.status !== 403) localStorage.removeItem(key);
      flushing = false;
      if (response.ok) say(form.dataset.msgSent);
      if (pendingKeys().length) flush(); else if (response.ok) say(form.dataset.msgSent);
    }, function () { flushing = false; showPending(); });
  }
  form.addEventListener("submit", function (event) {
    if (form.dataset.submitPlain) return;
    event.preventDefault();
    var entries = [];
    new FormData(form).forEach(function (value, name) { entries.push([name, String(value)]); });
    var keyField = form.querySelector("[name=client_key]");
    var queue = function () {
      localStorage.setItem(PREFIX + keyField.value, JSON.stringify(entries));
      say(form.dataset.msgQueued);
      form.reset();
      keyField.value = newKey();
    };
    if (!navigator.onLine) { queue(); return; }
    post(entries).then(function (response) {
      if (response.ok) { say(form.dataset.msgSent); form.reset(); keyField.value = newKey(); return; }
      form.dataset.submitPlain = "1"; form.submit(); /* errors: let the server page show them */
    }, queue);
  });
  var cellButton = form.querySelector("[data-grid-cell]");
  if (cellButton && navigator.geolocation) {
    cellButton.hidden = false;
    cellButton.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        var row = Math.floor((p.coords.latitude + 90) / 0.00225);
        var col = Math.floor((p.coords.longitude + 180) / 0.0034);
        form.querySelector("[name=grid_cell]").value = "G-" + row + "-" + col; /* the point itself is not kept */
      });
    });
  }
  window.addEventListener("online", flush);
  showPending();
  flush();
})();
