// The door on a phone: scan a ticket's QR code with the camera (the
// browser's BarcodeDetector where there is one, else the jsQR decoder served
// from /static/vendor when installed) and submit its code; keep the counter
// live while several staff phones check people in. The page works without it.
(() => {
  const form = document.querySelector("form[data-door-form]");
  const scanner = document.querySelector("[data-scanner]");
  const counter = document.querySelector("[data-event-api]");
  const code = document.getElementById("code");
  // The door's only job is the code; a bingo board keeps its place on load.
  if (code && !code.value && form && !form.hasAttribute("data-no-autofocus")) code.focus();

  const submitCode = (text) => {
    if (!form || !code) return;
    code.value = text.trim();
    form.requestSubmit();
  };

  async function decoder() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async (video) => {
            const found = await detector.detect(video);
            return found.length ? found[0].rawValue : null;
          };
        }
      } catch (_) { /* fall through to jsQR */ }
    }
    if (typeof window.jsQR === "function") {
      const canvas = document.createElement("canvas");
      const context = canvas.getContext("2d", { willReadFrequently: true });
      return async (video) => {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        if (!canvas.width) return null;
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = window.jsQR(image.data, image.width, image.height);
        return found ? found.data : null;
      };
    }
    return null;
  }

  if (scanner && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    scanner.hidden = false;
    const start = scanner.querySelector("[data-scan-start]");
    const video = scanner.querySelector("[data-scan-video]");
    const unsupported = scanner.querySelector("[data-scan-unsupported]");
    start.addEventListener("click", async () => {
      const detect = await decoder();
      if (!detect) {
        unsupported.hidden = false;
        return;
      }
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const tick = async () => {
        const text = await detect(video).catch(() => null);
        if (text) {
          stream.getTracks().forEach((track) => track.stop());
          submitCode(text);
          return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  }

  // The counter follows the other phones' check-ins every few seconds.
  if (counter) {
    const refresh = async () => {
      try {
        const response = await fetch(counter.dataset.eventApi, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const { event } = await response.json();
        const values = {
          confirmed: event.confirmed,
          checked_in: event.checked_in,
          no_shows: Math.max(0, event.confirmed - event.checked_in),
        };
        for (const [name, value] of Object.entries(values)) {
          const cell = counter.querySelector(`[data-count="${name}"]`);
          if (cell) cell.textContent = String(value);
        }
      } catch (_) { /* offline for a moment: try again later */ }
    };
    setInterval(refresh, 4000);
  }
})();
