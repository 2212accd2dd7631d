// Read aloud: the browser's own speech (Web Speech API) reads the page's
// main content one sentence at a time and highlights the sentence it reads.
// Only voices on this device are used, so no text or audio leaves the
// browser. Without such a voice the buttons stay hidden.
(() => {
  const toolbar = document.querySelector("[data-read-aloud]");
  if (!toolbar) return;
  const speech = window.speechSynthesis;
  if (!speech || typeof window.SpeechSynthesisUtterance !== "function") return;

  const content = document.querySelector(toolbar.dataset.readAloud || "#main");
  const play = toolbar.querySelector("[data-read-aloud-play]");
  const pause = toolbar.querySelector("[data-read-aloud-pause]");
  const stop = toolbar.querySelector("[data-read-aloud-stop]");
  const status = toolbar.querySelector("[data-read-aloud-status]");
  const BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, blockquote, figcaption, th, td, summary";
  const SKIP = "[data-read-aloud], nav, form, script, style, .no-print, [hidden], [aria-hidden='true']";
  const REGIONS = { nl: "nl-NL", en: "en-GB" };
  // Every voice used is one on this device: no text leaves the browser.
  const highlights = window.CSS && CSS.highlights && typeof window.Highlight === "function";

  let sentences = [];
  let current = -1;
  let state = "stopped"; // stopped | speaking | paused
  let marked = null;

  function localVoice(language) {
    const voices = speech.getVoices().filter((voice) => voice.localService);
    return (
      voices.find((voice) => voice.lang.toLowerCase().startsWith(language)) || null
    );
  }

  function languageOf(node) {
    const element = node.nodeType === 1 ? node : node.parentElement;
    const tagged = element && element.closest("[lang]");
    return ((tagged && tagged.lang) || document.documentElement.lang || "nl")
      .slice(0, 2)
      .toLowerCase();
  }

  // Blocks of text to read, innermost only, in document order.
  function blocks() {
    return Array.from(content.querySelectorAll(BLOCKS)).filter(
      (block) =>
        !block.closest(SKIP) &&
        !block.querySelector(BLOCKS) &&
        block.textContent.trim() !== "" &&
        block.offsetParent !== null
    );
  }

  // One block's sentences as DOM ranges, so a sentence can be highlighted
  // across links and bold text without changing the page.
  function sentencesOf(block) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node, start: text.length });
      text += node.data;
    }
    const found = [];
    const pattern = /[^.!?]+(?:[.!?]+["'”’)]*|$)/g;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match[0] === "") break;
      const spoken = match[0].trim();
      if (!spoken) continue;
      const start = match.index + match[0].indexOf(spoken.charAt(0));
      const end = start + spoken.length;
      found.push({ text: spoken, range: rangeOf(nodes, start, end), block });
    }
    return found;
  }

  function rangeOf(nodes, start, end) {
    const range = document.createRange();
    const at = (offset) => {
      for (let i = nodes.length - 1; i >= 0; i -= 1) {
        if (nodes[i].start <= offset) return [nodes[i].node, offset - nodes[i].start];
      }
      return [nodes[0].node, 0];
    };
    range.setStart(...at(start));
    range.setEnd(...at(end));
    return range;
  }

  function mark(sentence) {
    unmark();
    if (highlights) {
      CSS.highlights.set("read-aloud", new Highlight(sentence.range));
    } else {
      sentence.block.classList.add("read-aloud-current");
    }
    marked = sentence;
    const rect = sentence.range.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight) {
      sentence.block.scrollIntoView({ block: "center" });
    }
  }

  function unmark() {
    if (highlights) CSS.highlights.delete("read-aloud");
    if (marked) marked.block.classList.remove("read-aloud-current");
    marked = null;
  }

  function say(index) {
    current = index;
    if (index >= sentences.length) {
      finish();
      return;
    }
    const sentence = sentences[index];
    const language = languageOf(sentence.range.startContainer);
    const utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = REGIONS[language] || language;
    // A voice on this device only: the content's own language, else the
    // page's (a Dutch word in an English text is read by the English voice).
    utterance.voice = localVoice(language) || localVoice(languageOf(content));
    utterance.onend = () => {
      if (state === "speaking" && current === index) say(index + 1);
    };
    utterance.onerror = () => {
      if (current === index) finish();
    };
    mark(sentence);
    speech.speak(utterance);
  }

  function show(next) {
    state = next;
    toolbar.dataset.state = next;
    play.hidden = next !== "stopped";
    pause.hidden = next === "stopped";
    stop.hidden = next === "stopped";
    pause.textContent = next === "paused" ? pause.dataset.labelResume : pause.dataset.labelPause;
    pause.setAttribute("aria-pressed", next === "paused" ? "true" : "false");
  }

  function start() {
    speech.cancel();
    sentences = blocks().flatMap(sentencesOf);
    if (!sentences.length) return;
    show("speaking");
    status.textContent = status.dataset.started;
    pause.focus();
    say(0);
  }

  function finish() {
    speech.cancel();
    unmark();
    current = -1;
    const hadFocus = toolbar.contains(document.activeElement);
    show("stopped");
    status.textContent = status.dataset.stopped;
    if (hadFocus) play.focus();
  }

  play.addEventListener("click", start);
  pause.addEventListener("click", () => {
    if (state === "speaking") {
      speech.pause();
      show("paused");
    } else if (state === "paused") {
      speech.resume();
      show("speaking");
    }
  });
  stop.addEventListener("click", finish);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state !== "stopped") finish();
  });
  window.addEventListener("pagehide", () => speech.cancel());

  // Voices may arrive after the page: show the buttons once a voice on
  // this device speaks the language of the content.
  function offer() {
    if (localVoice(languageOf(content))) {
      toolbar.hidden = false;
      show(state);
    }
  }
  offer();
  if (toolbar.hidden && typeof speech.addEventListener === "function") {
    speech.addEventListener("voiceschanged", offer);
  }
})();
