// The waiting room's screen: polls the unit's small JSON endpoint and shows who is called to which counter.
// With the loudspeaker switched on (a click is needed: browsers allow speech only after one), each new call
// is read out in Vietnamese when the device has a Vietnamese voice.
(function () {
  "use strict";
  var script = document.currentScript;
  var source = script.dataset.source, every = Number(script.dataset.every || 3) * 1000;
  var invite = script.dataset.invite, toCounter = script.dataset.toCounter;
  var speak = false, lastKey = null;

  function text(id, value) { document.getElementById(id).textContent = value; }

  function cell(row, value) { var td = document.createElement("td"); td.textContent = value; row.appendChild(td); }

  function announce(call) {
    if (!speak || !window.speechSynthesis) { return; }
    var words = invite + " " + call.number.replace("-", " ") + " " + toCounter + " " + call.counter;
    var utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = document.documentElement.lang === "en" ? "en-US" : "vi-VN";
    window.speechSynthesis.speak(utterance);
  }

  function render(data) {
    var latest = data.calls[0];
    text("latest-number", latest ? latest.number : "—");
    text("latest-counter", latest ? latest.counter : "—");
    var key = latest ? latest.number + "@" + latest.at : null;
    if (key !== lastKey) {
      if (lastKey !== null && latest) {
        document.body.classList.remove("flash");
        void document.body.offsetWidth;  // restart the highlight
        document.body.classList.add("flash");
        announce(latest);
      }
      lastKey = key;
    }
    var body = document.getElementById("calls");
    body.replaceChildren();
    data.calls.slice(1).forEach(function (call) {
      var row = document.createElement("tr");
      cell(row, call.number); cell(row, call.counter); cell(row, call.group);
      body.appendChild(row);
    });
    document.querySelectorAll("#waiting [data-letter]").forEach(function (span) {
      span.textContent = data.waiting[span.dataset.letter] || 0;
    });
    document.body.classList.remove("offline");
  }

  function poll() {
    fetch(source, {cache: "no-store"})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(render)
      .catch(function () { document.body.classList.add("offline"); })
      .finally(function () { window.setTimeout(poll, every); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("sound");
    button.addEventListener("click", function () { speak = !speak; button.classList.toggle("on", speak); });
    poll();
  });
})();
