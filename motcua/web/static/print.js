// Buttons marked data-print print the page. Pages carry no inline handlers (onclick=...): the
// Content-Security-Policy runs scripts from this site's files only.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
