// Wagtail admin: starts the widgets whose setup the portal writes into data
// attributes (data-wb-start) instead of inline <script>, so the admin runs
// under a Content-Security-Policy without 'unsafe-inline' (cms/admin_scripts.py).
// Loaded with defer, it runs where the inline scripts ran: after the page is
// parsed, before Wagtail's controllers connect. Forms added later (a new
// inline panel child, a modal) are started when they appear.
(() => {
  const CHOOSER_NAME = /^[A-Z][A-Za-z]*Chooser$/;

  const starters = {
    date: (target, options) => window.initDateChooser(target, options),
    time: (target, options) => window.initTimeChooser(target, options),
    datetime: (target, options) => window.initDateTimeChooser(target, options),
    "inline-panel": (target, options) => new window.InlinePanel(options),
    "multiple-chooser-panel": (target, options) =>
      new window.MultipleChooserPanel(options),
    "task-chooser": (target) => window.createTaskChooser(target),
    chooser: (target, options, element) => {
      // Only the chooser classes Wagtail puts on window, never any global.
      const name = element.dataset.wbConstructor;
      if (!CHOOSER_NAME.test(name) || typeof window[name] !== "function") {
        throw new Error(`unknown chooser ${name}`);
      }
      return new window[name](target, options);
    },
  };

  const start = (element) => {
    const kind = element.dataset.wbStart;
    element.removeAttribute("data-wb-start");
    try {
      const options = JSON.parse(element.dataset.wbOptions || "{}");
      starters[kind](element.dataset.wbTarget, options, element);
    } catch (error) {
      console.error(`Could not start the ${kind} widget`, error);
    }
  };

  const startWithin = (root) => {
    if (root.matches && root.matches("[data-wb-start]")) {
      start(root);
    }
    root.querySelectorAll("[data-wb-start]").forEach(start);
  };

  startWithin(document);
  new MutationObserver((mutations) => {
    mutations.forEach((mutation) => {
      mutation.addedNodes.forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE) {
          startWithin(node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
