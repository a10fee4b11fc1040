// A little plain JavaScript where it helps; every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  // The phone menu: the button (shown by moim.css on narrow screens, only when
  // scripts run) opens the navigation under the bar; Escape closes it again.
  const header = document.querySelector("header.site");
  const toggle = header && header.querySelector(".menu-toggle");
  if (toggle) {
    const setOpen = (open) => {
      header.classList.toggle("menu-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
    header.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
      setOpen(false);
      toggle.focus();
    });
  }
  // The language picker applies on change; its button stays for keyboards and no-JS.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // A search box inside a bigger form (the co-builder picker): Enter
  // searches instead of submitting the whole form.
  for (const input of document.querySelectorAll("input[data-enter-clicks]")) {
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const button = document.getElementById(input.dataset.enterClicks);
      if (!button) return;
      event.preventDefault();
      button.click();
    });
  }
  // Forms that undo something ask first.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // A chosen CSV file fills the text box it names; only UTF-8 is accepted.
  for (const input of document.querySelectorAll("input[type=file][data-fills]")) {
    input.addEventListener("change", async () => {
      const target = document.getElementById(input.dataset.fills);
      const file = input.files[0];
      input.setCustomValidity("");
      if (!target || !file) return;
      try {
        target.value = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
      } catch {
        input.setCustomValidity(input.dataset.notUtf8);
        input.reportValidity();
      }
    });
  }
  // A chosen image fills the hidden field it names as base64 (certificate
  // logos, event covers, sponsor logos); the server decodes and checks it
  // again, the size check here only saves a round trip.
  for (const input of document.querySelectorAll("input[type=file][data-fills-base64]")) {
    input.addEventListener("change", async () => {
      const target = document.getElementById(input.dataset.fillsBase64);
      const file = input.files[0];
      input.setCustomValidity("");
      if (!target) return;
      target.value = "";
      if (!file) return;
      if (file.size > Number(input.dataset.maxBytes || Infinity)) {
        input.setCustomValidity(input.dataset.tooLarge || "too large");
        input.reportValidity();
        return;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      for (let at = 0; at < bytes.length; at += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
      target.value = btoa(binary);
    });
  }
});
