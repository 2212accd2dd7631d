// Site-wide: on logout, forget chat messages that were typed but not yet
// sent, so the next person at a shared computer cannot find them.
document.querySelectorAll("form[data-logout]").forEach((form) => {
  form.addEventListener("submit", () => {
    try {
      Object.keys(window.localStorage)
        .filter((key) => key.startsWith("werkbehoud-chat-"))
        .forEach((key) => window.localStorage.removeItem(key));
    } catch (error) {
      // Storage blocked: nothing was kept either.
    }
  });
});

// Print buttons: a data attribute instead of an inline onclick, which the
// Content-Security-Policy would block.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
