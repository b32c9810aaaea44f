// A ticket just issued at the kiosk: print it, then give the screen back to the next citizen.
(function () {
  "use strict";
  var back = document.currentScript.dataset.back;
  window.addEventListener("load", function () {
    window.print();
    window.setTimeout(function () { window.location.assign(back); }, 8000);
  });
})();
