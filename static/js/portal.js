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

// Shared by the chat and the helpdesk queue: alerts the helpdesk switched on
// (sound, browser notification), and reconnect delays with jitter, so a
// restart does not bring every browser back at the same moment.
window.Werkbehoud = {
  ALERTS_KEY: "werkbehoud-queue-alerts",

  alertsOn() {
    try {
      return window.localStorage.getItem(this.ALERTS_KEY) === "on";
    } catch (error) {
      return false;
    }
  },

  setAlerts(on) {
    try {
      window.localStorage.setItem(this.ALERTS_KEY, on ? "on" : "off");
    } catch (error) {
      // Storage blocked: the choice lasts for this page.
    }
  },

  beep() {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 660;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    } catch (error) {
      // No sound available: the title counter still shows it.
    }
  },

  notify(title, body) {
    if ("Notification" in window && Notification.permission === "granted" && document.hidden) {
      new Notification(title, { body });
    }
  },

  // Half to one and a half times the delay: reconnects spread out.
  jitter(ms) {
    return Math.round(ms * (0.5 + Math.random()));
  },
};
