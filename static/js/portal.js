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

// Trainings, for readers who are not logged in: how far they got is kept in
// this browser only (localStorage), never sent to the server. Logged-in
// readers' progress is kept by the server and this code leaves them alone.
(() => {
  const PREFIX = "werkbehoud-training-";
  const read = (id) => {
    try {
      return JSON.parse(window.localStorage.getItem(PREFIX + id)) || { done: [] };
    } catch (error) {
      return { done: [] };
    }
  };
  const write = (id, progress) => {
    try {
      window.localStorage.setItem(PREFIX + id, JSON.stringify(progress));
    } catch (error) {
      // Storage blocked: progress lasts for this page only.
    }
  };
  const fill = (element, count) => {
    element.textContent = element.dataset.label.replace("__N__", String(count));
    element.hidden = false;
  };

  // A step page: remember it was read; "next" marks it done.
  const step = document.querySelector(".training-step[data-step]");
  if (step && step.querySelector("a[data-next]")) {
    const id = step.dataset.training;
    const progress = read(id);
    progress.last = Number(step.dataset.number);
    write(id, progress);
    step.querySelector("a[data-next]").addEventListener("click", () => {
      const now = read(id);
      if (!now.done.includes(step.dataset.step)) now.done.push(step.dataset.step);
      write(id, now);
    });
  }

  // A training's overview: offer to go on, mark steps done, offer a reset.
  const overview = document.querySelector("article.training[data-url]:not(.training-step)");
  const resume = overview && overview.querySelector("a[data-resume]");
  if (overview && resume) {
    const id = overview.dataset.training;
    const progress = read(id);
    const items = [...overview.querySelectorAll("li[data-step]")];
    items.forEach((item) => {
      if (progress.done.includes(item.dataset.step)) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = overview.dataset.doneLabel;
        item.append(" ", badge);
      }
    });
    const firstOpen = items.findIndex((item) => !progress.done.includes(item.dataset.step));
    const number = firstOpen === -1 ? progress.last : firstOpen + 1;
    if (progress.done.length || progress.last) {
      resume.href = `${overview.dataset.url}stap/${number || 1}/`;
      fill(resume, number || 1);
      const reset = overview.querySelector("[data-local-reset]");
      if (reset) {
        reset.hidden = false;
        reset.addEventListener("click", () => {
          try {
            window.localStorage.removeItem(PREFIX + id);
          } catch (error) {
            // Nothing was kept.
          }
          window.location.reload();
        });
      }
    }
  }

  // The list of trainings: how far this browser got in each.
  document.querySelectorAll(".training-card [data-local-progress]").forEach((element) => {
    const card = element.closest(".training-card");
    const done = read(card.dataset.training).done.length;
    if (done) fill(element, `${done}/${card.dataset.steps}`);
  });
})();
