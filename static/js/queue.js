// Werkbehoud helpdesk queue: live list of waiting questions, presence by
// heartbeat, and a title counter, sound and browser notification for new ones.
(function () {
  "use strict";

  const root = document.querySelector("[data-queue]");
  if (!root) return;
  const PING_MS = 20000;
  const TEXT = JSON.parse(document.getElementById("chat-texts").textContent);
  const baseTitle = document.title;
  const waitingList = document.getElementById("waiting-list");
  const mineList = document.getElementById("mine-list");
  const waitingCount = document.getElementById("waiting-count");
  const colleagues = document.getElementById("colleagues");
  const connection = document.getElementById("queue-connection");
  const alertsButton = document.getElementById("queue-alerts");
  let known = null;
  let alerts = window.Werkbehoud.alertsOn();
  let shown = "";
  let backoff = 1000;

  function openUrl(id) {
    return root.dataset.openUrl.replace("/0/", `/${id}/`);
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function renderWaiting(items) {
    waitingList.replaceChildren();
    if (!items.length) {
      const empty = document.createElement("div");
      empty.className = "empty-state";
      const p = document.createElement("p");
      p.textContent = TEXT.queueEmpty;
      empty.append(p);
      waitingList.append(empty);
      return;
    }
    const table = document.createElement("table");
    const caption = document.createElement("caption");
    caption.className = "visually-hidden";
    caption.textContent = TEXT.queueCaption;
    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    for (const label of [TEXT.since, TEXT.topic, TEXT.from, TEXT.action]) {
      const th = document.createElement("th");
      th.scope = "col";
      const text = document.createElement("span");
      text.textContent = label;
      if (label === TEXT.action) text.className = "visually-hidden";
      th.append(text);
      headRow.append(th);
    }
    head.append(headRow);
    table.append(caption, head);
    const body = document.createElement("tbody");
    for (const item of items) {
      const row = document.createElement("tr");
      row.append(cell(item.since), cell(item.topic), cell(item.asker));
      const action = document.createElement("td");
      const link = document.createElement("a");
      link.href = openUrl(item.id);
      link.textContent = TEXT.takeOn;
      action.append(link);
      row.append(action);
      body.append(row);
    }
    table.append(body);
    // Scrolls on its own on a phone, as the server-rendered one does.
    const wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", TEXT.queueCaption);
    wrap.append(table);
    waitingList.append(wrap);
  }

  function renderMine(items) {
    mineList.replaceChildren();
    if (!items.length) {
      const p = document.createElement("p");
      p.className = "muted";
      p.textContent = TEXT.noneMine;
      mineList.append(p);
      return;
    }
    const list = document.createElement("ul");
    for (const item of items) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = openUrl(item.id);
      link.textContent = `${item.asker} – ${item.topic}`;
      li.append(link);
      list.append(li);
    }
    mineList.append(list);
  }

  function announce(fresh) {
    if (!alerts || !fresh.length) return;
    window.Werkbehoud.beep();
    window.Werkbehoud.notify(
      TEXT.newQuestion,
      fresh.length === 1
        ? TEXT.about.replace("%(topic)s", fresh[0].topic)
        : TEXT.newQuestions.replace("%(count)s", fresh.length),
    );
  }

  function update(frame) {
    const ids = new Set(frame.waiting.map((item) => item.id));
    if (known) announce(frame.waiting.filter((item) => !known.has(item.id)));
    known = ids;
    waitingCount.textContent = frame.waiting.length;
    document.title = frame.waiting.length ? `(${frame.waiting.length}) ${baseTitle}` : baseTitle;
    // Heartbeats repeat the same queue: redraw only what changed, and keep
    // the keyboard where it was.
    const drawn = JSON.stringify([frame.waiting, frame.mine]);
    if (drawn !== shown) {
      shown = drawn;
      const focused = document.activeElement && document.activeElement.getAttribute("href");
      renderWaiting(frame.waiting);
      renderMine(frame.mine);
      if (focused) {
        const again = root.querySelector(`a[href="${CSS.escape(focused)}"]`);
        if (again) again.focus();
      }
    }
    colleagues.textContent = frame.colleagues.length ? frame.colleagues.join(", ") : TEXT.nobodyElse;
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}${root.dataset.socket}`);
    let pinger = null;
    socket.addEventListener("open", () => {
      backoff = 1000;
      connection.textContent = "";
      connection.classList.remove("problem");
      pinger = window.setInterval(() => socket.send(JSON.stringify({ type: "ping" })), PING_MS);
    });
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "queue") update(frame);
    });
    socket.addEventListener("close", (event) => {
      window.clearInterval(pinger);
      if (event.code === 4401 || event.code === 4403 || event.code === 4404) {
        connection.textContent = event.code === 4401 ? TEXT.loggedOut : TEXT.queueForbidden;
        connection.classList.add("problem");
        return;
      }
      connection.textContent = TEXT.queueLost;
      connection.classList.add("problem");
      window.setTimeout(connect, window.Werkbehoud.jitter(backoff));
      backoff = Math.min(backoff * 2, 30000);
    });
  }

  function showAlertsState() {
    alertsButton.textContent = alerts ? TEXT.alertsOff : TEXT.alertsOn;
    alertsButton.setAttribute("aria-pressed", alerts ? "true" : "false");
  }

  alertsButton.addEventListener("click", () => {
    alerts = !alerts;
    window.Werkbehoud.setAlerts(alerts);
    if (alerts && "Notification" in window && Notification.permission === "default") {
      Notification.requestPermission();
    }
    if (alerts) window.Werkbehoud.beep();
    showAlertsState();
  });
  showAlertsState();
  connect();
})();
