// Werkbehoud live chat: no message lost, none shown twice (see chat/PROTOCOL.md).
//
// The page renders the history; this script keeps, per stream, the highest
// contiguous sequence number it has shown. Anything after a gap waits in a
// buffer until a resume fills the gap. Sent messages stay in an outbox in
// localStorage until the server acknowledges them, so a reload or a lost
// network never loses what someone typed.
(function () {
  "use strict";

  const PING_MS = 20000;
  const MAX_BACKOFF_MS = 30000;
  const TYPING_IDLE_MS = 3000;
  const RETRY_CODES = new Set(["rate_limited", "server_error"]);
  // Translated texts come from the page (chat/texts.py).
  const textsElement = document.getElementById("chat-texts");
  const TEXT = textsElement ? JSON.parse(textsElement.textContent) : {};

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  class ChatConnection {
    constructor({ path, streams, storageKey, on }) {
      this.path = path;
      this.streams = streams;
      this.on = on;
      this.storageKey = storageKey;
      this.last = Object.fromEntries(streams.map((s) => [s, 0]));
      this.buffer = Object.fromEntries(streams.map((s) => [s, new Map()]));
      this.outbox = this.loadOutbox();
      this.backoff = 1000;
      this.resumeAsked = 0;
    }

    seen(stream, seq) {
      if (seq > this.last[stream]) this.last[stream] = seq;
    }

    connect() {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      const socket = new WebSocket(`${scheme}://${window.location.host}${this.path}`);
      this.socket = socket;
      this.on.state("connecting");
      socket.addEventListener("open", () => {
        this.backoff = 1000;
        this.on.state("open");
        this.send({ type: "hello", after: { ...this.last } });
        for (const item of this.outbox.values()) this.send({ type: "send", ...item });
        this.pinger = window.setInterval(() => this.send({ type: "ping" }), PING_MS);
      });
      socket.addEventListener("message", (event) => {
        let frame;
        try {
          frame = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        this.receive(frame);
      });
      socket.addEventListener("close", (event) => {
        window.clearInterval(this.pinger);
        if (this.socket !== socket) return;
        this.socket = null;
        if (event.code === 4401) {
          this.on.state("loggedOut");
          return;
        }
        if (event.code === 4403 || event.code === 4404) {
          this.on.state("forbidden");
          return;
        }
        this.on.state("reconnecting");
        window.setTimeout(() => this.connect(), window.Werkbehoud.jitter(this.backoff));
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      });
    }

    send(frame) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify(frame));
      }
    }

    receive(frame) {
      switch (frame.type) {
        case "message":
          this.accept(frame);
          break;
        case "ack":
          this.outbox.delete(frame.client_id);
          this.saveOutbox();
          this.on.acked(frame);
          if (frame.warning) this.on.error(frame.warning);
          break;
        case "pong":
        case "synced":
          if (this.streams.some((s) => (frame.latest[s] || 0) > this.last[s])) this.resume(true);
          break;
        case "status":
          this.on.status(frame);
          break;
        case "typing":
          this.on.typing(frame);
          break;
        case "error":
          this.failed(frame);
          break;
        default:
          break;
      }
    }

    accept(frame) {
      const stream = frame.stream;
      if (!(stream in this.last) || frame.seq <= this.last[stream]) return;
      if (frame.seq !== this.last[stream] + 1) {
        this.buffer[stream].set(frame.seq, frame);
        this.resume();
        return;
      }
      let next = frame;
      while (next) {
        this.buffer[stream].delete(next.seq);
        this.last[stream] = next.seq;
        this.outbox.delete(next.client_id);
        this.on.message(next);
        next = this.buffer[stream].get(this.last[stream] + 1);
      }
      this.saveOutbox();
    }

    resume(force) {
      const now = Date.now();
      if (!force && now - this.resumeAsked < 1000) return;
      this.resumeAsked = now;
      this.send({ type: "resume", after: { ...this.last } });
    }

    post(body, stream) {
      const item = { client_id: newId(), body, stream };
      this.outbox.set(item.client_id, item);
      this.saveOutbox();
      this.send({ type: "send", ...item });
      return item;
    }

    failed(frame) {
      const item = frame.client_id && this.outbox.get(frame.client_id);
      if (item && RETRY_CODES.has(frame.code)) {
        window.setTimeout(() => this.send({ type: "send", ...item }), 10000);
      } else if (item) {
        this.outbox.delete(frame.client_id);
        this.saveOutbox();
        this.on.rejected(item);
      }
      this.on.error(frame.message);
    }

    typing(active) {
      this.send({ type: "typing", active });
    }

    loadOutbox() {
      try {
        const items = JSON.parse(window.localStorage.getItem(this.storageKey) || "[]");
        return new Map(items.map((item) => [item.client_id, item]));
      } catch (error) {
        return new Map();
      }
    }

    saveOutbox() {
      try {
        window.localStorage.setItem(this.storageKey, JSON.stringify([...this.outbox.values()]));
      } catch (error) {
        // Storage full or blocked: the outbox still lives for this page.
      }
    }
  }

  function time(iso) {
    return iso ? iso.slice(11, 16) : "";
  }

  function renderMessage(frame) {
    const item = document.createElement("li");
    item.className = `chat-message from-${frame.author.role}` + (frame.kind === "note" ? " note" : "");
    item.dataset.stream = frame.stream;
    item.dataset.seq = frame.seq;
    if (frame.author.role !== "system") {
      const meta = document.createElement("p");
      meta.className = "chat-meta";
      const author = document.createElement("span");
      author.className = "chat-author";
      author.textContent = frame.author.name;
      meta.append(author);
      if (frame.kind === "note") {
        const badge = document.createElement("span");
        badge.className = "badge muted";
        badge.textContent = TEXT.note;
        meta.append(" ", badge);
      }
      const stamp = document.createElement("time");
      stamp.dateTime = frame.created_at;
      stamp.textContent = time(frame.created_at);
      meta.append(" ", stamp);
      item.append(meta);
    }
    const body = document.createElement("p");
    body.className = "chat-body";
    body.textContent = frame.body;
    item.append(body);
    return item;
  }

  function start(root) {
    const role = root.dataset.role;
    const log = root.querySelector("#chat-log");
    const statusLine = document.getElementById("chat-status");
    const connection = document.getElementById("chat-connection");
    const typingLine = document.getElementById("chat-typing");
    const form = root.querySelector("#chat-composer");
    const input = root.querySelector("#chat-input");
    const note = root.querySelector("#chat-note");
    const errorLine = root.querySelector("#chat-error");
    const pending = new Map();
    const baseTitle = document.title;
    let unread = 0;
    let typingTimer = null;
    let typingShown = null;

    // The helpdesk hears of an asker's reply while looking elsewhere.
    function alertOfReply() {
      if (role !== "agent" || (!document.hidden && document.hasFocus())) return;
      unread += 1;
      document.title = `(${unread}) ${baseTitle}`;
      if (window.Werkbehoud.alertsOn()) {
        window.Werkbehoud.beep();
        window.Werkbehoud.notify(TEXT.newReply, "");
      }
    }
    function readAll() {
      unread = 0;
      document.title = baseTitle;
    }
    window.addEventListener("focus", readAll);
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) readAll();
    });

    function showError(text) {
      if (!errorLine) return;
      errorLine.textContent = text || "";
      errorLine.hidden = !text;
    }

    function showPending(item) {
      const li = renderMessage({
        stream: item.stream, seq: 0, kind: item.stream === "staff" ? "note" : "text",
        author: { role, name: "" }, body: item.body, created_at: "",
      });
      li.classList.add("pending");
      li.querySelector(".chat-meta").textContent = TEXT.sending;
      log.append(li);
      pending.set(item.client_id, li);
    }

    const chat = new ChatConnection({
      path: root.dataset.socket,
      streams: role === "agent" ? ["public", "staff"] : ["public"],
      storageKey: root.dataset.storage,
      on: {
        message(frame) {
          const waiting = pending.get(frame.client_id);
          if (waiting) {
            waiting.remove();
            pending.delete(frame.client_id);
          }
          log.append(renderMessage(frame));
          log.lastElementChild.scrollIntoView({ block: "nearest" });
          if (frame.author.role === "asker") alertOfReply();
        },
        status(frame) {
          if (statusLine) statusLine.textContent = frame.text;
          if (frame.status === "closed" || frame.status === "deleted") {
            if (form) form.hidden = true;
          }
        },
        typing(frame) {
          typingLine.textContent = frame.active
            ? (frame.role === "agent" ? TEXT.typingAgent : TEXT.typingAsker) : "";
          window.clearTimeout(typingShown);
          typingShown = window.setTimeout(() => { typingLine.textContent = ""; }, 6000);
        },
        state(state) {
          connection.textContent = TEXT[state] || "";
          connection.classList.toggle(
            "problem", ["reconnecting", "forbidden", "loggedOut"].includes(state),
          );
        },
        error: showError,
        acked(frame) {
          // A resend of a message that was already stored: its line is in
          // the log, so the "sending" line goes.
          if (frame.duplicate && pending.has(frame.client_id)) {
            pending.get(frame.client_id).remove();
            pending.delete(frame.client_id);
          }
        },
        rejected(item) {
          const waiting = pending.get(item.client_id);
          if (waiting) waiting.remove();
          pending.delete(item.client_id);
          if (input && !input.value) input.value = item.body;
        },
      },
    });

    log.querySelectorAll("li[data-seq]").forEach((li) => {
      chat.seen(li.dataset.stream, Number(li.dataset.seq));
      if (li.dataset.clientId) chat.outbox.delete(li.dataset.clientId);
    });
    chat.saveOutbox();
    for (const item of chat.outbox.values()) showPending(item);
    chat.connect();

    if (!form) return;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body) {
        showError(TEXT.empty);
        input.focus();
        return;
      }
      showError("");
      const item = chat.post(body, note && note.checked ? "staff" : "public");
      showPending(item);
      input.value = "";
      chat.typing(false);
      input.focus();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    input.addEventListener("input", () => {
      if (!typingTimer) chat.typing(true);
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => {
        chat.typing(false);
        typingTimer = null;
      }, TYPING_IDLE_MS);
    });
    document.querySelectorAll("[data-canned]").forEach((button) => {
      button.addEventListener("click", () => {
        const text = button.dataset.canned;
        input.value = input.value ? `${input.value}\n${text}` : text;
        input.focus();
      });
    });
  }

  document.querySelectorAll("[data-chat]").forEach(start);
  window.WerkbehoudChat = { ChatConnection };
})();
